"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Clock, ExternalLink, FlaskConical, Square } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { toast } from "@/hooks/use-toast";
import { useTRPC } from "@/lib/trpc/client";
import { messageOf } from "@/lib/trpc/errors";
import { Countdown } from "./countdown";

type Verdict = {
  installed?: boolean;
  testsRun?: number;
  testsFailed?: number;
  failures?: { test: string; message: string; file?: string; line?: number }[];
  errors?: { kind: string; message: string; file?: string; line?: number }[];
  durationMs?: number;
};

export function SandboxPanel({ projectId, latestVersion, latestHasErrors }: { projectId: string; latestVersion: number; latestHasErrors: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery({
    ...trpc.sandbox.status.queryOptions({ projectId }),
    refetchInterval: (query) => (query.state.data?.status === "serving" ? 30_000 : false),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.sandbox.status.queryKey({ projectId }) });
  const onError = (title: string) => (error: unknown) => toast({ title, description: messageOf(error), variant: "destructive" });
  const start = useMutation(trpc.sandbox.start.mutationOptions({ onSettled: refresh, onError: onError("Could not start the sandbox") }));
  const extend = useMutation(trpc.sandbox.extend.mutationOptions({ onSuccess: refresh, onError: onError("Could not extend the preview") }));
  const stop = useMutation(trpc.sandbox.stop.mutationOptions({ onSuccess: refresh, onError: onError("Could not stop the preview") }));

  const sandbox = status.data;
  const verdict = (sandbox?.verdict ?? null) as Verdict | null;
  const serving = sandbox?.status === "serving";

  return (
    <Card data-testid="sandbox-panel">
      <CardHeader>
        <CardTitle>Test in real Odoo</CardTitle>
        <CardDescription>
          Installs the latest version with its tests in a fresh Odoo {sandbox?.odooVersion ?? ""} and keeps it up for you to try.
        </CardDescription>
        <CardAction>
          <Button
            onClick={() => start.mutate({ projectId })}
            loading={start.isPending}
            disabled={latestHasErrors || start.isPending}
            data-testid="start-sandbox"
          >
            <FlaskConical /> {serving ? "Restart" : "Test"} version {latestVersion}
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent className="grid gap-4">
        {latestHasErrors ? (
          <p className="text-muted-foreground text-sm">Version {latestVersion} has validation errors; fix them first.</p>
        ) : null}
        {start.isPending ? (
          <div className="grid gap-2" data-testid="sandbox-progress">
            <p className="text-sm">Creating the sandbox, installing the module and running its tests…</p>
            <Progress />
            <p className="text-muted-foreground text-xs">Usually 10–40 seconds; the first run of an Odoo version takes longer.</p>
          </div>
        ) : null}

        {verdict && sandbox ? (
          <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="sandbox-verdict">
            {verdict.installed ? <Badge variant="success">installed</Badge> : <Badge variant="destructive">not installed</Badge>}
            <span>
              {(verdict.testsRun ?? 0) - (verdict.testsFailed ?? 0)}/{verdict.testsRun ?? 0} tests passed
            </span>
            {verdict.durationMs ? <span className="text-muted-foreground">in {(verdict.durationMs / 1000).toFixed(1)} s</span> : null}
          </div>
        ) : null}
        {verdict?.failures?.length || verdict?.errors?.length ? (
          <ul className="grid gap-2 text-sm" data-testid="sandbox-failures">
            {[...(verdict.errors ?? []).map((e) => ({ title: e.kind, ...e })), ...(verdict.failures ?? []).map((f) => ({ title: f.test, ...f }))].map((item, index) => (
              <li key={index} className="bg-muted rounded-md p-3">
                <p className="font-medium">
                  {item.title}
                  {item.file ? <span className="text-muted-foreground font-mono text-xs"> — {item.file}{item.line ? `:${item.line}` : ""}</span> : null}
                </p>
                <pre className="mt-1 overflow-x-auto font-mono text-xs whitespace-pre-wrap">{item.message}</pre>
              </li>
            ))}
          </ul>
        ) : null}
        {sandbox?.status === "failed" && sandbox.lastError && !verdict?.errors?.length ? (
          <Alert variant="destructive" data-testid="sandbox-error">
            <AlertTitle>The sandbox could not run</AlertTitle>
            <AlertDescription>{sandbox.lastError}</AlertDescription>
          </Alert>
        ) : null}

        {serving && sandbox ? (
          <div className="grid gap-3" data-testid="preview">
            <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
              <div className="flex flex-wrap items-center gap-4">
                <span className="flex items-center gap-1.5">
                  <Clock className="size-4" aria-hidden="true" /> <Countdown until={sandbox.expiresAt} onExpired={refresh} />
                </span>
                {sandbox.credentials ? (
                  <span data-testid="preview-credentials">
                    Log in as <code className="bg-muted rounded px-1">{sandbox.credentials.login}</code> /{" "}
                    <code className="bg-muted rounded px-1">{sandbox.credentials.password}</code>
                  </span>
                ) : null}
              </div>
              <div className="flex gap-2">
                {sandbox.previewUrl ? (
                  <Button asChild size="sm" variant="outline">
                    <a href={sandbox.previewUrl} target="_blank" rel="noreferrer">
                      <ExternalLink /> Open in new tab
                    </a>
                  </Button>
                ) : null}
                {sandbox.canExtend ? (
                  <Button size="sm" variant="outline" loading={extend.isPending} onClick={() => extend.mutate({ projectId, sandboxId: sandbox.id })}>
                    +30 min
                  </Button>
                ) : null}
                <Button size="sm" variant="outline" loading={stop.isPending} onClick={() => stop.mutate({ projectId, sandboxId: sandbox.id })} data-testid="stop-sandbox">
                  <Square /> Stop
                </Button>
              </div>
            </div>
            {sandbox.health?.healthy && sandbox.previewUrl ? (
              <iframe
                title="Live Odoo preview"
                src={sandbox.previewUrl}
                className="h-[70vh] w-full rounded-lg border"
                sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-downloads allow-modals"
                data-testid="preview-frame"
              />
            ) : (
              <Alert variant="destructive" data-testid="preview-unhealthy">
                <AlertTitle>The preview is not answering</AlertTitle>
                <AlertDescription>
                  <pre className="max-h-64 overflow-auto font-mono text-xs whitespace-pre-wrap">{sandbox.health?.detail ?? "Checking…"}</pre>
                </AlertDescription>
              </Alert>
            )}
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
