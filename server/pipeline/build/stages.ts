/**
 * The build stages of build-and-test as plain functions of (deps, run, input): each one is the
 * body of one `step.run`, idempotent (a retried or replayed step finds what an earlier attempt
 * made), and records itself through the recorder. User errors (validation findings, no sandbox,
 * failing tests with no fixer) throw NonRetriableError after writing the failure down.
 */
import { and, eq, sql } from "drizzle-orm";
import { NonRetriableError } from "inngest";
import { type FileEdit, type Project, pipelineRuns, projects, sandboxes, sandboxStillStanding } from "@/db/schema";
import { AppError, notFound } from "@/server/errors";
import { AiError, type AiUsage } from "@/server/ports/ai/types";
import { type Blueprint, blueprintSchema } from "@/server/odoo/blueprint/schema";
import { checkBlueprint, blueprintForProject, buildModuleVersion, type VersionExtra } from "@/server/services/modules/modules";
import { setProjectStatus } from "@/server/services/projects/status";
import { destroyRow } from "@/server/services/sandboxes/sandboxes";
import { getSpecVersionById } from "@/server/services/specs/specs";
import type { PipelineDeps } from "../deps";
import { finishRun, log, recordStep, type RunRef, setRun } from "../recorder";

export async function loadProject(deps: Pick<PipelineDeps, "db">, projectId: string): Promise<Project> {
  const [project] = await deps.db.select().from(projects).where(eq(projects.id, projectId));
  if (!project) throw new NonRetriableError(`project ${projectId} not found`);
  return project;
}

/**
 * Moves the project to `building` for this run. Returns false when the project is no longer
 * waiting for a build (cancelled before the run started, accepted meanwhile): the run ends quietly.
 */
export async function beginBuild(deps: PipelineDeps, run: RunRef, specVersionId: string): Promise<{ proceed: boolean; reason?: string }> {
  const project = await loadProject(deps, run.projectId);
  if (["building", "testing", "fixing"].includes(project.status)) return { proceed: true }; // a replay of this step
  const moved = await setProjectStatus(deps.db, run.projectId, { to: "building", from: ["spec_approved"], reason: null });
  if (!moved) {
    const reason = `the project is "${project.status}", not waiting for a build`;
    await log(deps.db, run, null, `Build not started: ${reason}`, "warn");
    await finishRun(deps.db, run.id, "cancelled", reason);
    return { proceed: false, reason };
  }
  const spec = await getSpecVersionById(deps.db, run.projectId, specVersionId).catch(() => null);
  await log(deps.db, run, "code", `Build started from specification version ${spec?.number ?? "?"}`);
  return { proceed: true };
}

/** What the code stage hands on: the blueprint to compile, and who wrote it. */
export interface CodedModule {
  blueprint: Blueprint;
  summary: string;
  ai?: AiUsage;
}

