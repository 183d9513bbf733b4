"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ConfirmDialog } from "@/components/pipeline/confirm-dialog";
import { formatDuration, runStatusVariants } from "@/components/pipeline/format";
import { StepTimeline } from "@/components/pipeline/step-timeline";
import { formatDateTime } from "@/components/projects/format";
import { toast } from "@/hooks/use-toast";
import { useTRPC } from "@/lib/trpc/client";
import { messageOf } from "@/lib/trpc/errors";
import type { AppRouter } from "@/server/api/root";

type AdminRun = inferRouterOutputs<AppRouter>["pipeline"]["adminRuns"][number];
const statuses = ["queued", "running", "waiting", "succeeded", "failed", "cancelled"] as const;
type Status = (typeof statuses)[number];

/** Admin: pipeline runs across projects, filtered by status and project/owner, with cancel and retry. */
export function PipelineJobs() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status | "">("");
  const [search, setSearch] = useState("");
  const [openRun, setOpenRun] = useState<string | null>(null);
  const runs = useQuery({ ...trpc.pipeline.adminRuns.queryOptions({ status: status || undefined, limit: 100 }), refetchInterval: 10_000 });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.pipeline.adminRuns.queryKey() });
  const onError = (title: string) => (error: unknown) => toast({ title, description: messageOf(error), variant: "destructive" });
  const cancel = useMutation(trpc.pipeline.adminCancel.mutationOptions({ onSuccess: refresh, onError: onError("Could not cancel the run") }));
  const retry = useMutation(trpc.pipeline.adminRetry.mutationOptions({ onSuccess: refresh, onError: onError("Could not retry the run") }));

  const needle = search.trim().toLowerCase();
  const visible = (runs.data ?? []).filter(
    (run) => !needle || [run.projectTitle, run.moduleName, run.ownerEmail].some((text) => text?.toLowerCase().includes(needle)),
  );
  // Only a project's newest run can be retried (the service refuses older ones anyway).
  const newestByProject = new Map<string, string>();
  for (const run of runs.data ?? []) if (!newestByProject.has(run.projectId)) newestByProject.set(run.projectId, run.id);

  return (
    <Card data-testid="admin-jobs">
      <CardHeader>
        <CardTitle>Pipeline runs</CardTitle>
        <CardDescription>Spec drafts and build-and-test runs across all projects, newest first.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="flex flex-wrap gap-3">
          <label className="flex items-center gap-2 text-sm">
            Status
            <select
              value={status}
              onChange={(event) => setStatus(event.target.value as Status | "")}
              className="border-input bg-background h-9 rounded-md border px-3 text-sm"
              data-testid="admin-jobs-status"
            >
              <option value="">all</option>
              {statuses.map((item) => (
                <option key={item} value={item}>
                  {item}
                </option>
              ))}
            </select>
          </label>
          <Input
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            placeholder="Project or owner…"
            aria-label="Filter by project or owner"
            className="max-w-64"
            data-testid="admin-jobs-search"
          />
        </div>
        {runs.isPending ? (
          <p className="text-muted-foreground text-sm">Loading…</p>
        ) : runs.isError ? (
          <p className="text-destructive text-sm">{runs.error.message}</p>
        ) : visible.length === 0 ? (
          <p className="text-muted-foreground text-sm">No run matches.</p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Project</TableHead>
                <TableHead>Owner</TableHead>
                <TableHead>Kind</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Started</TableHead>
                <TableHead>Duration</TableHead>
                <TableHead />
              </TableRow>
            </TableHeader>
            <TableBody>
              {visible.map((run) => (
                <JobRow
                  key={run.id}
                  run={run}
                  open={openRun === run.id}
                  onToggle={() => setOpenRun(openRun === run.id ? null : run.id)}
                  canRetry={newestByProject.get(run.projectId) === run.id && (run.status === "failed" || run.status === "cancelled")}
                  cancelling={cancel.isPending && cancel.variables?.runId === run.id}
                  retrying={retry.isPending && retry.variables?.runId === run.id}
                  onCancel={() => cancel.mutateAsync({ runId: run.id })}
                  onRetry={() => retry.mutate({ runId: run.id })}
                />
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

function JobRow(props: {
  run: AdminRun;
  open: boolean;
  onToggle: () => void;
  canRetry: boolean;
  cancelling: boolean;
  retrying: boolean;
  onCancel: () => Promise<unknown>;
  onRetry: () => void;
}) {
  const { run } = props;
  const active = run.status === "queued" || run.status === "running" || run.status === "waiting";
  return (
    <>
      <TableRow data-testid="admin-run-row" data-status={run.status}>
        <TableCell>
          <button type="button" className="text-left hover:underline" onClick={props.onToggle} aria-expanded={props.open}>
            <span className="font-medium">{run.projectTitle}</span>
            <span className="text-muted-foreground block font-mono text-xs">{run.moduleName}</span>
          </button>
        </TableCell>
        <TableCell>{run.ownerEmail ?? "—"}</TableCell>
        <TableCell>{run.kind}</TableCell>
        <TableCell>
          <Badge variant={runStatusVariants[run.status] ?? "outline"}>{run.status}</Badge>
          {run.stage ? <span className="text-muted-foreground ml-2 font-mono text-xs">{run.stage}</span> : null}
          {run.error ? <p className="text-destructive max-w-64 truncate text-xs" title={run.error}>{run.error}</p> : null}
        </TableCell>
        <TableCell className="whitespace-nowrap">{run.startedAt ? formatDateTime(run.startedAt) : "—"}</TableCell>
        <TableCell>{formatDuration(run.durationMs)}</TableCell>
        <TableCell className="text-right whitespace-nowrap">
          {active ? (
            <ConfirmDialog
              trigger={
                <Button size="sm" variant="outline" data-testid="admin-run-cancel">
                  Cancel
                </Button>
              }
              title={`Cancel the run of “${run.projectTitle}”?`}
              description="The project is marked cancelled and its sandboxes are shut down. The owner can retry later."
              confirmLabel="Cancel the run"
              destructive
              pending={props.cancelling}
              onConfirm={props.onCancel}
            />
          ) : null}
          {props.canRetry ? (
            <Button size="sm" variant="outline" loading={props.retrying} onClick={props.onRetry} data-testid="admin-run-retry">
              Retry
            </Button>
          ) : null}
        </TableCell>
      </TableRow>
      {props.open ? (
        <TableRow>
          <TableCell colSpan={7} className="bg-muted/30">
            <StepTimeline steps={run.steps} />
          </TableCell>
        </TableRow>
      ) : null}
    </>
  );
}
