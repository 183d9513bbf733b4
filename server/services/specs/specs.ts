/**
 * Spec versions: the Markdown + blueprint of a project, one immutable row per save. The user's
 * edits, the drafters' output and adjustments all add a version; approval freezes one and starts
 * the build (DB first, event second — DESIGN.md §4).
 */
import { randomUUID } from "node:crypto";
import { and, desc, eq, isNotNull, isNull, max, sql } from "drizzle-orm";
import { ZodError, z } from "zod";
import type { Database, DbExecutor } from "@/db/client";
import { type Project, type ProjectStatus, projects, type SpecVersion, type SpecVersionSource, specVersions } from "@/db/schema";
import { specApproved, specRequested } from "@/inngest/events";
import type { SendEvent } from "@/inngest/send";
import { activeStatuses } from "@/lib/project-status";
import { AppError, isUniqueViolation, notFound } from "@/server/errors";
import type { Blueprint, BlueprintInput } from "@/server/odoo/blueprint/schema";
import type { Finding } from "@/server/odoo/validator";
import type { SpecDrafter } from "@/server/pipeline/spec/types";
import type { AiUsage } from "@/server/ports/ai/types";
import { recordAudit } from "@/server/services/audit/audit";
import { blueprintForProject, checkBlueprint, summarise } from "@/server/services/modules/modules";
import { setProjectStatus } from "@/server/services/projects/status";

export interface Actor {
  userId: string;
  ip?: string | null;
}

export interface SpecDeps {
  db: Database;
}

export interface SpecSendDeps {
  db: Database;
  send: SendEvent;
}

/** A spec is prose plus a table or two; 200 KB is far beyond any real one and keeps rows small. */
export const MAX_MARKDOWN_BYTES = 200_000;

export const specMarkdownSchema = z
  .string()
  .refine((text) => Buffer.byteLength(text, "utf8") <= MAX_MARKDOWN_BYTES, "The specification text is limited to 200 KB.");
export const specNoteSchema = z.string().trim().max(500, "Notes are at most 500 characters.");
export const specNumberSchema = z.number().int().positive().max(1_000_000);

export const saveSpecInput = z.object({
  markdown: specMarkdownSchema,
  /** Checked against blueprintSchema with field-level messages (see parseProjectBlueprint). */
  blueprint: z.unknown(),
  note: specNoteSchema.optional(),
  /** The version the editor started from: saving over a newer one is refused (two tabs). */
  baseNumber: specNumberSchema.optional(),
});
export type SaveSpecInput = z.input<typeof saveSpecInput>;

/** Statuses in which a pipeline run owns the project: edits and approvals wait. */
export function isRunActive(status: ProjectStatus): boolean {
  return activeStatuses.includes(status);
}

/** The user may edit the spec in these (accepted/paid modules are frozen; runs are waited for). */
const EDITABLE: readonly ProjectStatus[] = ["draft", "spec_ready", "spec_approved", "failed", "cancelled", "uat"];
/** Approval starts a build: only from a ready spec, or to rebuild after a failure or cancel. */
const APPROVABLE: readonly ProjectStatus[] = ["spec_ready", "failed", "cancelled"];
/** A new draft may be asked for before approval, or after a failed/cancelled run. */
const REGENERABLE: readonly ProjectStatus[] = ["draft", "spec_ready", "failed", "cancelled"];

export function isSpecEditable(status: ProjectStatus): boolean {
  return EDITABLE.includes(status);
}

function runActiveError(): AppError {
  return new AppError(
    "PRECONDITION_FAILED",
    "A run is under way for this project. Wait for it to finish (or cancel it) before changing the specification.",
  );
}

/**
 * A blueprint from untrusted input, forced to the project's module name and Odoo version, with
 * zod's messages mapped to `blueprint.<path>` fields for the editor.
 */
