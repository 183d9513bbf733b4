/**
 * What a user (or an admin) does to a running pipeline: cancel, retry, decide in UAT, ask for an
 * adjustment, download the accepted module. Each writes its decision to the database first and
 * sends its event second (DESIGN.md §4): the function re-reads the database after every wait, so
 * an event that arrives early, late or twice changes nothing.
 */
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { moduleVersions, type Project, pipelineRuns, projects, sandboxes, sandboxStillStanding, specVersions } from "@/db/schema";
import { adjustmentRequested, projectCancelled, uatAction, uatActionKinds } from "@/inngest/events";
import type { SendEvent } from "@/inngest/send";
import { activeStatuses } from "@/lib/project-status";
import { AppError, notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/audit";
import { signedDownload } from "@/server/services/modules/modules";
import { setProjectStatus } from "@/server/services/projects/status";
import { extendSandbox, type SandboxDeps, stopSandbox } from "@/server/services/sandboxes/sandboxes";
import { approvedSpecVersion, getSpecVersion, parseProjectBlueprint, specFindings } from "@/server/services/specs/specs";
import { activeRunStatuses, findRunById, latestRun } from "./runs";

export interface Actor {
  userId: string;
  ip?: string | null;
}

export interface PipelineActionDeps {
  db: Database;
  send: SendEvent;
  sandboxes: SandboxDeps;
}

/** Adjustments a project may ask for during UAT (DESIGN.md §1). */
export const MAX_ADJUSTMENTS = 5;

export const cancelInput = z.object({ reason: z.string().trim().max(500).optional() });
export const retryInput = z.object({ runId: z.string().min(1).max(64) });
export const uatInput = z.object({ kind: z.enum(["accept", "extend", "stop"]) });
export const adjustInput = z.object({
  request: z.string().trim().min(1, "Describe the adjustment you want.").max(4000),
  specNumber: z.number().int().positive(),
});

async function loadProject(db: Database, projectId: string): Promise<Project> {
  const [project] = await db.select().from(projects).where(and(eq(projects.id, projectId), isNull(projects.deletedAt)));
  if (!project) throw notFound("Project");
  return project;
}

async function activeRun(db: Database, projectId: string) {
  const [run] = await db
    .select()
    .from(pipelineRuns)
    .where(and(eq(pipelineRuns.projectId, projectId), inArray(pipelineRuns.status, [...activeRunStatuses])))
    .orderBy(desc(pipelineRuns.createdAt))
    .limit(1);
  return run ?? null;
}

/**
 * Cancels the project's run: project → cancelled first (so a step that checks it stops), then
 * `project/cancelled`, which Inngest's cancelOn matches; the cleanup function tears down the
 * sandboxes. A build queued behind its approval (spec_approved, no row yet) counts as a run.
 */
export async function cancelRun(deps: Pick<PipelineActionDeps, "db" | "send">, actor: Actor, project: Project, reason?: string) {
  const run = await activeRun(deps.db, project.id);
  const queued = project.status === "spec_approved" || activeStatuses.includes(project.status);
  if (!run && !queued) throw new AppError("PRECONDITION_FAILED", "No run is under way for this project, so there is nothing to cancel.");
  const why = reason?.trim() || "Cancelled by the user";
  const moved = await deps.db.transaction(async (tx) => {
    const row = await setProjectStatus(tx, project.id, { to: "cancelled", reason: why, actorId: actor.userId });
    if (!row) return null;
    if (run) {
      await tx
        .update(pipelineRuns)
        .set({ status: "cancelled", error: why, endedAt: new Date() })
        .where(and(eq(pipelineRuns.id, run.id), inArray(pipelineRuns.status, [...activeRunStatuses])));
    }
    await recordAudit(tx, { actorId: actor.userId, action: "pipeline.cancelled", targetType: "project", targetId: project.id, ip: actor.ip, metadata: { runId: run?.id ?? null, reason: why } });
    return row;
  });
  if (!moved) throw new AppError("PRECONDITION_FAILED", `The run cannot be cancelled while the project is "${project.status}".`);
  const data = { projectId: project.id, userId: actor.userId, reason: why };
  await projectCancelled.create(data).validate();
  await deps.send({ name: projectCancelled.name, data, id: `cancel-${project.id}-${randomUUID()}` });
  return { status: moved.status, runId: run?.id ?? null };
}

/** Starts a failed or cancelled run again from its trigger event (a fresh event id, so it is not deduplicated). */
export async function retryRun(deps: Pick<PipelineActionDeps, "db" | "send">, actor: Actor, project: Project, runId: string) {
  const run = await findRunById(deps.db, runId);
  if (run.projectId !== project.id) throw notFound("Run");
  const latest = await latestRun(deps.db, project.id);
  if (latest?.id !== run.id) throw new AppError("PRECONDITION_FAILED", "Only the latest run of a project can be retried.");
  if (run.status !== "failed" && run.status !== "cancelled") {
    throw new AppError("PRECONDITION_FAILED", `Only a failed or cancelled run can be retried; this one is ${run.status}.`);
  }
  if (project.status !== "failed" && project.status !== "cancelled") {
    throw new AppError("PRECONDITION_FAILED", `The project is "${project.status}" now; a retry is for a failed or cancelled one.`);
  }
  if (run.kind === "build") {
    // The build starts from spec_approved; the spec run moves the project itself.
    const moved = await setProjectStatus(deps.db, project.id, {
      to: "spec_approved",
      from: ["failed", "cancelled"],
      reason: "Retry requested",
      actorId: actor.userId,
      set: { fixAttempts: 0 },
    });
    if (!moved) throw new AppError("PRECONDITION_FAILED", "The project changed state meanwhile; reload and try again.");
  }
  await recordAudit(deps.db, { actorId: actor.userId, action: "pipeline.retried", targetType: "project", targetId: project.id, ip: actor.ip, metadata: { runId: run.id } });
  const { ids } = await deps.send({ name: run.triggerEvent.name, data: run.triggerEvent.data, id: `retry-${run.id}-${randomUUID()}` });
  return { eventId: ids[0] ?? null };
}

/** The sandbox serving the UAT preview, if it still stands. */
async function uatSandbox(db: Database, projectId: string) {
  const [row] = await db
    .select()
    .from(sandboxes)
    .where(and(eq(sandboxes.projectId, projectId), sandboxStillStanding(), eq(sandboxes.status, "serving")))
    .orderBy(desc(sandboxes.createdAt))
    .limit(1);
  return row ?? null;
}

async function sendUat(send: SendEvent, project: Project, actor: Actor, kind: (typeof uatActionKinds)[number]) {
  const data = { projectId: project.id, userId: actor.userId, kind };
  await uatAction.create(data).validate();
  await send({ name: uatAction.name, data, id: `uat-${project.id}-${kind}-${randomUUID()}` });
}

/**
 * The user's decision in UAT. Accept: project → accepted with the version live in the preview.
 * Extend: the preview lives 30 minutes longer (once). Stop: the preview ends now. Accepting
 * twice answers the same; the pipeline's wait re-reads all of this after `uat/action`.
 */
export async function uatDecision(deps: PipelineActionDeps, actor: Actor, project: Project, kind: z.infer<typeof uatInput>["kind"]) {
  if (kind === "accept" && project.status === "accepted") {
    return { kind, status: project.status, acceptedModuleVersionId: project.acceptedModuleVersionId };
  }
  if (project.status !== "uat") throw new AppError("PRECONDITION_FAILED", "This action is only possible while the live preview is open (UAT).");
  const sandbox = await uatSandbox(deps.db, project.id);
  if (kind === "accept") {
    const versionId = sandbox?.moduleVersionId ?? (await latestVersionId(deps.db, project.id));
    if (!versionId) throw new AppError("PRECONDITION_FAILED", "There is no module version to accept yet.");
    const accepted = await deps.db.transaction(async (tx) => {
      const row = await setProjectStatus(tx, project.id, {
        to: "accepted",
        from: ["uat"],
        reason: "Accepted by the user in the live preview",
        actorId: actor.userId,
        set: { acceptedModuleVersionId: versionId },
      });
      if (row) await recordAudit(tx, { actorId: actor.userId, action: "uat.accepted", targetType: "project", targetId: project.id, ip: actor.ip, metadata: { moduleVersionId: versionId } });
      return row;
    });
    const current = accepted ?? (await loadProject(deps.db, project.id));
    if (current.status !== "accepted") throw new AppError("PRECONDITION_FAILED", "The project changed state meanwhile; reload and try again.");
    await sendUat(deps.send, project, actor, "accept");
    return { kind, status: current.status, acceptedModuleVersionId: current.acceptedModuleVersionId };
  }
  if (!sandbox) throw new AppError("PRECONDITION_FAILED", "The live preview has already ended.");
  const view =
    kind === "extend"
      ? await extendSandbox(deps.sandboxes, actor, project.id, sandbox.id)
      : await stopSandbox(deps.sandboxes, actor, project.id, sandbox.id);
  await sendUat(deps.send, project, actor, kind);
  return { kind, status: project.status, expiresAt: view.expiresAt, sandboxStatus: view.status };
}

async function latestVersionId(db: Database, projectId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: moduleVersions.id })
    .from(moduleVersions)
    .where(eq(moduleVersions.projectId, projectId))
    .orderBy(desc(moduleVersions.number))
    .limit(1);
  return row?.id ?? null;
}

