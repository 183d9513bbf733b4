/**
 * The pipeline router and its services on PGlite, without an executor: preconditions, the
 * decision-first-event-second order, idempotent decisions, limits and ownership.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Project, pipelineLogs, pipelineRuns, projects, sandboxes, specVersions, testReports } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import { offlineDrafter } from "@/server/pipeline/spec";
import { buildModuleVersion } from "@/server/services/modules/modules";
import { createProject } from "@/server/services/projects/projects";
import { createSpecVersion } from "@/server/services/specs/specs";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { fakeSandboxProvider } from "@/test/fake-sandbox";
import { callerFor, makeUser, recordingSender, sampleProject, testStore } from "@/test/fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

let n = 0;
async function setup(status: Project["status"], extra: Partial<Project> = {}) {
  const user = await makeUser(t.db);
  n += 1;
  const project = await createProject({ db: t.db }, { userId: user.id }, sampleProject({ moduleName: `pipeline_router_${n}` }));
  const draft = await offlineDrafter.draft({ title: project.title, moduleName: project.moduleName, odooVersion: project.odooVersion, description: project.description, depends: project.depends });
  const spec = await createSpecVersion(t.db, { projectId: project.id, source: "offline", markdown: draft.markdown, blueprint: draft.blueprint });
  await t.db.update(specVersions).set({ approvedAt: new Date(), approvedBy: user.id }).where(eq(specVersions.id, spec.id));
  await t.db.update(projects).set({ status, ...extra }).where(eq(projects.id, project.id));
  const sender = recordingSender();
  const fake = fakeSandboxProvider();
  const registry = new Map();
  const caller = createCaller({ db: t.db, storage: testStore, sandboxes: { provider: fake.provider, registry, ttlMs: 3_600_000 }, events: sender, user, ip: "127.0.0.1" });
  return { user, project, spec, draft, sender, caller, fake, registry };
}

async function addRun(projectId: string, status: (typeof pipelineRuns.$inferSelect)["status"], kind: "spec" | "build" = "build") {
  const [run] = await t.db
    .insert(pipelineRuns)
    .values({ projectId, kind, status, triggerEvent: { name: "project/spec.approved", data: { projectId, userId: "u", specVersionId: "s" } }, inngestRunId: crypto.randomUUID() })
    .returning();
  return run!;
}

/** A UAT preview as the pipeline leaves it: a version, a serving sandbox held by this process. */
async function uatPreview(s: Awaited<ReturnType<typeof setup>>) {
  const { version } = await buildModuleVersion({ db: t.db, store: testStore }, { userId: s.user.id }, s.project, s.draft.blueprint);
  const live = await s.fake.provider.create({ odooVersion: "17", depends: [], timeoutMs: 3_600_000, labels: {} });
  await live.startServer({ demo: true });
  const [row] = await t.db
    .insert(sandboxes)
    .values({ provider: "local", externalId: live.externalId, projectId: s.project.id, moduleVersionId: version.id, odooVersion: "17", status: "serving", expiresAt: live.expiresAt, credentials: { login: "admin", password: "pw" } })
    .returning();
  s.registry.set(row!.id, live);
  return { version, sandbox: row! };
}

