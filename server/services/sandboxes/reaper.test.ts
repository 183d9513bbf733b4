import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxes } from "@/db/schema";
import { noSandboxProvider } from "@/server/ports/sandbox/none";
import type { SandboxProvider } from "@/server/ports/sandbox/types";
import { createTestDatabase, type TestDatabase, testDatabaseKind } from "@/test/db";
import { reapExpiredSandboxes } from "./reaper";

describe(`sandbox reaper (${testDatabaseKind})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.close());

  it("destroys what is past its expiry, keeps the rest, and retries failures next time", async () => {
    const now = new Date("2026-11-22T12:00:00Z");
    const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
    const destroyed: string[] = [];
    let flaky = true;
    const local: SandboxProvider = {
      ...noSandboxProvider,
      name: "local",
      async destroyExternal(externalId) {
        if (externalId === "db-flaky" && flaky) throw new Error("dropdb: database is being accessed");
        destroyed.push(externalId);
      },
    };
    await t.db.insert(sandboxes).values([
      { id: "old", provider: "local", externalId: "db-old", odooVersion: "17", status: "serving", expiresAt: minutes(-5) },
      { id: "flaky", provider: "local", externalId: "db-flaky", odooVersion: "17", status: "ready", expiresAt: minutes(-1) },
      { id: "live", provider: "local", externalId: "db-live", odooVersion: "18", status: "serving", expiresAt: minutes(30) },
      { id: "gone", provider: "local", externalId: "db-gone", odooVersion: "18", status: "destroyed", expiresAt: minutes(-60) },
      { id: "orphan", provider: "e2b", externalId: "e2b-1", odooVersion: "16", status: "serving", expiresAt: minutes(-2) },
    ]);

    const first = await reapExpiredSandboxes(t.db, { local }, now);
    expect(first.reaped).toEqual(["old"]);
    expect(first.failed.map((f) => f.id).sort()).toEqual(["flaky", "orphan"]);
    expect(destroyed).toEqual(["db-old"]);
    const [flakyRow] = await t.db.select().from(sandboxes).where(eq(sandboxes.id, "flaky"));
    expect(flakyRow?.lastError).toMatch(/being accessed/);
    expect(flakyRow?.status).toBe("destroying");

    flaky = false;
    const second = await reapExpiredSandboxes(t.db, { local }, minutes(1));
    expect(second.reaped).toEqual(["flaky"]);
    const rows = Object.fromEntries((await t.db.select().from(sandboxes)).map((r) => [r.id, r.status]));
    expect(rows).toEqual({ old: "destroyed", flaky: "destroyed", live: "serving", gone: "destroyed", orphan: "destroying" });
  });
});
