"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { Clock, ExternalLink, Play, Square } from "lucide-react";
import { useCallback } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { Skeleton } from "@/components/ui/skeleton";
import { ConfirmDialog } from "@/components/pipeline/confirm-dialog";
import { useRefreshProject } from "@/components/pipeline/use-refresh-project";
import { toast } from "@/hooks/use-toast";
import { useTRPC } from "@/lib/trpc/client";
import { messageOf } from "@/lib/trpc/errors";
import { Countdown } from "./countdown";

/**
 * The live Odoo preview during UAT: the iframe (through the app's preview proxy), its countdown,
 * the login, open-in-a-new-tab, extend once and stop (both through `pipeline.uat`, so the
 * pipeline's wait hears of them). When the preview has ended, a new one can be started.
 */
export function SandboxPanel({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshProject(projectId);
  const status = useQuery({
    ...trpc.sandbox.status.queryOptions({ projectId }),
    refetchInterval: (query) => (query.state.data?.status === "serving" ? 30_000 : false),
  });
  const onError = (title: string) => (error: unknown) => toast({ title, description: messageOf(error), variant: "destructive" });
  const uat = useMutation(trpc.pipeline.uat.mutationOptions({ onSuccess: () => refresh(), onError: onError("The preview did not respond") }));
  const start = useMutation(trpc.sandbox.start.mutationOptions({ onSettled: () => refresh(), onError: onError("Could not start a new preview") }));
  const onExpired = useCallback(() => void refresh(), [refresh]);

  const sandbox = status.data;
  const serving = sandbox?.status === "serving";

  return (
    <Card data-testid="sandbox-panel">
      <CardHeader>
        <CardTitle>Live preview</CardTitle>
        <CardDescription>Your module installed in a real Odoo with demo data. Try it, then accept it or ask for an adjustment.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {status.isPending ? (
          <Skeleton className="h-64" />
        ) : status.isError ? (
          <p className="text-destructive text-sm">Could not load the preview: {status.error.message}</p>
        ) : start.isPending ? (
          <div className="grid gap-2" data-testid="sandbox-progress">
            <p className="text-sm">Creating the sandbox and installing the module…</p>
            <Progress />
            <p className="text-muted-foreground text-xs">Usually 10–40 seconds; the first run of an Odoo version takes longer.</p>
          </div>
        ) : serving && sandbox ? (
          <div className="grid gap-3" data-testid="preview">
            <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
              <div className="flex flex-wrap items-center gap-4">
                <span className="flex items-center gap-1.5">
                  <Clock className="size-4" aria-hidden="true" /> <Countdown until={sandbox.expiresAt} onExpired={onExpired} />
                </span>
                {sandbox.credentials ? (
                  <span data-testid="preview-credentials">
                    Log in as <code className="bg-muted rounded px-1">{sandbox.credentials.login}</code> /{" "}
                    <code className="bg-muted rounded px-1">{sandbox.credentials.password}</code>
                  </span>
                ) : null}
              </div>
              <div className="flex flex-wrap gap-2">
                {sandbox.previewUrl ? (
                  <Button asChild size="sm" variant="outline">
                    <a href={sandbox.previewUrl} target="_blank" rel="noreferrer" data-testid="preview-open">
                      <ExternalLink /> Open in new tab
                    </a>
                  </Button>
                ) : null}
                {sandbox.canExtend ? (
                  <Button
                    size="sm"
                    variant="outline"
                    loading={uat.isPending && uat.variables?.kind === "extend"}
                    onClick={() => uat.mutate({ projectId, kind: "extend" })}
                    data-testid="preview-extend"
                  >
                    +30 min
                  </Button>
                ) : null}
                <ConfirmDialog
                  trigger={
                    <Button size="sm" variant="outline" data-testid="stop-sandbox">
                      <Square /> Stop
                    </Button>
                  }
                  title="Stop the preview?"
                  description="The Odoo instance is shut down now. You can still accept the module or ask for an adjustment."
                  confirmLabel="Stop the preview"
                  pending={uat.isPending && uat.variables?.kind === "stop"}
                  onConfirm={() => uat.mutateAsync({ projectId, kind: "stop" })}
                />
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
        ) : (
          <div className="flex flex-wrap items-center justify-between gap-3" data-testid="preview-ended">
            <p className="text-muted-foreground text-sm">
              {sandbox?.status === "failed" && sandbox.lastError ? `The preview failed: ${sandbox.lastError}` : "The preview has ended."} You can still
              accept the module or ask for an adjustment, or start a new preview.
            </p>
            <Button variant="outline" onClick={() => start.mutate({ projectId })} data-testid="start-sandbox">
              <Play /> Start a new preview
            </Button>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