describe("pipeline.uat", () => {
  it("accept writes the decision first, then sends one event; accepting again answers the same", async () => {
    const s = await setup("uat");
    const { version } = await uatPreview(s);
    const first = await s.caller.pipeline.uat({ projectId: s.project.id, kind: "accept" });
    expect(first).toMatchObject({ status: "accepted", acceptedModuleVersionId: version.id });
    expect(s.sender.sent.map((e) => [e.name, e.data.kind])).toEqual([["uat/action", "accept"]]);
    const second = await s.caller.pipeline.uat({ projectId: s.project.id, kind: "accept" });
    expect(second).toEqual(first);
    expect(s.sender.sent).toHaveLength(1);
    const download = await s.caller.pipeline.download({ projectId: s.project.id });
    expect(download.url).toContain(version.blobKey);
  });

  it("extend moves the expiry once; stop ends the preview; both only in UAT", async () => {
    const s = await setup("uat");
    const { sandbox } = await uatPreview(s);
    const extended = await s.caller.pipeline.uat({ projectId: s.project.id, kind: "extend" });
    expect((extended as { expiresAt: Date }).expiresAt.getTime()).toBe(sandbox.expiresAt.getTime() + 30 * 60_000);
    await expect(s.caller.pipeline.uat({ projectId: s.project.id, kind: "extend" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await s.caller.pipeline.uat({ projectId: s.project.id, kind: "stop" });
    const [row] = await t.db.select().from(sandboxes).where(eq(sandboxes.id, sandbox.id));
    expect(row!.status).toBe("destroyed");
    expect(s.sender.sent.map((e) => e.data.kind)).toEqual(["extend", "stop"]);

    const other = await setup("building");
    await expect(other.caller.pipeline.uat({ projectId: other.project.id, kind: "accept" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(other.sender.sent).toHaveLength(0);
  });
});

describe("pipeline.adjust", () => {
  it("approves the newer spec version, counts it, and starts a new cycle", async () => {
    const s = await setup("uat");
    await expect(s.caller.pipeline.adjust({ projectId: s.project.id, request: "Add a field", specNumber: s.spec.number })).rejects.toThrow(/not newer than the approved version/);
    const newer = await createSpecVersion(t.db, { projectId: s.project.id, source: "adjustment", markdown: s.draft.markdown, blueprint: s.draft.blueprint });
    const result = await s.caller.pipeline.adjust({ projectId: s.project.id, request: "Add a field", specNumber: newer.number });
    expect(result).toMatchObject({ status: "spec_approved", adjustments: 1, specVersionId: newer.id });
    expect(s.sender.sent.map((e) => e.name)).toEqual(["uat/action", "project/adjustment.requested"]);
    const [approved] = await t.db.select().from(specVersions).where(eq(specVersions.id, newer.id));
    expect(approved!.approvedAt).not.toBeNull();
  });

  it("refuses a sixth adjustment with a clear message", async () => {
    const s = await setup("uat", { adjustments: 5 });
    const newer = await createSpecVersion(t.db, { projectId: s.project.id, source: "adjustment", markdown: s.draft.markdown, blueprint: s.draft.blueprint });
    await expect(s.caller.pipeline.adjust({ projectId: s.project.id, request: "One more", specNumber: newer.number })).rejects.toThrow(/used all 5 of its adjustments/);
    expect(s.sender.sent).toHaveLength(0);
  });
});

describe("pipeline.cancel and pipeline.retry", () => {
  it("cancel needs a run under way; then project → cancelled and project/cancelled is sent", async () => {
    const idle = await setup("spec_ready");
    await expect(idle.caller.pipeline.cancel({ projectId: idle.project.id })).rejects.toThrow(/nothing to cancel/);

    const s = await setup("building");
    const run = await addRun(s.project.id, "running");
    await s.caller.pipeline.cancel({ projectId: s.project.id, reason: "wrong spec" });
    const [p] = await t.db.select().from(projects).where(eq(projects.id, s.project.id));
    expect(p).toMatchObject({ status: "cancelled", statusReason: "wrong spec" });
    const [r] = await t.db.select().from(pipelineRuns).where(eq(pipelineRuns.id, run.id));
    expect(r!.status).toBe("cancelled");
    expect(s.sender.sent.map((e) => [e.name, e.data.projectId])).toEqual([["project/cancelled", s.project.id]]);
  });

  it("retry only the latest failed/cancelled run, with a fresh event id", async () => {
    const s = await setup("failed");
    const older = await addRun(s.project.id, "failed");
    const running = await addRun(s.project.id, "running");
    await expect(s.caller.pipeline.retry({ projectId: s.project.id, runId: running.id })).rejects.toThrow(/Only a failed or cancelled run/);
    await expect(s.caller.pipeline.retry({ projectId: s.project.id, runId: older.id })).rejects.toThrow(/Only the latest run/);

    await t.db.update(pipelineRuns).set({ status: "failed" }).where(eq(pipelineRuns.id, running.id));
    await s.caller.pipeline.retry({ projectId: s.project.id, runId: running.id });
    await s.caller.pipeline.retry({ projectId: s.project.id, runId: running.id }).catch(() => undefined);
    expect(s.sender.sent).toHaveLength(1);
    expect(s.sender.sent[0]).toMatchObject({ name: "project/spec.approved", data: running.triggerEvent.data });
    expect(s.sender.sent[0]!.id).toMatch(new RegExp(`^retry-${running.id}-`));
    const [p] = await t.db.select().from(projects).where(eq(projects.id, s.project.id));
    expect(p!.status).toBe("spec_approved");
  });
});

describe("reading progress", () => {
  it("logs after a sequence number, a snapshot, and test reports with signed screenshot URLs", async () => {
    const s = await setup("testing");
    const run = await addRun(s.project.id, "running");
    await t.db.insert(pipelineLogs).values(["one", "two", "three"].map((message) => ({ projectId: s.project.id, runId: run.id, stage: "install" as const, message })));
    const all = await s.caller.pipeline.logs({ projectId: s.project.id });
    expect(all.lines.map((l) => l.message)).toEqual(["one", "two", "three"]);
    const after = await s.caller.pipeline.logs({ projectId: s.project.id, afterSeq: all.lines[0]!.seq });
    expect(after.lines.map((l) => l.message)).toEqual(["two", "three"]);
    expect(after.lastSeq).toBe(all.lastSeq);
    const none = await s.caller.pipeline.logs({ projectId: s.project.id, afterSeq: all.lastSeq });
    expect(none).toEqual({ lines: [], lastSeq: all.lastSeq });

    await t.db.insert(testReports).values({
      projectId: s.project.id,
      runId: run.id,
      installed: "installed",
      passed: 1,
      total: 2,
      cases: [
        { suite: "ui", name: "create", status: "failed", error: "no button", screenshotKey: `projects/${s.project.id}/ui/create.png` },
        { suite: "python", name: "1 Odoo test(s) passed", status: "passed" },
      ],
    });
    const [report] = await s.caller.pipeline.testReports({ projectId: s.project.id });
    expect(report!.summary).toBe("1/2 passed");
    expect(report!.cases[0]!.screenshotUrl).toMatch(new RegExp(`^/api/blobs/projects/${s.project.id}/ui/create\\.png\\?exp=\\d+&sig=`));
    expect(report!.cases[1]!.screenshotUrl).toBeUndefined();

    const progress = await s.caller.pipeline.progress({ projectId: s.project.id });
    expect(progress).toMatchObject({ status: "testing", lastSeq: all.lastSeq, latestReport: { passed: 1, total: 2 } });
    expect(progress.activeRun?.id).toBe(run.id);
  });

  it("another user's project is NOT_FOUND everywhere; admin lists need the admin role", async () => {
    const s = await setup("uat");
    const run = await addRun(s.project.id, "waiting");
    const stranger = callerFor(t.db, await makeUser(t.db));
    const projectId = s.project.id;
    for (const call of [
      () => stranger.pipeline.runs({ projectId }),
      () => stranger.pipeline.run({ projectId, runId: run.id }),
      () => stranger.pipeline.logs({ projectId }),
      () => stranger.pipeline.progress({ projectId }),
      () => stranger.pipeline.testReports({ projectId }),
      () => stranger.pipeline.cancel({ projectId }),
      () => stranger.pipeline.retry({ projectId, runId: run.id }),
      () => stranger.pipeline.uat({ projectId, kind: "accept" }),
      () => stranger.pipeline.download({ projectId }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await expect(s.caller.pipeline.run({ projectId, runId: "no-such-run" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(stranger.pipeline.adminRuns()).rejects.toMatchObject({ code: "FORBIDDEN" });

    const admin = callerFor(t.db, { ...(await makeUser(t.db)), role: "admin" });
    const listed = await admin.pipeline.adminRuns({ status: "waiting" });
    expect(listed.find((r) => r.id === run.id)).toMatchObject({ projectTitle: s.project.title, ownerEmail: s.user.email, status: "waiting" });
  });
});
