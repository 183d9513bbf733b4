/**
 * The whole pipeline on the embedded executor, on a virtual clock, with the fake sandbox
 * provider: description → spec → approve → build → test → UAT → expiry, and its variants
 * (failing tests with and without a fixer, a validation error, no sandbox provider, cancel,
 * a restarted executor). Real Odoo: pipeline.odoo.test.ts.
 */
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  moduleVersions,
  pipelineLogs,
  pipelineRuns,
  pipelineSteps,
  projects,
  sandboxes,
  sandboxStillStanding,
  testReports,
  type TestCaseResult,
} from "@/db/schema";
import { createExecutor, type EmbeddedExecutor, virtualClock, type VirtualClock } from "@/inngest/executor";
import { buildAndTest, cleanupCancelled, generateSpec } from "@/inngest/functions";
import type { SendEvent } from "@/inngest/send";
import { createCaller } from "@/server/api/root";
import { noSandboxProvider } from "@/server/ports/sandbox/none";
import type { Sandbox, SandboxProvider } from "@/server/ports/sandbox";
import { offlineDrafter } from "@/server/pipeline/spec";
import type { SessionUser } from "@/server/services/auth/auth";
import type { SandboxRegistry } from "@/server/services/sandboxes/sandboxes";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { fakeSandboxProvider } from "@/test/fake-sandbox";
import { makeUser, sampleProject, testStore } from "@/test/fixtures";
import { offlineCoder, type Coder } from "./coder";
import { setPipelineDeps } from "./deps";
import { type Fixer, NO_FIXER_REASON } from "./fixer";
import type { UiTestRunner } from "./ui-tests";

const MINUTE = 60_000;
const TTL = 60 * MINUTE;

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  setPipelineDeps(null);
  await t.close();
});

const passingUi: UiTestRunner = async (input) => {
  const result: TestCaseResult = { suite: "ui", name: `${input.blueprint.module.title}: create and find a record`, status: "passed", durationMs: 10 };
  input.onResult?.(result);
  return [result];
};

interface World {
  executor: EmbeddedExecutor;
  clock: VirtualClock;
  registry: SandboxRegistry;
  user: SessionUser;
  caller: ReturnType<typeof createCaller>;
  send: SendEvent;
  advance(ms: number): Promise<void>;
}

async function world(opts: { provider?: SandboxProvider; fixer?: Fixer | null; uiTests?: UiTestRunner | null; coder?: Coder; send?: SendEvent } = {}): Promise<World> {
  // Ten minutes ahead of the fake sandboxes' own (real-time) expiry: UAT must top the preview
  // up to a full TTL from its start, or the 55-minute warning below never comes.
  const clock = virtualClock(Date.now() + 10 * MINUTE);
  const registry: SandboxRegistry = new Map();
  const provider = opts.provider ?? fakeSandboxProvider().provider;
  setPipelineDeps({
    db: t.db,
    store: testStore,
    provider,
    registry,
    ttlMs: TTL,
    now: () => clock.now(),
    drafter: offlineDrafter,
    coder: opts.coder ?? offlineCoder,
    fixer: opts.fixer ?? null,
    uiTests: opts.uiTests === undefined ? passingUi : opts.uiTests,
    uiTestWriter: null,
    adjuster: null,
  });
  const executor = createExecutor({ db: t.db, functions: [generateSpec, buildAndTest, cleanupCancelled], clock, log: () => {} });
  const user = await makeUser(t.db);
  const send: SendEvent = opts.send ?? ((events) => executor.send(events));
  const caller = createCaller({ db: t.db, storage: testStore, sandboxes: { provider, registry, ttlMs: TTL }, events: { send }, user, ip: "127.0.0.1" });
  return {
    executor,
    clock,
    registry,
    user,
    caller,
    send,
    async advance(ms) {
      clock.advance(ms);
      await executor.drain();
    },
  };
}

async function project(db: TestDatabase["db"], id: string) {
  const [row] = await db.select().from(projects).where(eq(projects.id, id));
  return row!;
}

