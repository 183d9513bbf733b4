/**
 * Template databases: one per (Odoo version, sorted set of core depends, demo), built once and
 * cloned per sandbox with `createdb -T` (~1 s instead of 10–40 s of module installation).
 */
import type { OdooVersion } from "@/lib/odoo-versions";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { runAsOdoo, ensureOdooDir, odooIdentity } from "./exec";
import {
  assertOwnDatabase,
  createDatabaseFrom,
  databaseComment,
  dropDatabaseIfExists,
  literal,
  psql,
  setDatabaseComment,
  withAdvisoryLock,
} from "./pg";
import { dataDirOf, runOdoo } from "./runner";
import type { OdooTree } from "./trees";

/** Bump when the way templates are built changes: old templates are then ignored. */
const TEMPLATE_REVISION = 1;

export type Template = { name: string; version: OdooVersion; modules: string[]; demo: boolean; dir: string; built: boolean; buildMs: number };

export class TemplateBuildError extends Error {
  constructor(
    message: string,
    readonly logFile: string,
  ) {
    super(message);
    this.name = "TemplateBuildError";
  }
}

/** `base` plus the depends, deduplicated and sorted: the template's identity. */
export function templateModules(depends: readonly string[]): string[] {
  return [...new Set(["base", ...depends])].sort();
}

/**
 * `omb_tpl_17_3f9a0c1b2d`: deterministic for (version, modules, demo, tree, work dir). The work
 * dir is part of it because a template is a database *and* its filestore directory.
 */
export function templateName(
  tree: Pick<OdooTree, "version" | "root">,
  depends: readonly string[],
  demo = false,
  workDir = odooIdentity().workDir,
): string {
  const key = [TEMPLATE_REVISION, tree.version, tree.root, workDir, demo ? "demo" : "nodemo", ...templateModules(depends)].join("\n");
  return `omb_tpl_${tree.version}_${createHash("sha256").update(key).digest("hex").slice(0, 10)}`;
}

const marker = (modules: string[], demo: boolean) => `omb-template r${TEMPLATE_REVISION} ready: ${modules.join(",")}${demo ? " +demo" : ""}`;

export const templatesDir = () => path.join(odooIdentity().workDir, "templates");
export const sandboxesDir = () => path.join(odooIdentity().workDir, "sandboxes");

/** The filestore Odoo keeps for `database` under a data dir (attachments live there, not in PG). */
export const filestoreOf = (dir: string, database: string) => path.join(dataDirOf(dir), "filestore", database);

/**
 * Returns the ready template, building it first if needed. Concurrent callers (other workers,
 * other processes) serialise on a PostgreSQL advisory lock: one builds, the others wait and reuse.
 */
export async function ensureTemplate(
  tree: OdooTree,
  depends: readonly string[],
  options: { demo?: boolean; timeoutMs?: number } = {},
): Promise<Template> {
  const demo = options.demo ?? false;
  const modules = templateModules(depends);
  const name = templateName(tree, depends, demo);
  const dir = path.join(templatesDir(), name);
  const ready = async () => (await databaseComment(name)) === marker(modules, demo) && existsSync(dataDirOf(dir));
  const result = (built: boolean, buildMs: number): Template => ({ name, version: tree.version, modules, demo, dir, built, buildMs });
  if (await ready()) return result(false, 0);
  return withAdvisoryLock(name, async () => {
    if (await ready()) return result(false, 0);
    const started = Date.now();
    // A half-built template (a crash, a timeout) is rebuilt from scratch.
    await dropDatabaseIfExists(name);
    rmSync(dir, { recursive: true, force: true });
    ensureOdooDir(templatesDir());
    ensureOdooDir(dir);
    const logFile = path.join(dir, "build.log");
    const run = await runOdoo({
      tree,
      database: name,
      dir,
      args: ["-i", modules.join(","), "--stop-after-init"],
      timeoutMs: options.timeoutMs ?? 10 * 60_000,
      logFile,
      demo,
    });
    const states = run.timedOut ? new Map<string, string>() : await moduleStates(name, modules);
    const missing = modules.filter((module) => states.get(module) !== "installed");
    if (run.timedOut || missing.length > 0) {
      await dropDatabaseIfExists(name).catch(() => undefined);
      throw new TemplateBuildError(
        run.timedOut
          ? `Template ${name} (Odoo ${tree.version}: ${modules.join(", ")}) timed out; log: ${logFile}`
          : `Template ${name} (Odoo ${tree.version}): not installed: ${missing.join(", ")}; log: ${logFile}`,
        logFile,
      );
    }
    await setDatabaseComment(name, marker(modules, demo));
    return result(true, Date.now() - started);
  });
}

/** `ir_module_module.state` per module name (Odoo's exit code does not say what got installed). */
export async function moduleStates(database: string, modules: readonly string[]): Promise<Map<string, string>> {
  if (modules.length === 0) return new Map();
  try {
    const rows = await psql(`SELECT name, state FROM ir_module_module WHERE name IN (${modules.map(literal).join(", ")})`, database);
    return new Map(rows.map(([module, state]) => [module!, state!]));
  } catch {
    return new Map();
  }
}

export type Clone = { database: string; dir: string };

/** A fresh sandbox database cloned from the template, with a copy of its filestore. */
export async function cloneDatabase(template: Template, database = sandboxDatabaseName(template.version)): Promise<Clone> {
  assertOwnDatabase(database);
  const dir = path.join(sandboxesDir(), database);
  ensureOdooDir(sandboxesDir());
  ensureOdooDir(dir);
  ensureOdooDir(path.join(dataDirOf(dir), "filestore"));
  try {
    await createDatabaseFrom(template.name, database);
    const source = filestoreOf(template.dir, template.name);
    if (existsSync(source)) {
      // cp -a as the Odoo user: the copy stays owned by it, whoever the app runs as.
      const copy = await runAsOdoo(["cp", "-a", source, filestoreOf(dir, database)], { timeoutMs: 120_000 });
      if (copy.code !== 0) throw new Error(`copying the filestore of ${template.name} failed: ${copy.stderr.trim()}`);
    }
    return { database, dir };
  } catch (error) {
    await dropDatabase(database, dir).catch(() => undefined);
    throw error;
  }
}

export function sandboxDatabaseName(version: OdooVersion): string {
  return `omb_sbx_${version}_${randomBytes(5).toString("hex")}`;
}

/** Drops a sandbox (or template) database and removes its directory (filestore, data, logs). */
export async function dropDatabase(database: string, dir = path.join(sandboxesDir(), database)): Promise<void> {
  assertOwnDatabase(database);
  await dropDatabaseIfExists(database);
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Drops sandboxes a crashed process left behind: `omb_sbx_` databases whose directory in this
 * work dir was last touched more than `olderThanMs` ago. Live sandboxes belong to their owner.
 */
export async function sweepSandboxes(olderThanMs = 6 * 60 * 60_000): Promise<string[]> {
  const rows = await psql("SELECT datname FROM pg_database WHERE datname LIKE 'omb\\_sbx\\_%'");
  const swept: string[] = [];
  for (const [database] of rows) {
    const dir = path.join(sandboxesDir(), database!);
    if (!existsSync(dir) || Date.now() - statSync(dir).mtimeMs < olderThanMs) continue;
    await dropDatabase(database!, dir);
    swept.push(database!);
  }
  return swept;
}
