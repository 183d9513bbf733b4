import { type DatabaseHandle, type Database, getDatabaseHandle, resolveDriver } from "@/db/client";
import { getEnv } from "@/server/env";

/** The app's database, on the driver DATABASE_URL selects (opened once per process). */
export function getDatabase(): Promise<DatabaseHandle> {
  const env = getEnv();
  return getDatabaseHandle(resolveDriver(env.DATABASE_URL, env.DATA_DIR));
}

export async function getDb(): Promise<Database> {
  return (await getDatabase()).db;
}
