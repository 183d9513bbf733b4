/**
 * A fresh, migrated database per test file: PGlite in memory by default, or a throwaway database
 * on the PostgreSQL server named by TEST_DATABASE_URL (the same service tests, on a real server).
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Database } from "@/db/client";
import * as schema from "@/db/schema";

export interface TestDatabase {
  db: Database;
  kind: "pglite" | "pg";
  close(): Promise<void>;
}

export const testDatabaseKind = process.env.TEST_DATABASE_URL ? "pg" : "pglite";

export async function createTestDatabase(): Promise<TestDatabase> {
  return process.env.TEST_DATABASE_URL
    ? createServerDatabase(process.env.TEST_DATABASE_URL)
    : createPgliteDatabase();
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const template = readFileSync(path.resolve(".data/test/pglite-template.tar.gz"));
  const client = new PGlite({ loadDataDir: new Blob([template]) });
  await client.waitReady;
  return {
    db: drizzle({ client, schema }) as unknown as Database,
    kind: "pglite",
    close: () => client.close(),
  };
}

async function createServerDatabase(url: string): Promise<TestDatabase> {
  const { default: pg } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const name = `omb_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: target.toString(), max: 4 });
  const db = drizzle({ client: pool, schema });
  await migrate(db, { migrationsFolder: path.resolve("db/migrations") });
  return {
    db: db as unknown as Database,
    kind: "pg",
    async close() {
      await pool.end();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      try {
        await dropWithRetries(cleanup, name);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/**
 * A plain DROP, retried: right after a test an autovacuum worker may still be connected to the
 * fresh database, and `WITH (FORCE)` cannot end it without superuser or pg_signal_backend.
 */
async function dropWithRetries(client: { query(sql: string): Promise<unknown> }, name: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await client.query(`drop database if exists ${name}`);
      return;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