/**
 * An adjustment during UAT: the user saved a newer spec version on the spec page; it is approved
 * here, the project goes back to spec_approved, and a new build-and-test cycle starts (queued
 * behind the UAT run, which ends on `uat/action` kind "adjust").
 */
export async function requestAdjustment(deps: Pick<PipelineActionDeps, "db" | "send">, actor: Actor, project: Project, input: z.input<typeof adjustInput>) {
  const { request, specNumber } = adjustInput.parse(input);
  if (project.status !== "uat") throw new AppError("PRECONDITION_FAILED", "Adjustments can be asked for during the live preview (UAT).");
  if (project.adjustments >= MAX_ADJUSTMENTS) {
    throw new AppError("PRECONDITION_FAILED", `This project has used all ${MAX_ADJUSTMENTS} of its adjustments. Accept the module, or start a new project for further changes.`);
  }
  const approved = await approvedSpecVersion(deps.db, project.id);
  const version = await getSpecVersion(deps.db, project.id, specNumber);
  if (approved && version.number <= approved.number) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `Specification version ${version.number} is not newer than the approved version ${approved.number}: save your changes on the specification page first.`,
    );
  }
  const errors = (await specFindings(parseProjectBlueprint(project, version.blueprint))).filter((finding) => finding.severity === "error");
  if (errors.length) throw new AppError("BAD_REQUEST", `The specification has ${errors.length} error(s) to fix first: ${errors[0]!.message}`);

  const moved = await deps.db.transaction(async (tx) => {
    const row = await setProjectStatus(tx, project.id, {
      to: "spec_approved",
      from: ["uat"],
      reason: `Adjustment ${project.adjustments + 1}/${MAX_ADJUSTMENTS} requested (specification version ${version.number})`,
      actorId: actor.userId,
      set: { adjustments: project.adjustments + 1, fixAttempts: 0 },
    });
    if (!row) return null;
    await tx.update(specVersions).set({ approvedAt: new Date(), approvedBy: actor.userId }).where(eq(specVersions.id, version.id));
    await recordAudit(tx, { actorId: actor.userId, action: "uat.adjustment", targetType: "project", targetId: project.id, ip: actor.ip, metadata: { specNumber: version.number, request } });
    return row;
  });
  if (!moved) throw new AppError("PRECONDITION_FAILED", "The project changed state meanwhile; reload and try again.");

  await sendUat(deps.send, project, actor, "adjust");
  const data = { projectId: project.id, userId: actor.userId, specVersionId: version.id, request };
  await adjustmentRequested.create(data).validate();
  await deps.send({ name: adjustmentRequested.name, data, id: `adjust-${version.id}` });
  return { status: moved.status, adjustments: moved.adjustments, specVersionId: version.id };
}