/** Code: the approved blueprint through the coder (offline: as it is; AI: bodies and refinements). */
export async function codeStage(deps: PipelineDeps, run: RunRef, specVersionId: string): Promise<CodedModule> {
  return recordStep(deps.db, run, { key: "code", stage: "code", title: "Write the module" }, async () => {
    const project = await loadProject(deps, run.projectId);
    const spec = await getSpecVersionById(deps.db, run.projectId, specVersionId).catch(() => {
      throw new NonRetriableError("the approved specification version no longer exists");
    });
    const parsed = blueprintSchema.safeParse(spec.blueprint);
    if (!parsed.success) throw new NonRetriableError(`the approved blueprint is not valid: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    const { blueprint, summary, ai } = await agentCall(() =>
      deps.coder.code({ project, blueprint: blueprintForProject(project, parsed.data), markdown: spec.markdown, runId: run.id }),
    );
    await log(deps.db, run, "code", `Code (${deps.coder.name}): ${summary}${ai ? ` — ${describeUsage(ai)}` : ""}`);
    return {
      result: { blueprint, summary, ...(ai ? { ai } : {}) },
      detail: { coder: deps.coder.name, models: blueprint.models.length, ...(ai ? { ai } : {}) },
    };
  });
}

/** "anthropic/claude-sonnet-4-5, 12 340 tokens, $0.0421" for logs. */
export function describeUsage(ai: AiUsage): string {
  return `${ai.provider}/${ai.model}, ${(ai.inputTokens + ai.outputTokens).toLocaleString("en-US")} tokens, $${(ai.costMicros / 1e6).toFixed(4)}`;
}

/**
 * Runs an agent; an AiError that another attempt cannot mend (spent budget, invalid answers, a
 * rejected request) ends the run with its message instead of burning the step's retries.
 */
export async function agentCall<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof AiError && !error.retryable && error.kind !== "unavailable" && error.kind !== "rate_limit_local") {
      throw new NonRetriableError(error.message, { cause: error });
    }
    throw error;
  }
}

/** Compile + validate, without storing: errors stop the run here, before any sandbox is spent. */
export async function compileStage(
  deps: PipelineDeps,
  run: RunRef,
  blueprint: Blueprint,
  key = "compile",
  fileEdits: readonly FileEdit[] = [],
): Promise<{ files: number; errors: number; warnings: number }> {
  return recordStep(deps.db, run, { key, stage: "validate", title: "Compile and validate" }, async () => {
    await setRun(deps.db, run.id, { stage: "compile" });
    let checked: Awaited<ReturnType<typeof checkBlueprint>>;
    try {
      checked = await checkBlueprint(blueprint, fileEdits);
    } catch (error) {
      const reason = `the blueprint does not compile: ${(error as Error).message}`;
      await log(deps.db, run, "compile", reason, "error");
      throw new NonRetriableError(reason);
    }
    await log(deps.db, run, "compile", `Compiled ${checked.files.length} files`);
    const errors = checked.findings.filter((f) => f.severity === "error");
    const warnings = checked.findings.filter((f) => f.severity === "warning");
    await log(deps.db, run, "validate", `Validation: ${errors.length} error(s), ${warnings.length} warning(s)`, errors.length ? "error" : warnings.length ? "warn" : "info");
    for (const finding of [...errors, ...warnings].slice(0, 30)) {
      await log(deps.db, run, "validate", `${finding.severity}: ${finding.file ?? "module"}${finding.line ? `:${finding.line}` : ""} ${finding.message} [${finding.rule}]`, finding.severity === "error" ? "error" : "warn");
    }
    if (errors.length) {
      const listed = errors.slice(0, 10).map((f) => `${f.file ?? "module"}${f.line ? `:${f.line}` : ""}: ${f.message}`);
      throw new NonRetriableError(`validation failed with ${errors.length} error(s): ${listed.join("; ")}${errors.length > 10 ? "; …" : ""}`);
    }
    return { result: { files: checked.files.length, errors: 0, warnings: warnings.length }, detail: { files: checked.files.length, errors: 0, warnings: warnings.length } };
  });
}

/** Package + store: version N (reused when an earlier attempt stored the same bytes). */
export async function packageStage(
  deps: PipelineDeps,
  run: RunRef,
  blueprint: Blueprint,
  source: "compiler" | "ai" | "fix" | "adjustment",
  key = "package",
  extra: VersionExtra = {},
): Promise<{ versionId: string; number: number }> {
  return recordStep(deps.db, run, { key, stage: "package", title: "Package and store the version" }, async () => {
    const project = await loadProject(deps, run.projectId);
    const owner = project.ownerId;
    let built: Awaited<ReturnType<typeof buildModuleVersion>>;
    try {
      built = await buildModuleVersion({ db: deps.db, store: deps.store }, { userId: owner }, project, blueprint, source, extra);
    } catch (error) {
      if (error instanceof AppError && error.code === "BAD_REQUEST") throw new NonRetriableError(error.message, { cause: error });
      throw error;
    }
    const { version, reused } = built;
    if (version.findingSummary.errors > 0) throw new NonRetriableError(`version ${version.number} has ${version.findingSummary.errors} validation error(s)`);
    await log(deps.db, run, "package", `Stored version ${version.number} (${Math.round(version.sizeBytes / 1024)} KB${reused ? ", reused" : ""})`);
    return { result: { versionId: version.id, number: version.number }, detail: { version: version.number, sizeBytes: version.sizeBytes, reused } };
  });
}

/** The sandboxes this run made that may still hold resources. */
export async function runSandboxes(deps: Pick<PipelineDeps, "db">, run: RunRef) {
  return deps.db
    .select()
    .from(sandboxes)
    .where(and(eq(sandboxes.projectId, run.projectId), sandboxStillStanding(), sql`${sandboxes.labels} ->> 'runId' = ${run.id}`));
}

/** Destroys sandboxes (this run's, or every standing one of the project); never throws. */
export async function teardown(deps: PipelineDeps, run: RunRef, reason: string, scope: "run" | "project" = "run"): Promise<number> {
  const rows =
    scope === "run"
      ? await runSandboxes(deps, run)
      : await deps.db.select().from(sandboxes).where(and(eq(sandboxes.projectId, run.projectId), sandboxStillStanding()));
  let destroyed = 0;
  for (const row of rows) {
    try {
      await destroyRow(deps, row, reason);
      destroyed += 1;
    } catch (error) {
      await log(deps.db, run, "teardown", `Could not destroy sandbox ${row.id}: ${(error as Error).message} (the reaper will retry)`, "warn");
    }
  }
  if (destroyed) await log(deps.db, run, "teardown", `Destroyed ${destroyed} sandbox(es): ${reason}`);
  return destroyed;
}

/** A run that failed: the reason on the run and the project, sandboxes down. Idempotent. */
export async function failBuild(deps: PipelineDeps, run: RunRef, reason: string): Promise<void> {
  await log(deps.db, run, null, `Run failed: ${reason}`, "error");
  await finishRun(deps.db, run.id, "failed", reason);
  await setProjectStatus(deps.db, run.projectId, { to: "failed", reason: reason.slice(0, 2000) });
  await teardown(deps, run, "the run failed", "run");
}

/** Counts one fix attempt on the run and the project, exactly once per attempt number. */
export async function countFixAttempt(deps: PipelineDeps, run: RunRef, attempt: number): Promise<void> {
  const [counted] = await deps.db
    .update(pipelineRuns)
    .set({ fixAttempts: attempt })
    .where(and(eq(pipelineRuns.id, run.id), eq(pipelineRuns.fixAttempts, attempt - 1)))
    .returning({ id: pipelineRuns.id });
  if (!counted) return; // an earlier attempt of this step counted it
  await deps.db.update(projects).set({ fixAttempts: sql`${projects.fixAttempts} + 1` }).where(eq(projects.id, run.projectId));
}

export async function requireRun(deps: Pick<PipelineDeps, "db">, runId: string) {
  const [row] = await deps.db.select().from(pipelineRuns).where(eq(pipelineRuns.id, runId));
  if (!row) throw notFound("Run");
  return row;
}
