/**
 * PostgreSQL as the Odoo role: psql/createdb through the unix socket with peer auth, run as the
 * Odoo user (so the app itself needs no PG credentials). Only `omb_` databases are ever touched.
 */
import { spawn } from "node:child_process";
import { killGroup, odooEnv, odooIdentity, runAsOdoo } from "./exec";

/** Our databases: `omb_tpl_<v>_<hash>` templates and `omb_sbx_<v>_<id>` sandboxes. */
export const OWN_DATABASE = /^omb_[a-z0-9_]{1,59}$/;

export class PgError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PgError";
  }
}

export function assertOwnDatabase(name: string): void {
  if (!OWN_DATABASE.test(name)) throw new PgError(`Refusing to touch database "${name}": not an omb_ database`);
}

/** Single-quoted SQL literal. */
export const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** Runs SQL, returns rows as arrays of fields (unaligned, tab-separated). */
export async function psql(sql: string, database = "postgres", timeoutMs = 30_000): Promise<string[][]> {
  const result = await runAsOdoo(
    ["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", database, "-f", "-"],
    { input: sql, timeoutMs },
  );
  if (result.code !== 0) {
    throw new PgError(result.timedOut ? `psql timed out after ${timeoutMs} ms` : `psql failed: ${result.stderr.trim() || result.stdout.trim()}`);
  }
  return result.stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.split("\t"));
}

export async function databaseExists(name: string): Promise<boolean> {
  const rows = await psql(`SELECT 1 FROM pg_database WHERE datname = ${literal(name)}`);
  return rows.length > 0;
}

/** `COMMENT ON DATABASE` text; read from `postgres` so the template itself gets no connection. */
export async function databaseComment(name: string): Promise<string | null> {
  const rows = await psql(
    `SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = ${literal(name)}`,
  );
  return rows[0]?.[0] ?? null;
}

export async function setDatabaseComment(name: string, comment: string): Promise<void> {
  assertOwnDatabase(name);
  await psql(`COMMENT ON DATABASE "${name}" IS ${literal(comment)}`);
}

/**
 * `createdb -T`: PostgreSQL refuses while any session is connected to the template, so a
 * concurrent check or a dying Odoo can make it fail briefly; retry a few times.
 */
export async function createDatabaseFrom(template: string, name: string): Promise<void> {
  assertOwnDatabase(name);
  assertOwnDatabase(template);
  for (let attempt = 1; ; attempt += 1) {
    const result = await runAsOdoo(["createdb", "-T", template, name], { timeoutMs: 120_000 });
    if (result.code === 0) return;
    const busy = /being accessed by other users/.test(result.stderr);
    if (!busy || attempt >= 10) throw new PgError(`createdb -T ${template} ${name} failed: ${result.stderr.trim()}`);
    await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
  }
}

/**
 * Plain DROP first: PostgreSQL itself stops autovacuum workers on the database (a fresh clone
 * often has one). `WITH (FORCE)` only when sessions remain (a killed Odoo): as a non-superuser
 * role FORCE fails with "must be a member of the role whose process is being terminated" if it
 * meets an autovacuum worker, so that case is retried after a pause.
 */
export async function dropDatabaseIfExists(name: string): Promise<void> {
  assertOwnDatabase(name);
  for (let attempt = 1; ; attempt += 1) {
    try {
      await psql(`DROP DATABASE IF EXISTS "${name}"`, "postgres", 120_000);
      return;
    } catch (error) {
      if (!/being accessed by other users/.test((error as Error).message) && attempt >= 5) throw error;
    }
    try {
      await psql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, "postgres", 120_000);
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
  }
}

/**
 * A session-level advisory lock held by a psql process that stays open: if this Node process
 * dies, psql's stdin closes, the session ends and PostgreSQL releases the lock. Concurrent
 * callers (other vitest workers, other app processes) wait in `pg_advisory_lock`.
 */
export function withAdvisoryLock<T>(key: string, fn: () => Promise<T>, waitMs = 15 * 60_000): Promise<T> {
  const [command, ...args] = [
    ...odooIdentity().prefix,
    ...["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", "postgres", "-f", "-"],
  ];
  const child = spawn(command!, args, { env: odooEnv(), stdio: ["pipe", "pipe", "pipe"], detached: true });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  // A psql that could not start or died: the write fails with EPIPE; 'close' reports it.
  child.stdin.on("error", () => undefined);
  const locked = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup(child.pid, "SIGKILL");
      reject(new PgError(`waited ${waitMs} ms for lock ${key}`));
    }, waitMs);
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      if (out.includes("omb-locked")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      reject(new PgError(`lock session ended (exit ${code}): ${stderr.trim()}`));
    });
  });
  // hashtext() maps the key to an int4; collisions only make unrelated builds wait.
  child.stdin.write(`SELECT pg_advisory_lock(hashtext(${literal(key)})), 'omb-locked';\n`);
  const closed = new Promise<void>((resolve) => {
    child.once("close", () => resolve());
    child.once("error", () => resolve());
  });
  // Ending stdin ends the psql session, which releases the lock.
  const release = () => {
    child.stdin.end();
    return closed;
  };
  return locked.then(
    async () => {
      try {
        return await fn();
      } finally {
        await release();
      }
    },
    async (error) => {
      await release();
      throw error;
    },
  );
}