/** A short-lived signed URL to the accepted version's zip. */
export async function acceptedDownload(db: Database, project: Project, signing: { secret: string; ttlSeconds: number }) {
  if (project.status !== "accepted" && project.status !== "paid") {
    throw new AppError("PRECONDITION_FAILED", "The module can be downloaded once you have accepted it in the live preview.");
  }
  if (!project.acceptedModuleVersionId) throw new AppError("PRECONDITION_FAILED", "No accepted module version is recorded for this project.");
  const [version] = await db
    .select()
    .from(moduleVersions)
    .where(and(eq(moduleVersions.id, project.acceptedModuleVersionId), eq(moduleVersions.projectId, project.id)));
  if (!version) throw notFound("Module version");
  return { number: version.number, ...signedDownload(signing.secret, signing.ttlSeconds, project, version) };
}

/** Admin: cancel or retry a run by id, whoever owns the project. */
export async function adminCancelRun(deps: Pick<PipelineActionDeps, "db" | "send">, actor: Actor, runId: string, reason?: string) {
  const run = await findRunById(deps.db, runId);
  return cancelRun(deps, actor, await loadProject(deps.db, run.projectId), reason ?? "Cancelled by an administrator");
}

export async function adminRetryRun(deps: Pick<PipelineActionDeps, "db" | "send">, actor: Actor, runId: string) {
  const run = await findRunById(deps.db, runId);
  return retryRun(deps, actor, await loadProject(deps.db, run.projectId), runId);
}
