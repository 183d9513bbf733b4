/**
 * The database handle, with the driver chosen from DATABASE_URL:
 *   unset or `pglite:<dir>`  → PGlite in-process, persisted in <dir> (default DATA_DIR/pglite),
 *                               migrated on open
 *   `pglite:memory://`       → PGlite in memory (tests, throwaway runs)
 *   a `*.neon.tech` host     → @neondatabase/serverless (WebSocket pool)
 *   any other postgres:// URL → node-postgres
 * Servers are migrated with `npm run db:migrate`, never implicitly.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A database handle or an open transaction on one: services accept either. */
export type DbExecutor = Database | Parameters<Parameters<Database["transaction"]>[0]>[0];

export type DriverConfig =
  | { kind: "pglite"; dataDir: string | null }
  | { kind: "neon"; url: string }
  | { kind: "pg"; url: string };

export function resolveDriver(databaseUrl: string | undefined, dataDir = ".data"): DriverConfig {
  if (!databaseUrl) return { kind: "pglite", dataDir: path.resolve(dataDir, "pglite") };
  if (databaseUrl.startsWith("pglite:")) {
    const target = databaseUrl.slice("pglite:".length);
    if (target === "memory://" || target === "") return { kind: "pglite", dataDir: null };
    return { kind: "pglite", dataDir: path.resolve(target) };
  }
  let host: string;
  try {
    host = new URL(databaseUrl).hostname;
  } catch {
    throw new Error("DATABASE_URL is not a valid URL");
  }
  if (host === "neon.tech" || host.endsWith(".neon.tech")) return { kind: "neon", url: databaseUrl };
  return { kind: "pg", url: databaseUrl };
}

export interface DatabaseHandle {
  db: Database;
  driver: DriverConfig["kind"];
  close(): Promise<void>;
}

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

export async function openDatabase(config: DriverConfig): Promise<DatabaseHandle> {
  switch (config.kind) {
    case "pglite":
      return openPglite(config.dataDir);
    case "neon": {
      const [{ Pool, neonConfig }, { drizzle }, { default: ws }] = await Promise.all([
        import("@neondatabase/serverless"),
        import("drizzle-orm/neon-serverless"),
        import("ws"),
      ]);
      neonConfig.webSocketConstructor = ws;
      const pool = new Pool({ connectionString: config.url });
      const db = drizzle({ client: pool, schema }) as unknown as Database;
      return { db, driver: "neon", close: () => pool.end() };
    }
    case "pg": {
      const [{ default: pg }, { drizzle }] = await Promise.all([
        import("pg"),
        import("drizzle-orm/node-postgres"),
      ]);
      const pool = new pg.Pool({ connectionString: config.url, max: 10 });
      const db = drizzle({ client: pool, schema }) as unknown as Database;
      return { db, driver: "pg", close: () => pool.end() };
    }
  }
}

async function openPglite(dataDir: string | null): Promise<DatabaseHandle> {
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
    import("drizzle-orm/pglite/migrator"),
  ]);
  let release = () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    release = lockDataDir(dataDir);
  }
  try {
    const client = new PGlite(dataDir ?? undefined);
    await client.waitReady;
    const db = drizzle({ client, schema });
    await migrate(db, { migrationsFolder });
    return {
      db: db as unknown as Database,
      driver: "pglite",
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * PGlite has no lock of its own: a second process opening the same directory silently diverges
 * and corrupts it. A pid file refuses that with a clear message instead.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, "omb.lock");
  if (existsSync(lockFile)) {
    const pid = Number.parseInt(readFileSync(lockFile, "utf8"), 10);
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The PGlite database in ${dataDir} is already open in process ${pid}. ` +
          "PGlite allows one process per data directory: stop that process, or point " +
          "DATABASE_URL at another directory or a PostgreSQL server.",
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  const release = () => {
    try {
      if (readFileSync(lockFile, "utf8") === String(process.pid)) rmSync(lockFile);
    } catch {
      // already gone
    }
  };
  process.once("exit", release);
  return release;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

type GlobalWithDb = typeof globalThis & { __ombDb?: Map<string, Promise<DatabaseHandle>> };

/**
 * One handle per driver config per process, kept on globalThis so Next's module reloading and
 * route bundles share it (a second PGlite on the same directory would corrupt it).
 */
export function getDatabaseHandle(config: DriverConfig): Promise<DatabaseHandle> {
  const store = ((globalThis as GlobalWithDb).__ombDb ??= new Map());
  const key = JSON.stringify(config);
  let handle = store.get(key);
  if (!handle) {
    handle = openDatabase(config);
    store.set(key, handle);
    handle.catch(() => store.delete(key));
  }
  return handle;
}
