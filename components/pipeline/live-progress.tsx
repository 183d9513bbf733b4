"use client";

import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { LiveConnection, LogLine } from "@/lib/live/use-project-live";
import { activeStatuses, projectStatusLabels } from "@/lib/project-status";
import { useTRPC } from "@/lib/trpc/client";
import { LogPanel } from "./log-panel";
import { CancelRunButton, RetryRunButton } from "./run-actions";
import { StageIndicator } from "./stage-indicator";
import { userStageOf } from "./stages";

const connectionLabels: Record<LiveConnection, { label: string; variant: "success" | "secondary" | "warning" }> = {
  live: { label: "live", variant: "success" },
  connecting: { label: "connecting…", variant: "secondary" },
  polling: { label: "refreshing every 2 s", variant: "warning" },
};

/** The overview's progress card: stages, the current step, the live log, cancel / retry. */
export function LiveProgress({ projectId, lines, connection }: { projectId: string; lines: LogLine[]; connection: LiveConnection }) {
  const trpc = useTRPC();
  const { data: project } = useSuspenseQuery(trpc.project.get.queryOptions({ projectId }));
  const progress = useQuery(trpc.pipeline.progress.queryOptions({ projectId }));
  const runs = useQuery(trpc.pipeline.runs.queryOptions({ projectId }));
  // The snapshot is fresher than the project query between two invalidations.
  const status = progress.data?.status ?? project.status;
  const fixAttempts = progress.data?.fixAttempts ?? project.fixAttempts;
  const latestRun = runs.data?.[0];
  const activeRun = progress.data?.activeRun ?? null;
  const runningStep = activeRun?.steps.findLast((step) => step.status === "running") ?? null;
  const stopped = status === "failed" || status === "cancelled";
  const cancellable = status === "spec_approved" || activeStatuses.includes(status);
  const stoppedAt = userStageOf(latestRun?.steps.findLast((step) => step.status === "failed")?.stage ?? latestRun?.stage);
  const connectionLabel = connectionLabels[connection];

  return (
    <Card data-testid="live-progress">
      <CardHeader>
        <CardTitle>Progress</CardTitle>
        <CardDescription>
          Each stage and its log lines as they happen.{" "}
          <Badge variant={connectionLabel.variant} data-testid="live-connection" className="align-middle">
            {connectionLabel.label}
          </Badge>
        </CardDescription>
        <CardAction className="flex gap-2">
          {cancellable ? <CancelRunButton projectId={projectId} /> : null}
          {stopped && latestRun && (latestRun.status === "failed" || latestRun.status === "cancelled") ? <RetryRunButton projectId={projectId} runId={latestRun.id} /> : null}
        </CardAction>
      </CardHeader>
      <CardContent className="grid gap-4">
        <StageIndicator status={status} fixAttempts={fixAttempts} stoppedAt={stopped ? stoppedAt : null} />
        {stopped ? (
          <Alert variant={status === "failed" ? "destructive" : "default"} data-testid="status-reason">
            <AlertTitle>{projectStatusLabels[status]}</AlertTitle>
            <AlertDescription>
              {progress.data?.statusReason ?? project.statusReason ?? "The run stopped."}
              {latestRun ? " Retry runs it again from the start; or edit the specification and approve it again." : ""}
            </AlertDescription>
          </Alert>
        ) : null}
        {status === "draft" || status === "spec_ready" ? (
          <p className="text-sm" data-testid="next-step">
            {status === "draft" ? "Next: have the specification drafted" : "Next: review the specification and approve it"} on the{" "}
            <Link href={`/projects/${projectId}/spec`} className="text-primary underline">
              specification page
            </Link>
            ; the build, tests and live preview follow by themselves.
          </p>
        ) : null}
        {activeRun ? (
          <p className="text-sm" data-testid="current-step">
            <span className="text-muted-foreground">Now: </span>
            <span className="font-medium">{runningStep?.title ?? (activeRun.status === "waiting" ? "Waiting for your decision" : "Queued")}</span>
            {runningStep && runningStep.attempts > 1 ? <span className="text-muted-foreground"> (attempt {runningStep.attempts})</span> : null}
          </p>
        ) : null}
        <LogPanel lines={lines} />
      </CardContent>
    </Card>
  );
}
