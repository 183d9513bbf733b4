"use client";

import { useMutation } from "@tanstack/react-query";
import { RotateCcw, Square } from "lucide-react";
import { Button } from "@/components/ui/button";
import { toast } from "@/hooks/use-toast";
import { useTRPC } from "@/lib/trpc/client";
import { messageOf } from "@/lib/trpc/errors";
import { ConfirmDialog } from "./confirm-dialog";
import { useRefreshProject } from "./use-refresh-project";

/** Cancel the project's run, after a confirmation (the sandbox goes, the work so far stays). */
export function CancelRunButton({ projectId, size = "default" }: { projectId: string; size?: "default" | "sm" }) {
  const trpc = useTRPC();
  const refresh = useRefreshProject(projectId);
  const cancel = useMutation(
    trpc.pipeline.cancel.mutationOptions({
      onSuccess: () => {
        toast({ title: "Run cancelled" });
        return refresh();
      },
      onError: (error) => toast({ title: "Could not cancel the run", description: messageOf(error), variant: "destructive" }),
    }),
  );
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline" size={size} data-testid="run-cancel">
          <Square /> Cancel
        </Button>
      }
      title="Cancel this run?"
      description="The pipeline stops after its current step and its sandbox is shut down. Versions built so far are kept; you can retry later."
      confirmLabel="Cancel the run"
      destructive
      pending={cancel.isPending}
      onConfirm={() => cancel.mutateAsync({ projectId })}
      confirmTestId="confirm-cancel"
    />
  );
}

/** Start a failed or cancelled run again (its trigger event is sent again). */
export function RetryRunButton({ projectId, runId, size = "default" }: { projectId: string; runId: string; size?: "default" | "sm" }) {
  const trpc = useTRPC();
  const refresh = useRefreshProject(projectId);
  const retry = useMutation(
    trpc.pipeline.retry.mutationOptions({
      onSuccess: () => {
        toast({ title: "Run restarted" });
        return refresh();
      },
      onError: (error) => toast({ title: "Could not retry", description: messageOf(error), variant: "destructive" }),
    }),
  );
  return (
    <Button size={size} loading={retry.isPending} onClick={() => retry.mutate({ projectId, runId })} data-testid="run-retry">
      <RotateCcw /> Retry
    </Button>
  );
}
