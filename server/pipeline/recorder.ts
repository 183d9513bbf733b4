/**
 * The one place the pipeline writes its progress: the pipeline_runs row (keyed by the Inngest
 * run id, so a replayed or retried step finds its own run), pipeline_steps rows (keyed by step
 * id: a retried step updates its row and counts attempts) and pipeline_logs lines (what the live
 * page follows by seq). Nothing here throws for a cancelled run: its row keeps "cancelled".
 */
import { and, desc, eq, ne, sql } from "drizzle-orm";
import type { Database, DbExecutor } from "@/db/client";
import {
  type PipelineRun,
  type PipelineRunKind,
  type PipelineRunStatus,
  pipelineLogs,
  pipelineRuns,
  type PipelineStage,
  pipelineSteps,
} from "@/db/schema";

export type LogLevel = "info" | "warn" | "error";

export interface RunRef {
  id: string;
  projectId: string;
}

/** The run row of an Inngest run, created on first use (idempotent per Inngest run id). */
export async function ensureRun(
  db: Database,
  input: { inngestRunId: string; projectId: string; kind: PipelineRunKind; triggerEvent: { name: string; data: Record<string, unknown> }; specVersionId?: string | null },
): Promise<PipelineRun> {
  const existing = await findRunByInngestId(db, input.inngestRunId);
  if (existing) return existing;
  const [row] = await db
    .insert(pipelineRuns)
    .values({
      projectId: input.projectId,
      kind: input.kind,
      status: "running",
      inngestRunId: input.inngestRunId,
      triggerEvent: input.triggerEvent,
      specVersionId: input.specVersionId ?? null,
      startedAt: new Date(),
    })
    .returning();
  if (!row) throw new Error("insert returned no pipeline run");
  return row;
}

export async function findRunByInngestId(db: DbExecutor, inngestRunId: string): Promise<PipelineRun | null> {
  const [row] = await db
    .select()
    .from(pipelineRuns)
    .where(eq(pipelineRuns.inngestRunId, inngestRunId))
    .orderBy(desc(pipelineRuns.createdAt))
    .limit(1);
  return row ?? null;
}

export async function log(db: DbExecutor, run: RunRef, stage: PipelineStage | null, message: string, level: LogLevel = "info"): Promise<void> {
  // A run id of "" means "no run row" (a cleanup for a run that never started).
  await db.insert(pipelineLogs).values({ projectId: run.projectId, runId: run.id || null, stage, level, message: message.slice(0, 4000) });
}

/** Moves the run to a stage/status; a cancelled run stays cancelled whatever a late step says. */
export async function setRun(db: DbExecutor, runId: string, values: { stage?: PipelineStage; status?: PipelineRunStatus; error?: string | null; fixAttempts?: number }) {
  const ending = values.status === "succeeded" || values.status === "failed" || values.status === "cancelled";
  await db
    .update(pipelineRuns)
    .set({ ...values, ...(ending ? { endedAt: new Date() } : {}) })
    .where(and(eq(pipelineRuns.id, runId), ne(pipelineRuns.status, "cancelled")));
}

export async function finishRun(db: DbExecutor, runId: string, status: "succeeded" | "failed" | "cancelled", error?: string | null) {
  await db
    .update(pipelineRuns)
    .set({ status, error: error ?? null, endedAt: new Date() })
    .where(and(eq(pipelineRuns.id, runId), ne(pipelineRuns.status, "cancelled"), ne(pipelineRuns.status, "succeeded")));
}

export interface StepSpec {
  key: string;
  stage: PipelineStage;
  title: string;
}

/** Opens (or re-opens, counting the attempt) the step's row and moves the run to its stage. */
export async function stepStarted(db: DbExecutor, run: RunRef, step: StepSpec): Promise<void> {
  const [existing] = await db
    .select({ id: pipelineSteps.id })
    .from(pipelineSteps)
    .where(and(eq(pipelineSteps.runId, run.id), eq(pipelineSteps.key, step.key)));
  if (existing) {
    await db
      .update(pipelineSteps)
      .set({ status: "running", attempts: sql`${pipelineSteps.attempts} + 1`, error: null, endedAt: null })
      .where(eq(pipelineSteps.id, existing.id));
  } else {
    await db.insert(pipelineSteps).values({ runId: run.id, key: step.key, stage: step.stage, title: step.title, status: "running" });
  }
  await setRun(db, run.id, { stage: step.stage, status: "running" });
}

export async function stepEnded(
  db: DbExecutor,
  run: RunRef,
  key: string,
  outcome: { status: "succeeded" | "failed" | "skipped"; detail?: Record<string, unknown>; error?: string | null },
): Promise<void> {
  await db
    .update(pipelineSteps)
    .set({ status: outcome.status, ...(outcome.detail ? { detail: outcome.detail } : {}), error: outcome.error ?? null, endedAt: new Date() })
    .where(and(eq(pipelineSteps.runId, run.id), eq(pipelineSteps.key, key)));
}

/** A step that was not run (e.g. UI tests when no runner is available), shown as skipped. */
export async function stepSkipped(db: DbExecutor, run: RunRef, step: StepSpec, reason: string): Promise<void> {
  await stepStarted(db, run, step);
  await stepEnded(db, run, step.key, { status: "skipped", detail: { reason } });
  await log(db, run, step.stage, `${step.title}: skipped (${reason})`);
}

/**
 * Runs one stage's body inside its step.run, with its row: running → succeeded (with a small
 * detail for the UI) or failed (with the error, then rethrown so Inngest retries or fails).
 */
export async function recordStep<T>(
  db: Database,
  run: RunRef,
  step: StepSpec,
  body: () => Promise<{ result: T; detail?: Record<string, unknown> }>,
): Promise<T> {
  await stepStarted(db, run, step);
  try {
    const { result, detail } = await body();
    await stepEnded(db, run, step.key, { status: "succeeded", detail });
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await stepEnded(db, run, step.key, { status: "failed", error: message });
    throw error;
  }
}

/** The last `count` lines of a log, for excerpts (the whole log goes to a blob). */
export function tail(text: string, count = 60): string {
  const lines = text.split(/\r?\n/);
  while (lines.length && lines.at(-1) === "") lines.pop();
  return lines.slice(-count).join("\n");
}

/** The error of the run's most recently failed step (what a user error said), or null. */
export async function lastStepError(db: DbExecutor, runId: string): Promise<string | null> {
  const [row] = await db
    .select({ error: pipelineSteps.error })
    .from(pipelineSteps)
    .where(and(eq(pipelineSteps.runId, runId), eq(pipelineSteps.status, "failed")))
    .orderBy(desc(pipelineSteps.endedAt))
    .limit(1);
  return row?.error ?? null;
}
