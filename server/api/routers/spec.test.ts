import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { BlueprintInput } from "@/server/odoo/blueprint/schema";
import { draftOffline } from "@/server/pipeline/spec";
import type { SessionUser } from "@/server/services/auth/auth";
import { setProjectStatus } from "@/server/services/projects/status";
import { createSpecVersion } from "@/server/services/specs/specs";
import { createTestDatabase, type TestDatabase, testDatabaseKind } from "@/test/db";
import { callerFor, makeUser, recordingSender, sampleProject } from "@/test/fixtures";

const draft = draftOffline({
  title: "Fleet maintenance log",
  moduleName: "fleet_maintenance_log",
  odooVersion: "17",
  description: "Track maintenance interventions on company vehicles, with costs and next due dates. Each intervention has a status (draft, planned, done).",
  depends: ["fleet", "mail"],
});

function broken(): BlueprintInput {
  const bp = structuredClone(draft.blueprint) as BlueprintInput;
  bp.views = [...(bp.views ?? []), { type: "list", model: bp.models![0]!.name, fields: ["ghost_field"] }];
  return bp;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error.code;
}

describe(`spec router (${testDatabaseKind})`, () => {
  let t: TestDatabase;
  let owner: SessionUser;
  let stranger: SessionUser;
  let n = 0;

  beforeAll(async () => {
    t = await createTestDatabase();
    owner = await makeUser(t.db);
    stranger = await makeUser(t.db);
  });
  afterAll(() => t.close());

  /** A project with the offline draft as version 1 and status spec_ready (what generate-spec leaves). */
  async function readyProject() {
    n += 1;
    const events = recordingSender();
    const caller = callerFor(t.db, owner, "127.0.0.1", events);
    const project = await caller.project.create(sampleProject({ moduleName: `router_spec_${n}` }));
    await createSpecVersion(t.db, { projectId: project.id, source: "offline", markdown: draft.markdown, blueprint: draft.blueprint });
    await setProjectStatus(t.db, project.id, { to: "spec_ready" });
    events.sent.length = 0;
    return { project, caller, events };
  }

  it("project.create asks for the first draft with a stable event id", async () => {
    const events = recordingSender();
    const project = await callerFor(t.db, owner, "127.0.0.1", events).project.create(sampleProject({ moduleName: "first_draft_event" }));
    expect(events.sent).toEqual([
      { name: "project/spec.requested", data: { projectId: project.id, userId: owner.id }, id: `spec-${project.id}-initial` },
    ]);
    expect(project.status).toBe("draft");
  });

  it("get returns the latest version with findings, isLatest and editable; list summarises", async () => {
    const { project, caller } = await readyProject();
    const spec = await caller.spec.get({ projectId: project.id });
    expect(spec).toMatchObject({ number: 1, source: "offline", isLatest: true, editable: true, latestNumber: 1 });
    expect(spec.findingSummary.errors).toBe(0);
    expect(spec.markdown).toContain("Offline draft");
    await caller.spec.save({ projectId: project.id, markdown: "# v2", blueprint: draft.blueprint, baseNumber: 1 });
    const old = await caller.spec.get({ projectId: project.id, number: 1 });
    expect(old).toMatchObject({ isLatest: false, editable: false, latestNumber: 2 });
    const list = await caller.spec.list({ projectId: project.id });
    expect(list.map((v) => [v.number, v.source])).toEqual([
      [2, "user"],
      [1, "offline"],
    ]);
    expect(await codeOf(caller.spec.get({ projectId: project.id, number: 7 }))).toBe("NOT_FOUND");
  });

  it("save increments versions, returns findings without blocking, and refuses a stale base", async () => {
    const { project, caller } = await readyProject();
    const saved = await caller.spec.save({ projectId: project.id, markdown: "# mine", blueprint: broken(), note: "wip", baseNumber: 1 });
    expect(saved.version).toMatchObject({ number: 2, source: "user", note: "wip" });
    expect(saved.findings.some((f) => f.severity === "error" && f.message.includes("ghost_field"))).toBe(true);
    expect(await codeOf(caller.spec.save({ projectId: project.id, markdown: "# other tab", blueprint: draft.blueprint, baseNumber: 1 }))).toBe("CONFLICT");
    const third = await caller.spec.save({ projectId: project.id, markdown: "# fixed", blueprint: draft.blueprint, baseNumber: 2 });
    expect(third.version.number).toBe(3);
  });

  it("a failed save leaves earlier versions intact", async () => {
    const { project, caller } = await readyProject();
    const before = await caller.spec.get({ projectId: project.id });
    expect(await codeOf(caller.spec.save({ projectId: project.id, markdown: "# x", blueprint: { models: "nope" } }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.spec.save({ projectId: project.id, markdown: "x".repeat(200_001), blueprint: draft.blueprint }))).toBe("BAD_REQUEST");
    const after = await caller.spec.get({ projectId: project.id });
    expect(after.number).toBe(1);
    expect(after.markdown).toBe(before.markdown);
    expect(after.blueprint).toEqual(before.blueprint);
  });

  it("approve sends exactly one project/spec.approved with the right data — not twice", async () => {
    const { project, caller, events } = await readyProject();
    const version = await caller.spec.approve({ projectId: project.id, number: 1 });
    expect(events.sent).toEqual([
      { name: "project/spec.approved", data: { projectId: project.id, userId: owner.id, specVersionId: version.id }, id: `approve-${version.id}` },
    ]);
    await caller.spec.approve({ projectId: project.id, number: 1 });
    expect(events.sent).toHaveLength(1);
    expect((await caller.project.get({ projectId: project.id })).status).toBe("spec_approved");
    // Approved and not yet building: regenerating is refused, editing supersedes the approval.
    expect(await codeOf(caller.spec.regenerate({ projectId: project.id }))).toBe("PRECONDITION_FAILED");
    await caller.spec.save({ projectId: project.id, markdown: "# after approval", blueprint: draft.blueprint });
    expect((await caller.project.get({ projectId: project.id })).status).toBe("spec_ready");
  });

  it("approve is refused for a spec with validation errors", async () => {
    const { project, caller, events } = await readyProject();
    await caller.spec.save({ projectId: project.id, markdown: "# broken", blueprint: broken() });
    expect(await codeOf(caller.spec.approve({ projectId: project.id, number: 2 }))).toBe("BAD_REQUEST");
    expect(events.sent).toEqual([]);
    expect((await caller.project.get({ projectId: project.id })).status).toBe("spec_ready");
  });

  it("save and approve are refused while a run is active", async () => {
    const { project, caller, events } = await readyProject();
    await setProjectStatus(t.db, project.id, { to: "spec_generating" });
    expect(await codeOf(caller.spec.save({ projectId: project.id, markdown: "# x", blueprint: draft.blueprint }))).toBe("PRECONDITION_FAILED");
    expect(await codeOf(caller.spec.approve({ projectId: project.id, number: 1 }))).toBe("PRECONDITION_FAILED");
    expect(await codeOf(caller.spec.regenerate({ projectId: project.id }))).toBe("PRECONDITION_FAILED");
    expect((await caller.spec.get({ projectId: project.id })).editable).toBe(false);
    expect(events.sent).toEqual([]);
    expect((await caller.spec.list({ projectId: project.id })).length).toBe(1);
  });

  it("regenerate sends project/spec.requested with a fresh id each time", async () => {
    const { project, caller, events } = await readyProject();
    const a = await caller.spec.regenerate({ projectId: project.id });
    const b = await caller.spec.regenerate({ projectId: project.id });
    expect(a.eventId).not.toBe(b.eventId);
    expect(events.sent.map((e) => [e.name, e.id])).toEqual([
      ["project/spec.requested", a.eventId],
      ["project/spec.requested", b.eventId],
    ]);
  });

  it("check validates without saving", async () => {
    const { project, caller } = await readyProject();
    const clean = await caller.spec.check({ projectId: project.id, blueprint: draft.blueprint });
    expect(clean.summary.errors).toBe(0);
    const bad = await caller.spec.check({ projectId: project.id, blueprint: broken() });
    expect(bad.summary.errors).toBeGreaterThan(0);
    expect(await codeOf(caller.spec.check({ projectId: project.id, blueprint: [] }))).toBe("BAD_REQUEST");
    expect((await caller.spec.list({ projectId: project.id })).length).toBe(1);
  });

  it("another user gets NOT_FOUND for every procedure; anonymous callers UNAUTHORIZED", async () => {
    const { project, caller, events } = await readyProject();
    const foreign = callerFor(t.db, stranger, "127.0.0.2", events);
    const projectId = project.id;
    expect(await codeOf(foreign.spec.list({ projectId }))).toBe("NOT_FOUND");
    expect(await codeOf(foreign.spec.get({ projectId }))).toBe("NOT_FOUND");
    expect(await codeOf(foreign.spec.save({ projectId, markdown: "# mine now", blueprint: draft.blueprint }))).toBe("NOT_FOUND");
    expect(await codeOf(foreign.spec.approve({ projectId, number: 1 }))).toBe("NOT_FOUND");
    expect(await codeOf(foreign.spec.regenerate({ projectId }))).toBe("NOT_FOUND");
    expect(await codeOf(foreign.spec.check({ projectId, blueprint: draft.blueprint }))).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(t.db, null).spec.list({ projectId }))).toBe("UNAUTHORIZED");
    expect(events.sent).toEqual([]);
    expect((await caller.spec.list({ projectId })).length).toBe(1);
  });
});

describe("project.create when the event cannot be sent", () => {
  it("still creates the project (in draft, so the user can ask for the draft again)", async () => {
    const t = await createTestDatabase();
    try {
      const owner = await makeUser(t.db);
      const failing = { send: async () => Promise.reject(new Error("executor down")) };
      const caller = callerFor(t.db, owner, "127.0.0.1", failing);
      const logged = vi.spyOn(console, "error").mockImplementation(() => {});
      try {
        const project = await caller.project.create(sampleProject({ moduleName: "send_fails" }));
        expect(project.status).toBe("draft");
        expect(logged).toHaveBeenCalledTimes(1);
        const events = recordingSender();
        await callerFor(t.db, owner, "127.0.0.1", events).spec.regenerate({ projectId: project.id });
        expect(events.sent.map((e) => e.name)).toEqual(["project/spec.requested"]);
      } finally {
        logged.mockRestore();
      }
    } finally {
      await t.close();
    }
  });
});
