/**
 * The pipeline with a REAL sandbox: description → spec → approve → build → install in real Odoo
 * with the module's tests → UI tests (the real Playwright runner when Chromium is there) → UAT
 * with a healthy preview → accept → a signed download URL. One example on one version; skipped
 * with the reason when this machine has no usable Odoo tree.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipelineRuns, projects, sandboxes, sandboxStillStanding, testReports } from "@/db/schema";
import { createExecutor, type EmbeddedExecutor } from "@/inngest/executor";
import { buildAndTest, cleanupCancelled, generateSpec } from "@/inngest/functions";
import { createCaller } from "@/server/api/root";
import { ODOO_VERSIONS, odooAvailability } from "@/server/odoo/runtime";
import { localSandboxProvider } from "@/server/ports/sandbox/local";
import { offlineDrafter } from "@/server/pipeline/spec";
import type { SandboxRegistry } from "@/server/services/sandboxes/sandboxes";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { makeUser, testStore } from "@/test/fixtures";
import { offlineCoder } from "./coder";
import { setPipelineDeps } from "./deps";
import { defaultUiTestRunner } from "./ui-tests";

const candidates = await Promise.all(ODOO_VERSIONS.map(async (v) => ({ v, a: await odooAvailability(v) })));
const chosen = candidates.find((c) => c.v === "17" && c.a.ok) ?? candidates.find((c) => c.a.ok);
const reason = candidates.map((c) => (c.a.ok ? null : `${c.v}: ${c.a.reason}`)).filter(Boolean).join("; ");
if (!chosen) console.warn(`[pipeline on real Odoo] skipped: ${reason}`);

let t: TestDatabase;
let executor: EmbeddedExecutor | undefined;
const registry: SandboxRegistry = new Map();
const provider = localSandboxProvider({ previewSecret: "p".repeat(40), appOrigin: "http://127.0.0.1:3000" });

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await executor?.stop();
  for (const sandbox of registry.values()) await sandbox.destroy().catch(() => undefined);
  setPipelineDeps(null);
  await t.close();
}, 180_000);

/** Drives the executor (real clock: retries wait real seconds) until `done` holds. */
async function until(done: () => Promise<boolean>, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    await executor!.drain();
    if (await done()) return;
    if (Date.now() > deadline) throw new Error("the pipeline did not get there in time");
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

describe.skipIf(!chosen)(chosen ? `pipeline on real Odoo ${chosen.v}` : `pipeline on real Odoo — skipped: ${reason}`, () => {
  it("reaches UAT with a healthy preview, then accept → download", async () => {
    const uiTests = await defaultUiTestRunner();
    if (!uiTests) console.warn("[pipeline on real Odoo] the UI-test stage is skipped: no Chromium/playwright-core here");
    setPipelineDeps({
      db: t.db,
      store: testStore,
      provider,
      registry,
      ttlMs: 60 * 60_000,
      now: () => Date.now(),
      drafter: offlineDrafter,
      coder: offlineCoder,
      fixer: null,
      uiTests,
      uiTestWriter: null,
      adjuster: null,
    });
    executor = createExecutor({ db: t.db, functions: [generateSpec, buildAndTest, cleanupCancelled], log: () => {} });
    const user = await makeUser(t.db);
    const caller = createCaller({
      db: t.db,
      storage: testStore,
      sandboxes: { provider, registry, ttlMs: 60 * 60_000 },
      events: { send: (events) => executor!.send(events) },
      user,
      ip: "127.0.0.1",
    });
    const status = async (id: string) => (await t.db.select().from(projects).where(eq(projects.id, id)))[0]!;

    const project = await caller.project.create({
      moduleName: "omb_pipeline_books",
      title: "Book lending",
      odooVersion: chosen!.v,
      description: "Track books lent to colleagues: title, borrower, lend date, return date, and a state from lent to returned.",
      depends: [],
      quickTest: true,
    });
    await until(async () => (await status(project.id)).status === "spec_ready", 120_000);
    const spec = await caller.spec.get({ projectId: project.id });
    await caller.spec.approve({ projectId: project.id, number: spec.number });
    await until(async () => ["uat", "failed"].includes((await status(project.id)).status), 900_000);

    const reached = await status(project.id);
    const logs = await caller.pipeline.logs({ projectId: project.id, limit: 500 });
    expect(reached.status, `${reached.statusReason}\n${logs.lines.map((l) => l.message).join("\n")}`).toBe("uat");
    const [report] = await t.db.select().from(testReports).where(eq(testReports.projectId, project.id));
    expect(report!.installed).toBe("installed");
    expect(report!.passed).toBe(report!.total);
    expect(report!.total).toBeGreaterThan(0);
    // With a browser here, the generated UI tests ran against the preview and passed too.
    if (uiTests) expect(report!.cases.filter((c) => c.suite === "ui").length).toBeGreaterThan(0);
    console.info(`[pipeline on real Odoo] ${report!.passed}/${report!.total} passed: ${report!.cases.map((c) => `${c.suite}:${c.name}`).join(", ")}`);

    const [live] = await t.db.select().from(sandboxes).where(and(eq(sandboxes.projectId, project.id), sandboxStillStanding()));
    expect(live!.status).toBe("serving");
    expect(await registry.get(live!.id)!.health()).toMatchObject({ healthy: true });
    const progress = await caller.pipeline.progress({ projectId: project.id });
    expect(progress.sandbox?.previewUrl).toBeTruthy();

    await caller.pipeline.uat({ projectId: project.id, kind: "accept" });
    await until(async () => {
      const [run] = await t.db.select().from(pipelineRuns).where(and(eq(pipelineRuns.projectId, project.id), eq(pipelineRuns.kind, "build")));
      return run?.status === "succeeded";
    }, 120_000);
    expect((await status(project.id)).status).toBe("accepted");
    expect(await t.db.select().from(sandboxes).where(and(eq(sandboxes.projectId, project.id), sandboxStillStanding()))).toHaveLength(0);
    const download = await caller.pipeline.download({ projectId: project.id });
    expect(download.url).toMatch(/^\/api\/blobs\/projects\/.+\.zip\?/);
  }, 1_200_000);
});
