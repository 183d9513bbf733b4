/**
 * Pipeline runs as the product shows them: a project's runs with their steps (the timeline), one
 * run, and the admin's list across projects. Read-only; the functions write these rows through
 * server/pipeline/recorder.ts.
 */
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import {
  type PipelineRun,
  type PipelineRunStatus,
  pipelineRuns,
  pipelineRunStatuses,
  type PipelineStep,
  pipelineSteps,
  projects,
  users,
} from "@/db/schema";
import { notFound } from "@/server/errors";
import { z } from "zod";

export interface StepView {
  id: string;
  key: string;
  stage: PipelineStep["stage"];
  title: string;
  status: PipelineStep["status"];
  attempts: number;
  detail: Record<string, unknown>;
  error: string | null;
  startedAt: Date;
  endedAt: Date | null;
  durationMs: number | null;
}

export type RunView = PipelineRun & { steps: StepView[]; durationMs: number | null };

/** Runs that still own the project: a cancel applies to them, a retry waits for them. */
export const activeRunStatuses: readonly PipelineRunStatus[] = ["queued", "running", "waiting"];

function stepView(step: PipelineStep): StepView {
  return {
    id: step.id,
    key: step.key,
    stage: step.stage,
    title: step.title,
    status: step.status,
    attempts: step.attempts,
    detail: step.detail,
    error: step.error,
    startedAt: step.startedAt,
    endedAt: step.endedAt,
    durationMs: step.endedAt ? step.endedAt.getTime() - step.startedAt.getTime() : null,
  };
}

async function withSteps(db: DbExecutor, runs: PipelineRun[]): Promise<RunView[]> {
  if (runs.length === 0) return [];
  const steps = await db
    .select()
    .from(pipelineSteps)
    .where(inArray(pipelineSteps.runId, runs.map((run) => run.id)))
    .orderBy(asc(pipelineSteps.startedAt));
  return runs.map((run) => ({
    ...run,
    steps: steps.filter((step) => step.runId === run.id).map(stepView),
    durationMs: run.startedAt ? (run.endedAt ?? new Date()).getTime() - run.startedAt.getTime() : null,
  }));
}

/** A project's runs, newest first, each with its steps in order. */
export async function listRuns(db: DbExecutor, projectId: string, limit = 50): Promise<RunView[]> {
  const runs = await db
    .select()
    .from(pipelineRuns)
    .where(eq(pipelineRuns.projectId, projectId))
    .orderBy(desc(pipelineRuns.createdAt))
    .limit(limit);
  return withSteps(db, runs);
}

export async function getRun(db: DbExecutor, projectId: string, runId: string): Promise<RunView> {
  const [run] = await db
    .select()
    .from(pipelineRuns)
    .where(and(eq(pipelineRuns.projectId, projectId), eq(pipelineRuns.id, runId)));
  if (!run) throw notFound("Run");
  const [view] = await withSteps(db, [run]);
  return view!;
}

/** The project's newest run (of any kind), or null. */
export async function latestRun(db: DbExecutor, projectId: string): Promise<PipelineRun | null> {
  const [run] = await db
    .select()
    .from(pipelineRuns)
    .where(eq(pipelineRuns.projectId, projectId))
    .orderBy(desc(pipelineRuns.createdAt))
    .limit(1);
  return run ?? null;
}

export const adminRunsInput = z.object({
  status: z.enum(pipelineRunStatuses).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type AdminRunsInput = z.input<typeof adminRunsInput>;

/** Admin: runs across projects, newest first, with the project's title and owner. */
export async function adminListRuns(db: DbExecutor, rawInput: AdminRunsInput = {}) {
  const input = adminRunsInput.parse(rawInput);
  const rows = await db
    .select({ run: pipelineRuns, projectTitle: projects.title, moduleName: projects.moduleName, ownerEmail: users.email, ownerId: projects.ownerId })
    .from(pipelineRuns)
    .innerJoin(projects, eq(projects.id, pipelineRuns.projectId))
    .leftJoin(users, eq(users.id, projects.ownerId))
    .where(input.status ? eq(pipelineRuns.status, input.status) : undefined)
    .orderBy(desc(pipelineRuns.createdAt))
    .limit(input.limit);
  const views = await withSteps(db, rows.map((row) => row.run));
  return rows.map((row, index) => ({
    ...views[index]!,
    projectTitle: row.projectTitle,
    moduleName: row.moduleName,
    ownerEmail: row.ownerEmail,
    ownerId: row.ownerId,
  }));
}

/** Admin: one run by id, whatever the project. */
export async function findRunById(db: DbExecutor, runId: string): Promise<PipelineRun> {
  const [run] = await db.select().from(pipelineRuns).where(eq(pipelineRuns.id, runId));
  if (!run) throw notFound("Run");
  return run;
}