/** Description → project → spec drafted → approved: the build is queued. */
async function approvedProject(w: World, overrides: Parameters<typeof sampleProject>[0] = {}) {
  const created = await w.caller.project.create(sampleProject(overrides));
  await w.executor.drain();
  expect((await project(t.db, created.id)).status).toBe("spec_ready");
  const spec = await w.caller.spec.get({ projectId: created.id });
  await w.caller.spec.approve({ projectId: created.id, number: spec.number });
  return created;
}

async function standing(projectId: string) {
  return t.db.select().from(sandboxes).where(and(eq(sandboxes.projectId, projectId), sandboxStillStanding()));
}

async function logText(projectId: string) {
  const rows = await t.db.select().from(pipelineLogs).where(eq(pipelineLogs.projectId, projectId)).orderBy(pipelineLogs.seq);
  return rows.map((row) => row.message).join("\n");
}

/** A provider whose first `n` sandboxes report a failing Odoo test. */
function failingFirst(n: number) {
  const fake = fakeSandboxProvider();
  let created = 0;
  const provider: SandboxProvider = {
    ...fake.provider,
    async create(options) {
      const sandbox = await fake.provider.create(options);
      created += 1;
      if (created > n) return sandbox;
      const install = sandbox.install.bind(sandbox);
      return Object.assign(sandbox, {
        async install(...args: Parameters<Sandbox["install"]>) {
          return { ...(await install(...args)), testsFailed: 1, failures: [{ test: "test_cost_positive", message: "AssertionError: -5 is not positive" }] };
        },
      });
    },
  };
  return { provider, fake };
}