export function parseProjectBlueprint(project: Pick<Project, "moduleName" | "odooVersion">, raw: unknown): Blueprint {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new AppError("BAD_REQUEST", "The blueprint must be an object.", { fields: { blueprint: "The blueprint must be an object." } });
  }
  const input = raw as BlueprintInput;
  const module = typeof input.module === "object" && input.module !== null ? input.module : ({} as BlueprintInput["module"]);
  try {
    return blueprintForProject(project as Project, { ...input, module });
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    const fields: Record<string, string> = {};
    for (const issue of error.issues.slice(0, 50)) {
      const key = ["blueprint", ...issue.path.map(String)].join(".");
      fields[key] ??= issue.message;
    }
    const first = error.issues[0];
    const where = first ? ` (${["blueprint", ...first.path.map(String)].join(".")})` : "";
    throw new AppError("BAD_REQUEST", `The blueprint is not valid: ${first?.message ?? "invalid"}${where}.`, { fields, cause: error });
  }
}

/**
 * Compile + validate findings. A blueprint whose parts reference missing things cannot compile;
 * those problems come back as error findings instead of an exception, so an editor can list them.
 */
export async function specFindings(blueprint: Blueprint): Promise<Finding[]> {
  try {
    return (await checkBlueprint(blueprint)).findings;
  } catch (error) {
    if (error instanceof AppError && error.code === "BAD_REQUEST" && error.fields) {
      return Object.entries(error.fields).map(([path, message]) => ({
        severity: "error" as const,
        file: null,
        line: null,
        rule: "blueprint-reference",
        message: `${path}: ${message}`,
      }));
    }
    throw error;
  }
}

async function loadProject(db: DbExecutor, projectId: string): Promise<Project> {
  const [project] = await db.select().from(projects).where(and(eq(projects.id, projectId), isNull(projects.deletedAt)));
  if (!project) throw notFound("Project");
  return project;
}

export interface CreateSpecVersionInput {
  projectId: string;
  source: SpecVersionSource;
  markdown: string;
  blueprint: unknown;
  note?: string | null;
  createdBy?: string | null;
  /** When an AI agent wrote it: provider/model and cost, shown with the version. */
  ai?: AiUsage | null;
}

/**
 * Adds version N+1 of a project's spec. Race-safe: two writers computing the same N retry on the
 * unique (project, number) index, like buildModuleVersion.
 */
export async function createSpecVersion(db: DbExecutor, input: CreateSpecVersionInput): Promise<SpecVersion> {
  const markdown = specMarkdownSchema.parse(input.markdown);
  const note = input.note == null ? null : specNoteSchema.parse(input.note) || null;
  const project = await loadProject(db, input.projectId);
  const blueprint = parseProjectBlueprint(project, input.blueprint);
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await insertVersion(db, { projectId: project.id, source: input.source, markdown, blueprint, note, createdBy: input.createdBy ?? null, ai: input.ai ?? null });
    } catch (error) {
      if (attempt < 3 && isUniqueViolation(error, "spec_versions_project_number_unique")) continue;
      throw error;
    }
  }
}

async function insertVersion(
  db: DbExecutor,
  values: { projectId: string; source: SpecVersionSource; markdown: string; blueprint: Blueprint; note: string | null; createdBy: string | null; number?: number; ai?: AiUsage | null },
): Promise<SpecVersion> {
  // A savepoint when called inside a transaction: a lost race rolls back only this insert.
  return db.transaction(async (tx) => {
    let number = values.number;
    if (number === undefined) {
      const [{ value } = { value: 0 }] = await tx
        .select({ value: max(specVersions.number) })
        .from(specVersions)
        .where(eq(specVersions.projectId, values.projectId));
      number = (value ?? 0) + 1;
    }
    const [row] = await tx
      .insert(specVersions)
      .values({
        projectId: values.projectId,
        number,
        source: values.source,
        markdown: values.markdown,
        blueprint: values.blueprint as unknown as Record<string, unknown>,
        note: values.note,
        createdBy: values.createdBy,
        aiProvider: values.ai?.provider ?? null,
        aiModel: values.ai?.model ?? null,
        aiCostMicros: values.ai?.costMicros ?? 0,
        aiInputTokens: values.ai?.inputTokens ?? 0,
        aiOutputTokens: values.ai?.outputTokens ?? 0,
      })
      .returning();
    if (!row) throw new Error("insert returned no spec version");
    return row;
  });
}

