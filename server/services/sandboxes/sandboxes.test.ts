import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxes } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import type { BlueprintInput } from "@/server/odoo/blueprint/schema";
import { noSandboxProvider, type SandboxProvider } from "@/server/ports/sandbox";
import type { SessionUser } from "@/server/services/auth/auth";
import { createTestDatabase, type TestDatabase, testDatabaseKind } from "@/test/db";
import { fakeSandboxProvider } from "@/test/fake-sandbox";
import { callerFor, makeUser, sampleProject, recordingSender, testStore } from "@/test/fixtures";
import { reapExpiredSandboxes } from "./reaper";
import type { SandboxRegistry } from "./sandboxes";

const blueprint: BlueprintInput = {
  module: { name: "x", title: "Loans", odooVersion: "17" },
  models: [{ name: "equipment.loan", description: "Loan", fields: [{ type: "char", name: "name", string: "Name", required: true }] }],
  views: [{ type: "list", model: "equipment.loan", fields: ["name"] }],
  menus: [{ id: "menu_loans", name: "Loans", model: "equipment.loan" }],
};

describe(`sandbox service (${testDatabaseKind})`, () => {
  let t: TestDatabase;
  let owner: SessionUser;
  let admin: SessionUser;
  let projectId: string;
  const registry: SandboxRegistry = new Map();
  const callerWith = (user: SessionUser | null, provider: SandboxProvider) =>
    createCaller({ db: t.db, storage: testStore, sandboxes: { provider, registry, ttlMs: 60 * 60_000 }, events: recordingSender(), user, ip: "127.0.0.1" });

  beforeAll(async () => {
    t = await createTestDatabase();
    owner = await makeUser(t.db);
    admin = await makeUser(t.db, "boss@example.com");
    projectId = (await callerFor(t.db, owner).project.create(sampleProject({ moduleName: "loans_box", depends: [] }))).id;
    await callerFor(t.db, owner).module.build({ projectId, blueprint });
  });
  afterAll(() => t.close());

  it("says plainly when no sandbox is configured, and records the failed attempt", async () => {
    await expect(callerWith(owner, noSandboxProvider).sandbox.start({ projectId })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringMatching(/No sandbox is configured.*ODOO_17_PATH/),
    });
    const status = await callerWith(owner, noSandboxProvider).sandbox.status({ projectId });
    expect(status).toMatchObject({ status: "failed", lastError: expect.stringMatching(/No sandbox is configured/) });
  });

  it("installs the latest version with tests, serves a preview with credentials, extends once, stops", async () => {
    const fake = fakeSandboxProvider();
    const caller = callerWith(owner, fake.provider);
    const started = await caller.sandbox.start({ projectId });
    expect(started).toMatchObject({ status: "serving", credentials: { login: "admin", password: "pw-123" }, canExtend: true });
    expect(started.previewUrl).toContain("omb_preview=");
    expect(started.verdict).toMatchObject({ installed: true, testsRun: 3, testsFailed: 0 });
    expect(started.verdict).not.toHaveProperty("log");
    expect([...fake.written.keys()]).toEqual(["omb_fake_1/loans_box"]);
    expect(fake.written.get("omb_fake_1/loans_box")?.has("__manifest__.py")).toBe(true);
    const [row] = await t.db.select().from(sandboxes).where(eq(sandboxes.id, started.id));
    expect(new TextDecoder().decode((await testStore.get(row!.logKey!))!.body)).toContain("0 failed");

    const extended = await caller.sandbox.extend({ projectId, sandboxId: started.id });
    expect(extended.expiresAt.getTime() - started.expiresAt.getTime()).toBe(30 * 60_000);
    expect(extended.canExtend).toBe(false);
    await expect(caller.sandbox.extend({ projectId, sandboxId: started.id })).rejects.toThrow(/extended once/);

    const stopped = await caller.sandbox.stop({ projectId, sandboxId: started.id });
    expect(stopped).toMatchObject({ status: "destroyed", previewUrl: null, credentials: null });
    expect(fake.destroyed).toEqual(["omb_fake_1"]);
    expect(registry.has(started.id)).toBe(false);
  });

  it("keeps one live sandbox per project: starting again replaces the old one", async () => {
    const fake = fakeSandboxProvider();
    const caller = callerWith(owner, fake.provider);
    const first = await caller.sandbox.start({ projectId });
    const second = await caller.sandbox.start({ projectId });
    expect(fake.destroyed).toEqual(["omb_fake_1"]);
    const [old] = await t.db.select().from(sandboxes).where(eq(sandboxes.id, first.id));
    expect(old?.status).toBe("destroyed");
    expect((await caller.sandbox.status({ projectId }))?.id).toBe(second.id);
    await caller.sandbox.stop({ projectId, sandboxId: second.id });
  });

  it("reports a failed install with its verdict and tears the sandbox down", async () => {
    const fake = fakeSandboxProvider({
      state: "failed",
      installed: false,
      testsRun: 0,
      errors: [{ kind: "parse", message: "Field \"nope\" does not exist in model \"equipment.loan\"", file: "views/x.xml", line: 7 }],
    });
    const failed = await callerWith(owner, fake.provider).sandbox.start({ projectId });
    expect(failed).toMatchObject({ status: "failed", previewUrl: null, lastError: expect.stringMatching(/nope/) });
    expect(failed.verdict).toMatchObject({ errors: [{ kind: "parse", file: "views/x.xml", line: 7 }] });
    expect(fake.destroyed).toEqual(["omb_fake_1"]);
  });

  it("hides sandboxes from other users and lets only admins list and kill", async () => {
    const fake = fakeSandboxProvider();
    const started = await callerWith(owner, fake.provider).sandbox.start({ projectId });
    const intruder = await makeUser(t.db);
    await expect(callerWith(intruder, fake.provider).sandbox.status({ projectId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerWith(intruder, fake.provider).sandbox.stop({ projectId, sandboxId: started.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerWith(owner, fake.provider).sandbox.live()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const live = await callerWith(admin, fake.provider).sandbox.live();
    expect(live.map((l) => l.sandbox.id)).toContain(started.id);
    expect(live.find((l) => l.sandbox.id === started.id)?.moduleName).toBe("loans_box");
    await callerWith(admin, fake.provider).sandbox.kill({ sandboxId: started.id });
    expect((await callerWith(owner, fake.provider).sandbox.status({ projectId }))?.status).toBe("destroyed");
  });

  it("reaps an expired live sandbox through the process registry", async () => {
    const fake = fakeSandboxProvider();
    const started = await callerWith(owner, fake.provider).sandbox.start({ projectId });
    const result = await reapExpiredSandboxes(t.db, { local: fake.provider }, new Date(Date.now() + 2 * 60 * 60_000), registry);
    expect(result.reaped).toContain(started.id);
    expect(fake.destroyed).toEqual(["omb_fake_1"]);
    expect(registry.has(started.id)).toBe(false);
  });

  it("refuses to test a version with validation errors", async () => {
    const [row] = await t.db.select().from(sandboxes).limit(1);
    expect(row).toBeDefined();
    const other = (await callerFor(t.db, owner).project.create(sampleProject({ moduleName: "bad_box", depends: [] }))).id;
    const { version } = await callerFor(t.db, owner).module.build({ projectId: other, blueprint });
    const { moduleVersions } = await import("@/db/schema");
    await t.db.update(moduleVersions).set({ findingSummary: { errors: 2, warnings: 0, infos: 0 } }).where(eq(moduleVersions.id, version.id));
    await expect(callerWith(owner, fakeSandboxProvider().provider).sandbox.start({ projectId: other })).rejects.toThrow(/2 validation error/);
  });
});
