/**
 * Sandboxes for a project: install a module version in real Odoo with its tests, keep it up as
 * a live preview until it expires, extend once, stop. Every sandbox is a row first (so the
 * reaper can always find it) and an adapter object in this process while it lives.
 */
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type Project, type SandboxRow, projects, sandboxes, sandboxStillStanding, users } from "@/db/schema";
import { AppError, notFound } from "@/server/errors";
import { unzipModule } from "@/server/odoo/module-files";
import { type Sandbox, type SandboxProvider, SandboxUnavailableError } from "@/server/ports/sandbox";
import type { BlobStore } from "@/server/ports/storage";
import { recordAudit } from "@/server/services/audit/audit";
import { getModuleVersion } from "@/server/services/modules/modules";

export type SandboxRegistry = Map<string, Sandbox>;

/** Live adapter objects of this process, by sandbox row id (on globalThis: survives HMR). */
export function processSandboxRegistry(): SandboxRegistry {
  const holder = globalThis as typeof globalThis & { __ombSandboxes?: SandboxRegistry };
  holder.__ombSandboxes ??= new Map();
  return holder.__ombSandboxes;
}

export interface SandboxDeps {
  db: Database;
  store: BlobStore;
  provider: SandboxProvider;
  registry: SandboxRegistry;
  ttlMs: number;
}

export interface Actor {
  userId: string;
  ip?: string | null;
}

/** How much one extension adds. */
export const EXTENSION_MS = 30 * 60_000;

export interface SandboxView {
  id: string;
  provider: string;
  status: SandboxRow["status"];
  odooVersion: string;
  moduleVersionId: string | null;
  expiresAt: Date;
  previewUrl: string | null;
  credentials: { login: string; password: string } | null;
  verdict: SandboxRow["verdict"];
  lastError: string | null;
  canExtend: boolean;
  createdAt: Date;
}

export function viewOf(row: SandboxRow, registry: SandboxRegistry): SandboxView {
  const live = registry.get(row.id);
  return {
    id: row.id,
    provider: row.provider,
    status: row.status,
    odooVersion: row.odooVersion,
    moduleVersionId: row.moduleVersionId,
    expiresAt: row.expiresAt,
    // A fresh token each time: it carries the current expiry (after an extension too).
    previewUrl: row.status === "serving" ? (live?.previewLink() ?? null) : null,
    credentials: row.status === "serving" ? row.credentials : null,
    verdict: row.verdict,
    lastError: row.lastError,
    canExtend: row.status === "serving" && row.extensions < 1,
    createdAt: row.createdAt,
  };
}

async function update(db: Database, id: string, values: Partial<SandboxRow>) {
  const [row] = await db.update(sandboxes).set(values).where(eq(sandboxes.id, id)).returning();
  if (!row) throw notFound("Sandbox");
  return row;
}

/**
 * Installs version `number` (default: latest) of the project's module in a new sandbox with its
 * tests and, when it installs, starts the live preview. One live sandbox per project: an older
 * one is stopped first.
 */
export async function startSandbox(deps: SandboxDeps, actor: Actor, project: Project, number?: number): Promise<SandboxView> {
  const version = await getModuleVersion(deps.db, project.id, number);
  if (version.findingSummary.errors > 0) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `Version ${version.number} has ${version.findingSummary.errors} validation error(s); fix them before testing it in Odoo.`,
    );
  }
  for (const old of await liveRows(deps.db, project.id)) await destroyRow(deps, old, "replaced by a new sandbox");

  const [row] = await deps.db
    .insert(sandboxes)
    .values({
      provider: deps.provider.name,
      projectId: project.id,
      moduleVersionId: version.id,
      odooVersion: version.odooVersion,
      status: "creating",
      expiresAt: new Date(Date.now() + deps.ttlMs),
      labels: { projectId: project.id, moduleVersion: String(version.number) },
    })
    .returning();
  if (!row) throw new Error("insert returned no sandbox");
  await recordAudit(deps.db, { actorId: actor.userId, action: "sandbox.started", targetType: "sandbox", targetId: row.id, ip: actor.ip, metadata: { projectId: project.id, version: version.number } });

  let sandbox: Sandbox | undefined;
  try {
    const blueprintDepends = ((version.blueprint as { module?: { depends?: string[] } }).module?.depends ?? []).filter(Boolean);
    sandbox = await deps.provider.create({
      odooVersion: version.odooVersion,
      depends: [...new Set([...blueprintDepends, ...project.depends])],
      timeoutMs: deps.ttlMs,
      labels: { sandbox: row.id, project: project.id },
      // The sandbox becomes the customer's live preview: with demo data, so it is not empty.
      demo: true,
    });
    deps.registry.set(row.id, sandbox);
    await update(deps.db, row.id, { externalId: sandbox.externalId, status: "installing", expiresAt: sandbox.expiresAt });

    const zip = await deps.store.get(version.blobKey);
    if (!zip) throw new Error(`the files of version ${version.number} are missing from storage`);
    await sandbox.writeModule(project.moduleName, unzipModule(zip.body).files);
    const verdict = await sandbox.install(project.moduleName, { tests: true, quick: project.quickTest });
    const logKey = `projects/${project.id}/sandboxes/${row.id}/install.log`;
    await deps.store.put(logKey, new TextEncoder().encode(verdict.log), { contentType: "text/plain; charset=utf-8" });
    const { log: _log, ...summary } = verdict;

    if (!verdict.installed) {
      await sandbox.destroy();
      deps.registry.delete(row.id);
      const reason = verdict.errors[0]?.message ?? `the module did not install (${verdict.state})`;
      return viewOf(
        await update(deps.db, row.id, { status: "failed", verdict: summary, logKey, lastError: reason, destroyedAt: new Date() }),
        deps.registry,
      );
    }
    const preview = await sandbox.startServer({ demo: true });
    return viewOf(
      await update(deps.db, row.id, {
        status: "serving",
        verdict: summary,
        logKey,
        previewUrl: preview.previewUrl,
        credentials: { login: preview.login, password: preview.password },
      }),
      deps.registry,
    );
  } catch (error) {
    deps.registry.delete(row.id);
    await sandbox?.destroy().catch(() => undefined);
    const message = error instanceof SandboxUnavailableError ? error.message : `Sandbox failed: ${(error as Error).message}`;
    await update(deps.db, row.id, { status: "failed", lastError: message, destroyedAt: new Date() });
    if (error instanceof SandboxUnavailableError) throw new AppError("PRECONDITION_FAILED", error.message, { cause: error });
    throw error;
  }
}