/**
 * Drafts a spec for the project with `drafter` (offline or AI) and stores it as the next version.
 * For the generate-spec function, which owns the status changes around it (spec_generating →
 * spec_ready); call it inside a step so a retried step re-drafts instead of half-writing.
 */
export async function draftSpecVersion(
  deps: { db: DbExecutor; drafter: SpecDrafter },
  project: Pick<Project, "id" | "title" | "moduleName" | "odooVersion" | "description" | "depends">,
  opts: { createdBy?: string | null } = {},
): Promise<{ version: SpecVersion; notes: string[] }> {
  const result = await deps.drafter.draft({
    title: project.title,
    moduleName: project.moduleName,
    odooVersion: project.odooVersion,
    description: project.description,
    depends: project.depends,
  });
  const version = await createSpecVersion(deps.db, {
    projectId: project.id,
    source: result.source,
    markdown: result.markdown,
    blueprint: result.blueprint,
    note: result.source === "offline" ? "Offline draft (written without AI)" : `Drafted by ${deps.drafter.name}`,
    createdBy: opts.createdBy ?? null,
    ai: result.ai ?? null,
  });
  return { version, notes: result.notes };
}

/** Newest first, without the Markdown and blueprint bodies (a summary for history lists). */
export async function listSpecVersions(db: DbExecutor, projectId: string) {
  return db
    .select({
      id: specVersions.id,
      number: specVersions.number,
      source: specVersions.source,
      note: specVersions.note,
      approvedAt: specVersions.approvedAt,
      approvedBy: specVersions.approvedBy,
      createdBy: specVersions.createdBy,
      createdAt: specVersions.createdAt,
      aiProvider: specVersions.aiProvider,
      aiModel: specVersions.aiModel,
      aiCostMicros: specVersions.aiCostMicros,
      aiInputTokens: specVersions.aiInputTokens,
      aiOutputTokens: specVersions.aiOutputTokens,
      models: sql<number>`coalesce(jsonb_array_length(${specVersions.blueprint} -> 'models'), 0)`.mapWith(Number),
      markdownBytes: sql<number>`octet_length(${specVersions.markdown})`.mapWith(Number),
    })
    .from(specVersions)
    .where(eq(specVersions.projectId, projectId))
    .orderBy(desc(specVersions.number));
}

/** Version `number`, or the latest when no number is given. */
export async function getSpecVersion(db: DbExecutor, projectId: string, number?: number): Promise<SpecVersion> {
  const [row] = await db
    .select()
    .from(specVersions)
    .where(number === undefined ? eq(specVersions.projectId, projectId) : and(eq(specVersions.projectId, projectId), eq(specVersions.number, number)))
    .orderBy(desc(specVersions.number))
    .limit(1);
  if (!row) throw notFound(number === undefined ? "Specification" : `Specification version ${number}`);
  return row;
}

export async function getSpecVersionById(db: DbExecutor, projectId: string, id: string): Promise<SpecVersion> {
  const [row] = await db
    .select()
    .from(specVersions)
    .where(and(eq(specVersions.projectId, projectId), eq(specVersions.id, id)));
  if (!row) throw notFound("Specification version");
  return row;
}

/** The most recently approved version (what a build uses), or null before any approval. */
export async function approvedSpecVersion(db: DbExecutor, projectId: string): Promise<SpecVersion | null> {
  const [row] = await db
    .select()
    .from(specVersions)
    .where(and(eq(specVersions.projectId, projectId), isNotNull(specVersions.approvedAt)))
    .orderBy(desc(specVersions.approvedAt), desc(specVersions.number))
    .limit(1);
  return row ?? null;
}

