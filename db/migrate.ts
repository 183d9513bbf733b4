/**
 * `npm run db:migrate`: applies db/migrations to the database DATABASE_URL names.
 * A PostgreSQL/Neon server is migrated only through this command (deploy step); PGlite is
 * migrated by the app when it opens, and this command does the same for a stopped app.
 */
import { getEnv } from "../server/env";
import { migrationsFolder, openDatabase, resolveDriver } from "./client";

async function main() {
  const env = getEnv();
  const config = resolveDriver(env.DATABASE_URL, env.DATA_DIR);
  const started = performance.now();
  const handle = await openDatabase(config);
  try {
    if (config.kind === "pg") {
      const { migrate } = await import("drizzle-orm/node-postgres/migrator");
      await migrate(handle.db as never, { migrationsFolder });
    } else if (config.kind === "neon") {
      const { migrate } = await import("drizzle-orm/neon-serverless/migrator");
      await migrate(handle.db as never, { migrationsFolder });
    }
    // PGlite: openDatabase has already applied the migrations.
    console.log(`Migrated ${config.kind} database in ${Math.round(performance.now() - started)} ms.`);
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
