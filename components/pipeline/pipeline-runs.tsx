"use client";

import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { ChevronDown, ChevronRight } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { formatDateTime } from "@/components/projects/format";
import { useProjectLive } from "@/lib/live/use-project-live";
import { projectStatusLabels } from "@/lib/project-status";
import { useTRPC } from "@/lib/trpc/client";
import type { AppRouter } from "@/server/api/root";
import { formatDuration, runStatusVariants } from "./format";
import { CancelRunButton, RetryRunButton } from "./run-actions";
import { StepTimeline } from "./step-timeline";

type Run = inferRouterOutputs<AppRouter>["pipeline"]["runs"][number];

const activeRun = (run: Run) => run.status === "queued" || run.status === "running" || run.status === "waiting";

function RunRow({ run, projectId, latest }: { run: Run; projectId: string; latest: boolean }) {
  const [open, setOpen] = useState(latest);
  return (
    <li className="rounded-lg border" data-testid="run-row" data-status={run.status}>
      <div className="flex flex-wrap items-center justify-between gap-3 p-3">
        <button
          type="button"
          className="flex min-w-0 flex-1 flex-wrap items-center gap-2 text-left text-sm"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          data-testid="run-toggle"
        >
          {open ? <ChevronDown className="size-4" aria-hidden="true" /> : <ChevronRight className="size-4" aria-hidden="true" />}
          <span className="font-medium">{run.kind === "spec" ? "Specification draft" : "Build and test"}</span>
          <Badge variant={runStatusVariants[run.status] ?? "outline"}>{run.status}</Badge>
          {run.stage ? <Badge variant="outline" className="font-mono">{run.stage}</Badge> : null}
          <span className="text-muted-foreground text-xs">
            {run.startedAt ? formatDateTime(run.startedAt) : `queued ${formatDateTime(run.createdAt)}`} · {formatDuration(run.durationMs)}
            {run.fixAttempts > 0 ? ` · ${run.fixAttempts} fix attempt(s)` : ""}
          </span>
        </button>
        <div className="flex gap-2">
          {activeRun(run) ? <CancelRunButton projectId={projectId} size="sm" /> : null}
          {latest && (run.status === "failed" || run.status === "cancelled") ? <RetryRunButton projectId={projectId} runId={run.id} size="sm" /> : null}
        </div>
      </div>
      {run.error ? <p className="text-destructive px-3 pb-3 text-sm" data-testid="run-error">{run.error}</p> : null}
      {open ? (
        <div className="border-t p-4">
          <StepTimeline steps={run.steps} />
        </div>
      ) : null}
    </li>
  );
}

/** The Pipeline tab: every run with its steps, and the project's status history. */
export function PipelineRuns({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  useProjectLive(projectId);
  const { data: project } = useSuspenseQuery(trpc.project.get.queryOptions({ projectId }));
  const runs = useQuery(trpc.pipeline.runs.queryOptions({ projectId }));
  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Runs</CardTitle>
          <CardDescription>Each specification draft and build-and-test cycle, newest first. Open one to see its steps.</CardDescription>
        </CardHeader>
        <CardContent>
          {runs.isPending ? (
            <Skeleton className="h-40" />
          ) : runs.isError ? (
            <p className="text-destructive text-sm">Could not load the runs: {runs.error.message}</p>
          ) : runs.data.length === 0 ? (
            <p className="text-muted-foreground text-sm" data-testid="no-runs">No run yet. Runs start when a specification is drafted or approved.</p>
          ) : (
            <ul className="grid gap-3" data-testid="run-list">
              {runs.data.map((run, index) => (
                <RunRow key={run.id} run={run} projectId={projectId} latest={index === 0} />
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Status history</CardTitle>
          <CardDescription>Every change of state, as it happened.</CardDescription>
        </CardHeader>
        <CardContent>
          <ol className="border-border grid gap-4 border-l pl-4" data-testid="status-history">
            {project.statusHistory.map((change) => (
              <li key={change.id} className="relative">
                <span className="bg-primary absolute top-1.5 -left-[21px] size-2.5 rounded-full" aria-hidden="true" />
                <p className="text-sm font-medium">{projectStatusLabels[change.toStatus]}</p>
                <p className="text-muted-foreground text-xs">
                  {formatDateTime(change.createdAt)}
                  {change.reason ? ` — ${change.reason}` : ""}
                </p>
              </li>
            ))}
          </ol>
        </CardContent>
      </Card>
    </div>
  );
}