async function latestNumber(db: DbExecutor, projectId: string): Promise<number | null> {
  const [{ value } = { value: null }] = await db
    .select({ value: max(specVersions.number) })
    .from(specVersions)
    .where(eq(specVersions.projectId, projectId));
  return value ?? null;
}

function staleError(latest: number | null): AppError {
  return new AppError(
    "CONFLICT",
    `Someone saved a newer version of this specification${latest ? ` (version ${latest})` : ""}. Reload it before saving, so neither edit is lost.`,
  );
}

/**
 * The user's edit. The blueprint must match the schema; compile/validation errors come back as
 * findings but do not block saving (the user keeps their work). Saving over an approved spec
 * supersedes the approval; during UAT the version is an adjustment and UAT goes on.
 */
export async function saveSpecVersion(
  deps: SpecDeps,
  actor: Actor,
  project: Project,
  rawInput: SaveSpecInput,
): Promise<{ version: SpecVersion; findings: Finding[] }> {
  const input = saveSpecInput.parse(rawInput);
  if (isRunActive(project.status)) throw runActiveError();
  if (!isSpecEditable(project.status)) {
    throw new AppError("PRECONDITION_FAILED", "This project's module was accepted: its specification can no longer change.");
  }
  const blueprint = parseProjectBlueprint(project, input.blueprint);
  const findings = await specFindings(blueprint);

  try {
    const version = await deps.db.transaction(async (tx) => {
      // Re-read inside the transaction: a run may have started since the request began.
      const current = await loadProject(tx, project.id);
      if (isRunActive(current.status)) throw runActiveError();
      if (!isSpecEditable(current.status)) {
        throw new AppError("PRECONDITION_FAILED", "This project's module was accepted: its specification can no longer change.");
      }
      const latest = await latestNumber(tx, project.id);
      if (input.baseNumber !== undefined && input.baseNumber !== latest) throw staleError(latest);
      const row = await insertVersion(tx, {
        projectId: project.id,
        source: current.status === "uat" ? "adjustment" : "user",
        markdown: input.markdown,
        blueprint,
        note: input.note || null,
        createdBy: actor.userId,
        // With a base, N+1 exactly: a concurrent save of the same base fails instead of stacking.
        number: (latest ?? 0) + 1,
      });
      const to = nextStatusAfterSave(current.status);
      if (to) {
        const moved = await setProjectStatus(tx, project.id, {
          to,
          from: [current.status],
          actorId: actor.userId,
          reason: current.status === "spec_approved" ? `Specification edited (version ${row.number}); approve it again to build` : `Specification saved (version ${row.number})`,
        });
        if (!moved) throw runActiveError();
      }
      await recordAudit(tx, {
        actorId: actor.userId,
        action: "spec.saved",
        targetType: "project",
        targetId: project.id,
        ip: actor.ip,
        metadata: { number: row.number, source: row.source, ...summarise(findings) },
      });
      return row;
    });
    return { version, findings };
  } catch (error) {
    if (isUniqueViolation(error, "spec_versions_project_number_unique")) throw staleError(await latestNumber(deps.db, project.id));
    throw error;
  }
}

function nextStatusAfterSave(status: ProjectStatus): ProjectStatus | null {
  switch (status) {
    case "draft":
    case "failed":
    case "cancelled":
    case "spec_approved":
      return "spec_ready";
    default:
      // spec_ready stays; uat stays (the adjustment is approved separately).
      return null;
  }
}

/**
 * Freezes version `number` and starts the build: approvedAt/By, project → spec_approved with
 * fixAttempts reset, audit — in one transaction — then `project/spec.approved`.
 * Approving the version the project is already approved on (a double click, a retry) returns it
 * without a second event.
 */
