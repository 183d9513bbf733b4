"use client";

import { AlertCircle, FileText, Loader2, RefreshCw } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { MarkdownPreview } from "./markdown-preview";

export function SpecLoading() {
  return (
    <div className="grid gap-4" data-testid="spec-loading" aria-busy="true">
      <Skeleton className="h-12 w-full" />
      <div className="grid gap-4 lg:grid-cols-2">
        <Skeleton className="h-96" />
        <Skeleton className="h-96" />
      </div>
    </div>
  );
}

export function SpecEmpty({ failed, pending, onDraft }: { failed: boolean; pending: boolean; onDraft: () => void }) {
  return (
    <Card data-testid="spec-empty">
      <CardContent className="grid justify-items-center gap-3 py-12 text-center">
        <div className="bg-muted rounded-full p-3">
          {failed ? <AlertCircle className="text-destructive size-6" aria-hidden="true" /> : <FileText className="text-muted-foreground size-6" aria-hidden="true" />}
        </div>
        <h2 className="text-lg font-semibold">{failed ? "Drafting the specification failed" : "The specification hasn't been drafted yet"}</h2>
        <p className="text-muted-foreground max-w-md text-sm">
          {failed
            ? "Something went wrong while writing the draft. Try again; your project description is unchanged."
            : "We write a first draft from your description: the purpose, user stories and acceptance criteria, and the Module Blueprint behind them. You review and edit it before anything is built."}
        </p>
        <Button onClick={onDraft} loading={pending} data-testid="spec-draft-it">
          {failed ? <RefreshCw /> : null}
          {failed ? "Try again" : "Draft it"}
        </Button>
      </CardContent>
    </Card>
  );
}

export function SpecDrafting() {
  return (
    <Card data-testid="spec-generating" aria-live="polite" aria-busy="true">
      <CardContent className="grid justify-items-center gap-3 py-12 text-center">
        <Loader2 className="text-primary size-8 animate-spin" aria-hidden="true" />
        <h2 className="text-lg font-semibold">Writing the specification…</h2>
        <p className="text-muted-foreground max-w-md text-sm">
          The draft usually takes under a minute. This page updates by itself when it is ready; you can leave and come back.
        </p>
      </CardContent>
    </Card>
  );
}

/**
 * The draft as the AI writes it (text from the live stream), rendered like the preview, with a
 * "Writing…" indicator; the page swaps in the editor once the version is saved.
 */
export function SpecStreaming({ text, done, truncated }: { text: string; done: boolean; truncated: boolean }) {
  return (
    <Card data-testid="spec-streaming" aria-busy="true">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Loader2 className="text-primary size-5 animate-spin" aria-hidden="true" />
          <span role="status" data-testid="spec-streaming-status">
            {done ? "Checking the draft…" : "Writing…"}
          </span>
        </CardTitle>
        <CardDescription>
          {done
            ? "The text is written; the blueprint behind it is being checked. The editor opens in a moment."
            : "The specification appears here as it is written. The editor opens when it is done; you can leave and come back."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <MarkdownPreview markdown={text} className="max-w-none" />
        {truncated ? <p className="text-muted-foreground mt-4 text-xs">The rest appears in the editor when the draft is done.</p> : null}
        {done ? null : <span className="bg-primary ml-0.5 inline-block h-4 w-1.5 animate-pulse align-middle" aria-hidden="true" data-testid="spec-streaming-caret" />}
      </CardContent>
    </Card>
  );
}

export function SpecLoadError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <Alert variant="destructive" data-testid="spec-error">
      <AlertCircle />
      <AlertTitle>The specification could not be loaded</AlertTitle>
      <AlertDescription>
        <p>{message}</p>
        <Button variant="outline" size="sm" onClick={onRetry} className="mt-2" data-testid="spec-retry">
          <RefreshCw /> Try again
        </Button>
      </AlertDescription>
    </Alert>
  );
}