describe("pipeline on the embedded executor", () => {
  it("description → spec → build → tests → UAT → the preview expires after 60 minutes", async () => {
    const fake = fakeSandboxProvider();
    const w = await world({ provider: fake.provider });
    const created = await approvedProject(w);
    await w.executor.drain();

    let p = await project(t.db, created.id);
    expect(p.status).toBe("uat");
    const [report] = await t.db.select().from(testReports).where(eq(testReports.projectId, created.id));
    expect(report).toMatchObject({ passed: 4, total: 4, installed: "installed", attempt: 0 });
    expect(report!.cases.some((c) => c.suite === "ui" && c.status === "passed")).toBe(true);
    const live = await standing(created.id);
    expect(live).toHaveLength(1);
    expect(live[0]!.status).toBe("serving");

    const progress = await w.caller.pipeline.progress({ projectId: created.id });
    expect(progress.activeRun?.status).toBe("waiting");
    expect(progress.activeRun?.currentStage).toBe("uat");
    expect(progress.sandbox?.previewUrl).toContain("omb_preview");
    const runs = await w.caller.pipeline.runs({ projectId: created.id });
    expect(runs.map((r) => r.kind)).toEqual(["build", "spec"]);
    expect(runs[0]!.steps.map((s) => s.key)).toEqual(expect.arrayContaining(["code", "compile", "package", "install-0", "ui-tests-0", "report-0", "uat-start"]));
    const logs = await w.caller.pipeline.logs({ projectId: created.id });
    expect(logs.lines.map((l) => l.message).join("\n")).toMatch(/live until \d\d:\d\d UTC/);

    // 55 minutes in: the warning; 5 more: the end.
    await w.advance(56 * MINUTE);
    expect(await logText(created.id)).toMatch(/preview ends in \d+ minutes/);
    expect(await standing(created.id)).toHaveLength(1);
    await w.advance(5 * MINUTE);

    p = await project(t.db, created.id);
    expect(p.status).toBe("uat");
    expect(p.statusReason).toBe("preview ended");
    expect(await standing(created.id)).toHaveLength(0);
    expect(fake.destroyed).toContain(live[0]!.externalId);
    const [build] = await t.db.select().from(pipelineRuns).where(and(eq(pipelineRuns.projectId, created.id), eq(pipelineRuns.kind, "build")));
    expect(build!.status).toBe("succeeded");
  });

  it("a drafter that keeps failing: retried with backoff, then the project fails with the reason", async () => {
    const w = await world();
    let calls = 0;
    setPipelineDeps({
      db: t.db, store: testStore, provider: fakeSandboxProvider().provider, registry: w.registry, ttlMs: TTL, now: () => w.clock.now(),
      drafter: { name: "down", draft: async () => { calls += 1; throw new Error("model service down"); } },
      coder: offlineCoder, fixer: null, uiTests: passingUi, uiTestWriter: null, adjuster: null,
    });
    const created = await w.caller.project.create(sampleProject());
    await w.executor.drain();
    expect((await project(t.db, created.id)).status).toBe("spec_generating");
    for (let i = 0; i < 4; i += 1) await w.advance(10 * MINUTE);
    expect(calls).toBe(4); // the first try and 3 retries
    const p = await project(t.db, created.id);
    expect(p.status).toBe("failed");
    expect(p.statusReason).toContain("model service down");
    const [step] = await t.db.select().from(pipelineSteps).where(eq(pipelineSteps.key, "draft"));
    expect(step!.attempts).toBe(4);
  });

  it("accept in UAT: the decision ends the wait, the preview goes down, the download is signed", async () => {
    const w = await world();
    const created = await approvedProject(w);
    await w.executor.drain();
    expect((await project(t.db, created.id)).status).toBe("uat");
    await expect(w.caller.pipeline.download({ projectId: created.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });

    const first = await w.caller.pipeline.uat({ projectId: created.id, kind: "accept" });
    const second = await w.caller.pipeline.uat({ projectId: created.id, kind: "accept" });
    expect(second).toEqual(first);
    await w.executor.drain();

    const p = await project(t.db, created.id);
    expect(p.status).toBe("accepted");
    const [version] = await t.db.select().from(moduleVersions).where(eq(moduleVersions.projectId, created.id));
    expect(p.acceptedModuleVersionId).toBe(version!.id);
    expect(await standing(created.id)).toHaveLength(0);
    const download = await w.caller.pipeline.download({ projectId: created.id });
    expect(download.url).toMatch(/^\/api\/blobs\/.+\.zip\?exp=\d+.*sig=/);
  });

  it("an adjustment in UAT ends the running UAT and builds the newer spec in a second run", async () => {
    const fake = fakeSandboxProvider();
    const w = await world({ provider: fake.provider });
    const created = await approvedProject(w);
    await w.executor.drain();
    const first = await standing(created.id);
    expect(first).toHaveLength(1);

    const spec = await w.caller.spec.get({ projectId: created.id });
    const saved = await w.caller.spec.save({
      projectId: created.id,
      markdown: `${spec.markdown}\n\nAdjustment: a clearer summary.`,
      blueprint: { ...spec.blueprint, module: { ...(spec.blueprint as { module: Record<string, unknown> }).module, summary: "Adjusted summary" } },
      baseNumber: spec.number,
    });
    await w.caller.pipeline.adjust({ projectId: created.id, request: "A clearer summary", specNumber: saved.version.number });
    await w.executor.drain();

    const p = await project(t.db, created.id);
    expect(p).toMatchObject({ status: "uat", adjustments: 1 });
    const now = await standing(created.id);
    expect(now).toHaveLength(1);
    expect(now[0]!.id).not.toBe(first[0]!.id);
    expect(fake.destroyed).toContain(first[0]!.externalId);
    const builds = await t.db.select().from(pipelineRuns).where(and(eq(pipelineRuns.projectId, created.id), eq(pipelineRuns.kind, "build"))).orderBy(pipelineRuns.createdAt);
    expect(builds.map((r) => r.status)).toEqual(["succeeded", "waiting"]);
    const versions = await t.db.select().from(moduleVersions).where(eq(moduleVersions.projectId, created.id)).orderBy(moduleVersions.number);
    expect(versions.map((v) => v.source)).toEqual(["compiler", "adjustment"]);
  });

  it("a decision whose event was missed is read from the database at the next wake-up", async () => {
    const dropped: unknown[] = [];
    const w = await world({ send: undefined });
    const created = await approvedProject(w);
    await w.executor.drain();
    // The event is lost (sent before a wait, or never delivered): only the database knows.
    const lossy = createCaller({ db: t.db, storage: testStore, sandboxes: { provider: noSandboxProvider, registry: w.registry, ttlMs: TTL }, events: { send: async (e) => (dropped.push(e), { ids: ["x"] }) }, user: w.user, ip: "127.0.0.1" });
    await lossy.pipeline.uat({ projectId: created.id, kind: "accept" });
    await w.executor.drain();
    expect(await standing(created.id)).toHaveLength(1); // still waiting: nothing woke the run
    // The wait is sliced: the run re-reads the database within one slice, not only at the end.
    await w.advance(5 * MINUTE);
    expect(dropped).toHaveLength(1);
    expect((await project(t.db, created.id)).status).toBe("accepted");
    expect(await standing(created.id)).toHaveLength(0);
  });

  it("failing tests without a fixer: failed with the offline reason and the failures, sandbox gone", async () => {
    const { provider, fake } = failingFirst(99);
    const w = await world({ provider });
    const created = await approvedProject(w);
    await w.executor.drain();

    const p = await project(t.db, created.id);
    expect(p.status).toBe("failed");
    expect(p.statusReason).toContain(NO_FIXER_REASON);
    expect(p.statusReason).toContain("test_cost_positive");
    expect(await standing(created.id)).toHaveLength(0);
    expect(fake.destroyed).toHaveLength(1);
    const reports = await w.caller.pipeline.testReports({ projectId: created.id });
    expect(reports).toHaveLength(1);
    expect(reports[0]!.summary).toBe("3/4 passed");
    const [run] = await t.db.select().from(pipelineRuns).where(and(eq(pipelineRuns.projectId, created.id), eq(pipelineRuns.kind, "build")));
    expect(run!.status).toBe("failed");
  });

  it("a fixer that repairs on its first attempt: two reports, fixAttempts 1, a fix version, UAT", async () => {
    const { provider } = failingFirst(1);
    const calls: number[] = [];
    const fixer: Fixer = {
      name: "recording",
      async fix({ blueprint, attempt, failures }) {
        calls.push(attempt);
        expect(failures[0]?.name).toBe("test_cost_positive");
        return { blueprint: { ...blueprint, module: { ...blueprint.module, summary: `${blueprint.module.summary} (fix ${attempt})` } }, summary: "tightened the constraint" };
      },
    };
    const w = await world({ provider, fixer });
    const created = await approvedProject(w);
    await w.executor.drain();

    const p = await project(t.db, created.id);
    expect(p.status).toBe("uat");
    expect(p.fixAttempts).toBe(1);
    expect(calls).toEqual([1]);
    const reports = await t.db.select().from(testReports).where(eq(testReports.projectId, created.id)).orderBy(testReports.attempt);
    expect(reports.map((r) => [r.attempt, r.passed, r.total])).toEqual([
      [0, 3, 4],
      [1, 4, 4],
    ]);
    const versions = await t.db.select().from(moduleVersions).where(eq(moduleVersions.projectId, created.id)).orderBy(moduleVersions.number);
    expect(versions.map((v) => v.source)).toEqual(["compiler", "fix"]);
    const [run] = await t.db.select().from(pipelineRuns).where(and(eq(pipelineRuns.projectId, created.id), eq(pipelineRuns.kind, "build")));
    expect(run!.fixAttempts).toBe(1);
    expect(await standing(created.id)).toHaveLength(1);
    expect(await logText(created.id)).toContain("Fix attempt 1/5");
  });

  it("a module that fails compile + validate stops the run before any sandbox is spent", async () => {
    const fake = fakeSandboxProvider();
    let created = 0;
    const provider: SandboxProvider = { ...fake.provider, create: async (o) => (created++, fake.provider.create(o)) };
    // A coder whose module uses a module outside its depends (fleet's models): compile +
    // validate refuses it (today as a reference problem the compiler reports).
    const broken: Coder = {
      name: "broken",
      async code({ blueprint }) {
        return { blueprint: { ...blueprint, module: { ...blueprint.module, depends: ["base"] } }, summary: "dropped the depends" };
      },
    };
    const w = await world({ provider, coder: broken });
    const createdProject = await approvedProject(w);
    await w.executor.drain();

    const p = await project(t.db, createdProject.id);
    expect(p.status).toBe("failed");
    expect(p.statusReason).toMatch(/^(validation failed with \d+ error|the blueprint does not compile)/);
    expect(p.statusReason).toContain("depends");
    expect(created).toBe(0);
    expect(await t.db.select().from(sandboxes).where(eq(sandboxes.projectId, createdProject.id))).toHaveLength(0);
  });

  it("without a UI-test runner the stage is skipped visibly and the Odoo tests decide", async () => {
    const w = await world({ uiTests: null });
    const created = await approvedProject(w);
    await w.executor.drain();
    expect((await project(t.db, created.id)).status).toBe("uat");
    const [step] = await t.db.select().from(pipelineSteps).where(eq(pipelineSteps.key, "ui-tests-0"));
    expect(step).toMatchObject({ status: "skipped", detail: { reason: "no UI-test runner is available here" } });
    const [report] = await t.db.select().from(testReports).where(eq(testReports.projectId, created.id));
    expect([report!.passed, report!.total]).toEqual([3, 3]);
  });

  it("no sandbox provider: a clear failed state", async () => {
    const w = await world({ provider: noSandboxProvider });
    const created = await approvedProject(w);
    await w.executor.drain();
    const p = await project(t.db, created.id);
    expect(p.status).toBe("failed");
    expect(p.statusReason).toContain("No sandbox is configured");
    const [step] = await t.db.select().from(pipelineSteps).where(eq(pipelineSteps.key, "install-0"));
    expect(step!.status).toBe("failed");
  });

  it("cancel during the build: the run stops, its sandbox is destroyed, the project is cancelled", async () => {
    let uiCalls = 0;
    // The UI-test step fails once (a transient error): the run waits for its retry with a sandbox up.
    const flaky: UiTestRunner = async (input) => {
      uiCalls += 1;
      if (uiCalls === 1) throw new Error("browser crashed");
      return passingUi(input);
    };
    const fake = fakeSandboxProvider();
    const w = await world({ provider: fake.provider, uiTests: flaky });
    const created = await approvedProject(w);
    await w.executor.drain();
    expect((await project(t.db, created.id)).status).toBe("testing");
    expect(await standing(created.id)).toHaveLength(1);

    await w.caller.pipeline.cancel({ projectId: created.id, reason: "changed my mind" });
    await w.executor.drain();
    await w.advance(10 * MINUTE);

    const p = await project(t.db, created.id);
    expect(p.status).toBe("cancelled");
    expect(await standing(created.id)).toHaveLength(0);
    expect(fake.destroyed).toHaveLength(1);
    expect(uiCalls).toBe(1);
    const [run] = await t.db.select().from(pipelineRuns).where(and(eq(pipelineRuns.projectId, created.id), eq(pipelineRuns.kind, "build")));
    expect(run!.status).toBe("cancelled");
    // Retry: the latest run was cancelled, so it may start again.
    await w.caller.pipeline.retry({ projectId: created.id, runId: run!.id });
    await w.executor.drain();
    expect((await project(t.db, created.id)).status).toBe("uat");
  });

  it("a restarted executor resumes after the package step: one module version, one sandbox", async () => {
    const fake = fakeSandboxProvider();
    let creates = 0;
    // The first sandbox request fails (a transient provider error): the run parks for its retry
    // with code, compile and package memoised; then this executor stops.
    const provider: SandboxProvider = {
      ...fake.provider,
      async create(options) {
        creates += 1;
        if (creates === 1) throw new Error("provider hiccup");
        return fake.provider.create(options);
      },
    };
    const w = await world({ provider });
    const created = await approvedProject(w);
    await w.executor.drain();
    expect((await project(t.db, created.id)).status).toBe("testing");
    await w.executor.stop();

    const second = createExecutor({ db: t.db, functions: [generateSpec, buildAndTest, cleanupCancelled], clock: w.clock, log: () => {} });
    w.clock.advance(5 * MINUTE);
    await second.drain();

    expect((await project(t.db, created.id)).status).toBe("uat");
    expect(await t.db.select().from(moduleVersions).where(eq(moduleVersions.projectId, created.id))).toHaveLength(1);
    expect(await standing(created.id)).toHaveLength(1);
    expect(creates).toBe(2);
    const steps = await t.db.select().from(pipelineSteps).where(eq(pipelineSteps.key, "package"));
    expect(steps.map((s) => s.attempts)).toEqual([1]);
    await second.stop();
  });
});