export async function approveSpecVersion(deps: SpecSendDeps, actor: Actor, project: Project, number: number): Promise<SpecVersion> {
  specNumberSchema.parse(number);
  const version = await getSpecVersion(deps.db, project.id, number);
  if (version.approvedAt && !APPROVABLE.includes(project.status)) return version;
  if (isRunActive(project.status)) throw runActiveError();
  if (!APPROVABLE.includes(project.status)) {
    throw new AppError("PRECONDITION_FAILED", `A specification can be approved when it is ready, not while the project is "${project.status}".`);
  }
  const blueprint = parseProjectBlueprint(project, version.blueprint);
  const errors = (await specFindings(blueprint)).filter((finding) => finding.severity === "error");
  if (errors.length > 0) {
    throw new AppError(
      "BAD_REQUEST",
      `The specification has ${errors.length} error${errors.length === 1 ? "" : "s"} to fix before it can be approved: ${errors[0]!.message}`,
      { fields: Object.fromEntries(errors.slice(0, 20).map((f, i) => [`findings.${i}`, `${f.file ? `${f.file}${f.line ? `:${f.line}` : ""}: ` : ""}${f.message}`])) },
    );
  }

  const result = await deps.db.transaction(async (tx) => {
    const reapproval = version.approvedAt !== null;
    const [row] = await tx
      .update(specVersions)
      .set({ approvedAt: new Date(), approvedBy: actor.userId })
      .where(
        and(
          eq(specVersions.id, version.id),
          // A concurrent approval of the same version wins once.
          reapproval ? eq(specVersions.approvedAt, version.approvedAt!) : isNull(specVersions.approvedAt),
        ),
      )
      .returning();
    if (!row) return { version: await getSpecVersionById(tx, project.id, version.id), changed: false, reapproval };
    const moved = await setProjectStatus(tx, project.id, {
      to: "spec_approved",
      from: APPROVABLE,
      actorId: actor.userId,
      reason: `Specification version ${row.number} approved`,
      set: { fixAttempts: 0 },
    });
    if (!moved) throw new AppError("PRECONDITION_FAILED", "The project changed state meanwhile; reload and try again.");
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "spec.approved",
      targetType: "project",
      targetId: project.id,
      ip: actor.ip,
      metadata: { number: row.number, specVersionId: row.id, reapproval },
    });
    return { version: row, changed: true, reapproval };
  });
  if (!result.changed) return result.version;

  const data = { projectId: project.id, userId: actor.userId, specVersionId: result.version.id };
  await specApproved.create(data).validate();
  // A rebuild of the same version after a failure needs its own id: Inngest drops a repeated id.
  const id = result.reapproval ? `approve-${result.version.id}-${result.version.approvedAt!.getTime()}` : `approve-${result.version.id}`;
  await deps.send({ name: specApproved.name, data, id });
  return result.version;
}

/** Asks the drafter for a new spec (generate-spec moves the project to spec_generating). */
export async function requestSpecDraft(
  deps: SpecSendDeps,
  actor: Actor,
  project: Project,
  opts: { initial?: boolean } = {},
): Promise<{ eventId: string }> {
  if (isRunActive(project.status)) throw runActiveError();
  if (!REGENERABLE.includes(project.status)) {
    throw new AppError("PRECONDITION_FAILED", "The specification was approved: edit it instead of drafting a new one.");
  }
  const data = { projectId: project.id, userId: actor.userId };
  await specRequested.create(data).validate();
  const eventId = opts.initial ? `spec-${project.id}-initial` : `spec-${project.id}-${randomUUID()}`;
  if (!opts.initial) {
    await recordAudit(deps.db, { actorId: actor.userId, action: "spec.requested", targetType: "project", targetId: project.id, ip: actor.ip, metadata: { eventId } });
  }
  await deps.send({ name: specRequested.name, data, id: eventId });
  return { eventId };
}