/** The project's sandboxes that may still hold resources (see sandboxStillStanding). */
export async function liveRows(db: Database, projectId: string) {
  return db
    .select()
    .from(sandboxes)
    .where(and(eq(sandboxes.projectId, projectId), sandboxStillStanding()));
}

/**
 * The project's newest sandbox (live or not), with a fresh preview link and a health check when
 * it is serving: the page shows the preview only when Odoo answers, and the reason when not.
 */
export async function projectSandbox(
  deps: Pick<SandboxDeps, "db" | "registry">,
  projectId: string,
): Promise<(SandboxView & { health: { healthy: boolean; detail: string } | null }) | null> {
  const [row] = await deps.db
    .select()
    .from(sandboxes)
    .where(eq(sandboxes.projectId, projectId))
    .orderBy(desc(sandboxes.createdAt))
    .limit(1);
  if (!row) return null;
  const live = row.status === "serving" ? deps.registry.get(row.id) : undefined;
  const health = row.status !== "serving" ? null : live ? await live.health() : { healthy: false, detail: "This preview belonged to a server process that has restarted. Start a new one." };
  return { ...viewOf(row, deps.registry), health };
}

async function ownedRow(db: Database, projectId: string, sandboxId: string) {
  const [row] = await db
    .select()
    .from(sandboxes)
    .where(and(eq(sandboxes.id, sandboxId), eq(sandboxes.projectId, projectId)));
  if (!row) throw notFound("Sandbox");
  return row;
}

export async function extendSandbox(deps: SandboxDeps, actor: Actor, projectId: string, sandboxId: string): Promise<SandboxView> {
  const row = await ownedRow(deps.db, projectId, sandboxId);
  if (row.status !== "serving") throw new AppError("PRECONDITION_FAILED", "Only a running preview can be extended.");
  if (row.extensions >= 1) throw new AppError("PRECONDITION_FAILED", "A preview can be extended once. Start a new one when it ends.");
  const live = deps.registry.get(row.id);
  const expiresAt = live ? await live.extend(EXTENSION_MS) : new Date(row.expiresAt.getTime() + EXTENSION_MS);
  await recordAudit(deps.db, { actorId: actor.userId, action: "sandbox.extended", targetType: "sandbox", targetId: row.id, ip: actor.ip });
  return viewOf(await update(deps.db, row.id, { expiresAt, extensions: row.extensions + 1 }), deps.registry);
}

/** Destroys one sandbox (its live object here, else by external id) and marks the row destroyed. */
export async function destroyRow(deps: Pick<SandboxDeps, "db" | "provider" | "registry">, row: SandboxRow, reason: string) {
  await update(deps.db, row.id, { status: "destroying" });
  const live = deps.registry.get(row.id);
  if (live) await live.destroy();
  else if (row.externalId) await deps.provider.destroyExternal(row.externalId);
  deps.registry.delete(row.id);
  return update(deps.db, row.id, { status: "destroyed", destroyedAt: new Date(), credentials: null, lastError: row.lastError ?? null, labels: { ...row.labels, stopReason: reason } });
}

export async function stopSandbox(deps: SandboxDeps, actor: Actor, projectId: string, sandboxId: string): Promise<SandboxView> {
  const row = await ownedRow(deps.db, projectId, sandboxId);
  if (row.status === "destroyed") return viewOf(row, deps.registry);
  await recordAudit(deps.db, { actorId: actor.userId, action: "sandbox.stopped", targetType: "sandbox", targetId: row.id, ip: actor.ip });
  return viewOf(await destroyRow(deps, row, "stopped by the owner"), deps.registry);
}

/** Admin: every sandbox not destroyed yet, with its project and owner. */
export async function listLiveSandboxes(db: Database) {
  return db
    .select({ sandbox: sandboxes, moduleName: projects.moduleName, projectTitle: projects.title, ownerEmail: users.email })
    .from(sandboxes)
    .leftJoin(projects, eq(projects.id, sandboxes.projectId))
    .leftJoin(users, eq(users.id, projects.ownerId))
    .where(sandboxStillStanding())
    .orderBy(desc(sandboxes.createdAt));
}

export async function killSandbox(deps: SandboxDeps, actor: Actor, sandboxId: string): Promise<SandboxView> {
  const [row] = await deps.db.select().from(sandboxes).where(eq(sandboxes.id, sandboxId));
  if (!row) throw notFound("Sandbox");
  await recordAudit(deps.db, { actorId: actor.userId, action: "sandbox.killed", targetType: "sandbox", targetId: row.id, ip: actor.ip });
  if (row.status === "destroyed") return viewOf(row, deps.registry);
  return viewOf(await destroyRow(deps, row, "killed by an admin"), deps.registry);
}
