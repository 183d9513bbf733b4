import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, type Project, projects } from "@/db/schema";
import { AppError } from "@/server/errors";
import type { BlueprintInput } from "@/server/odoo/blueprint/schema";
import { draftOffline, offlineDrafter } from "@/server/pipeline/spec";
import type { SessionUser } from "@/server/services/auth/auth";
import { createProject } from "@/server/services/projects/projects";
import { setProjectStatus } from "@/server/services/projects/status";
import { createTestDatabase, type TestDatabase, testDatabaseKind } from "@/test/db";
import { makeUser, recordingSender, sampleProject } from "@/test/fixtures";
import {
  approvedSpecVersion,
  approveSpecVersion,
  createSpecVersion,
  draftSpecVersion,
  getSpecVersion,
  getSpecVersionById,
  listSpecVersions,
  MAX_MARKDOWN_BYTES,
  requestSpecDraft,
  saveSpecVersion,
  specFindings,
} from "./specs";

const draft = draftOffline({
  title: "Equipment loans",
  moduleName: "draft_name_is_replaced",
  odooVersion: "16",
  description: "Lend tools to employees. Loans move from draft to borrowed to returned. Each loan has a loan date and notes.",
  depends: ["mail"],
});

/** Schema-valid, but a view names a field that does not exist: compile errors as findings. */
function brokenBlueprint(): BlueprintInput {
  const bp = structuredClone(draft.blueprint) as BlueprintInput;
  bp.views = [...(bp.views ?? []), { type: "list", model: bp.models![0]!.name, fields: ["no_such_field"] }];
  return bp;
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe(`spec versions (${testDatabaseKind})`, () => {
  let t: TestDatabase;
  let owner: SessionUser;
  let n = 0;

  beforeAll(async () => {
    t = await createTestDatabase();
    owner = await makeUser(t.db);
  });
  afterAll(() => t.close());

  const actor = () => ({ userId: owner.id, ip: "10.1.1.1" });
  async function newProject(status?: Project["status"]): Promise<Project> {
    n += 1;
    const project = await createProject(t, actor(), sampleProject({ moduleName: `spec_mod_${n}`, odooVersion: "17", depends: ["mail"] }));
    if (!status || status === "draft") return project;
    return (await moveTo(project, status))!;
  }
  const path: Record<string, Project["status"][]> = {
    spec_generating: ["spec_generating"],
    spec_ready: ["spec_ready"],
    spec_approved: ["spec_ready", "spec_approved"],
    building: ["spec_ready", "spec_approved", "building"],
    uat: ["spec_ready", "spec_approved", "building", "uat"],
    accepted: ["spec_ready", "spec_approved", "building", "uat", "accepted"],
    failed: ["failed"],
    cancelled: ["cancelled"],
  };
  async function moveTo(project: Project, status: Project["status"]) {
    let row: Project | null = project;
    for (const to of path[status]!) row = await setProjectStatus(t.db, project.id, { to });
    return row;
  }
  const fresh = async (id: string) => (await t.db.select().from(projects).where(eq(projects.id, id)))[0]!;
  const seed = (projectId: string, markdown = "# Spec") =>
    createSpecVersion(t.db, { projectId, source: "offline", markdown, blueprint: draft.blueprint });

  describe("createSpecVersion", () => {
    it("numbers versions per project and forces the project's module name and Odoo version", async () => {
      const a = await newProject();
      const b = await newProject();
      const v1 = await seed(a.id);
      const v2 = await createSpecVersion(t.db, { projectId: a.id, source: "ai", markdown: "# Two", blueprint: draft.blueprint, note: " retry ", createdBy: owner.id });
      const other = await seed(b.id);
      expect([v1.number, v2.number, other.number]).toEqual([1, 2, 1]);
      expect(v2).toMatchObject({ source: "ai", note: "retry", createdBy: owner.id, approvedAt: null });
      const module = (v1.blueprint as { module: { name: string; odooVersion: string } }).module;
      expect(module).toMatchObject({ name: a.moduleName, odooVersion: "17" });
    });

    it("gives distinct numbers to concurrent writers", async () => {
      const project = await newProject();
      const rows = await Promise.all(Array.from({ length: 5 }, () => seed(project.id)));
      expect(rows.map((r) => r.number).sort()).toEqual([1, 2, 3, 4, 5]);
    });

    it("refuses an oversized Markdown or an invalid blueprint, keeping earlier versions", async () => {
      const project = await newProject();
      await seed(project.id);
      await expect(
        createSpecVersion(t.db, { projectId: project.id, source: "offline", markdown: "x".repeat(MAX_MARKDOWN_BYTES + 1), blueprint: draft.blueprint }),
      ).rejects.toThrow(/200 KB/);
      const invalid = await errorOf(
        createSpecVersion(t.db, { projectId: project.id, source: "offline", markdown: "# x", blueprint: { models: [{ name: "NotDotted", description: "x" }] } }),
      );
      expect(invalid.code).toBe("BAD_REQUEST");
      expect(Object.keys(invalid.fields ?? {})).toContain("blueprint.models.0.name");
      expect((await listSpecVersions(t.db, project.id)).map((v) => v.number)).toEqual([1]);
    });
  });

  describe("draftSpecVersion", () => {
    it("stores the drafter's output as the next version, for the project's module", async () => {
      const project = await newProject();
      const { version, notes } = await draftSpecVersion({ db: t.db, drafter: offlineDrafter }, project);
      expect(version).toMatchObject({ number: 1, source: "offline", note: "Offline draft (written without AI)", createdBy: null });
      expect(version.markdown).toContain("Offline draft");
      const bp = version.blueprint as { module: { name: string }; models: { name: string }[] };
      expect(bp.module.name).toBe(project.moduleName);
      // "Track maintenance interventions on company vehicles, …" without fleet: vehicles are a model too.
      expect(bp.models.map((m) => m.name)).toEqual([`${project.moduleName}.maintenance_intervention`, `${project.moduleName}.vehicle`]);
      expect(Array.isArray(notes)).toBe(true);
      expect((await draftSpecVersion({ db: t.db, drafter: offlineDrafter }, project)).version.number).toBe(2);
    });
  });

  describe("reading", () => {
    it("lists newest first with a summary, gets by number, latest and id; other projects' ids are NOT_FOUND", async () => {
      const project = await newProject();
      const other = await newProject();
      const v1 = await seed(project.id, "# one");
      await seed(project.id, "# two");
      const list = await listSpecVersions(t.db, project.id);
      expect(list.map((v) => v.number)).toEqual([2, 1]);
      expect(list[0]).toMatchObject({ models: draft.blueprint.models.length, markdownBytes: 5, source: "offline" });
      expect(list[0]).not.toHaveProperty("blueprint");
      expect((await getSpecVersion(t.db, project.id)).markdown).toBe("# two");
      expect((await getSpecVersion(t.db, project.id, 1)).markdown).toBe("# one");
      expect((await getSpecVersionById(t.db, project.id, v1.id)).number).toBe(1);
      expect((await errorOf(getSpecVersion(t.db, project.id, 9))).code).toBe("NOT_FOUND");
      expect((await errorOf(getSpecVersion(t.db, other.id))).code).toBe("NOT_FOUND");
      expect((await errorOf(getSpecVersionById(t.db, other.id, v1.id))).code).toBe("NOT_FOUND");
      expect(await approvedSpecVersion(t.db, project.id)).toBeNull();
    });
  });

  describe("saveSpecVersion", () => {
    it("saves a user version, moves a draft project to spec_ready, and records an audit row", async () => {
      const project = await newProject();
      const { version, findings } = await saveSpecVersion(t, actor(), project, { markdown: "# Mine", blueprint: draft.blueprint, note: "first edit" });
      expect(version).toMatchObject({ number: 1, source: "user", note: "first edit", createdBy: owner.id });
      expect(findings.filter((f) => f.severity === "error")).toEqual([]);
      expect((await fresh(project.id)).status).toBe("spec_ready");
      const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, project.id), eq(auditLog.action, "spec.saved")));
      expect(audit).toHaveLength(1);
      expect(audit[0]!.metadata).toMatchObject({ number: 1, source: "user", errors: 0 });
    });

    it("keeps a blueprint with compile errors and returns them as findings", async () => {
      const project = await newProject("spec_ready");
      const { version, findings } = await saveSpecVersion(t, actor(), project, { markdown: "# Broken", blueprint: brokenBlueprint() });
      expect(version.number).toBe(1);
      expect(findings).toEqual([expect.objectContaining({ severity: "error", rule: "blueprint-reference", message: expect.stringContaining("no_such_field") })]);
    });

    it("refuses a stale base version with CONFLICT and accepts the current one", async () => {
      const project = await newProject("spec_ready");
      await seed(project.id);
      await saveSpecVersion(t, actor(), project, { markdown: "# tab A", blueprint: draft.blueprint, baseNumber: 1 });
      const stale = await errorOf(saveSpecVersion(t, actor(), project, { markdown: "# tab B", blueprint: draft.blueprint, baseNumber: 1 }));
      expect(stale.code).toBe("CONFLICT");
      expect(stale.message).toMatch(/someone saved a newer version/i);
      const versions = await listSpecVersions(t.db, project.id);
      expect(versions.map((v) => v.number)).toEqual([2, 1]);
      expect((await getSpecVersion(t.db, project.id)).markdown).toBe("# tab A");
    });

    it("refuses while a run is active, and once the module is accepted", async () => {
      for (const status of ["spec_generating", "building"] as const) {
        const project = await newProject(status);
        const error = await errorOf(saveSpecVersion(t, actor(), project, { markdown: "# x", blueprint: draft.blueprint }));
        expect(error.code).toBe("PRECONDITION_FAILED");
        expect(error.message).toMatch(/run is under way/);
        expect(await listSpecVersions(t.db, project.id)).toEqual([]);
      }
      const accepted = await newProject("accepted");
      expect((await errorOf(saveSpecVersion(t, actor(), accepted, { markdown: "# x", blueprint: draft.blueprint }))).code).toBe("PRECONDITION_FAILED");
    });

    it("re-reads the status: a run that started after the request was loaded still blocks the save", async () => {
      const project = await newProject("spec_ready");
      await setProjectStatus(t.db, project.id, { to: "spec_generating" });
      const error = await errorOf(saveSpecVersion(t, actor(), project, { markdown: "# x", blueprint: draft.blueprint }));
      expect(error.code).toBe("PRECONDITION_FAILED");
    });

    it("supersedes an approval (spec_approved → spec_ready) and saves adjustments during UAT", async () => {
      const approved = await newProject("spec_approved");
      await saveSpecVersion(t, actor(), approved, { markdown: "# changed", blueprint: draft.blueprint });
      expect((await fresh(approved.id)).status).toBe("spec_ready");

      const uat = await newProject("uat");
      const { version } = await saveSpecVersion(t, actor(), uat, { markdown: "# adjust", blueprint: draft.blueprint });
      expect(version.source).toBe("adjustment");
      expect((await fresh(uat.id)).status).toBe("uat");

      const failed = await newProject("failed");
      await saveSpecVersion(t, actor(), failed, { markdown: "# retry", blueprint: draft.blueprint });
      expect((await fresh(failed.id)).status).toBe("spec_ready");
    });

    it("refuses a schema-invalid blueprint with field messages and leaves earlier versions intact", async () => {
      const project = await newProject("spec_ready");
      await seed(project.id);
      const error = await errorOf(saveSpecVersion(t, actor(), project, { markdown: "# x", blueprint: { models: [{ name: "x.y", description: "" }] } }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.fields).toHaveProperty("blueprint.models.0.description");
      expect(await errorOf(saveSpecVersion(t, actor(), project, { markdown: "# x", blueprint: "nope" }))).toMatchObject({ code: "BAD_REQUEST" });
      expect((await listSpecVersions(t.db, project.id)).map((v) => v.number)).toEqual([1]);
    });
  });

  describe("approveSpecVersion", () => {
    it("approves, resets fix attempts, moves to spec_approved and sends one event — once", async () => {
      const project = await newProject("spec_ready");
      await t.db.update(projects).set({ fixAttempts: 3 }).where(eq(projects.id, project.id));
      const version = await seed(project.id);
      const { sent, send } = recordingSender();
      const approved = await approveSpecVersion({ db: t.db, send }, actor(), await fresh(project.id), 1);
      expect(approved.approvedAt).toBeInstanceOf(Date);
      expect(approved.approvedBy).toBe(owner.id);
      const after = await fresh(project.id);
      expect(after).toMatchObject({ status: "spec_approved", fixAttempts: 0 });
      expect(sent).toEqual([
        { name: "project/spec.approved", data: { projectId: project.id, userId: owner.id, specVersionId: version.id }, id: `approve-${version.id}` },
      ]);
      const again = await approveSpecVersion({ db: t.db, send }, actor(), after, 1);
      expect(again.id).toBe(version.id);
      expect(sent).toHaveLength(1);
      expect((await approvedSpecVersion(t.db, project.id))?.id).toBe(version.id);
      const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, project.id), eq(auditLog.action, "spec.approved")));
      expect(audit).toHaveLength(1);
    });

    it("refuses a spec with validation errors (BAD_REQUEST with the findings) and sends nothing", async () => {
      const project = await newProject("spec_ready");
      await createSpecVersion(t.db, { projectId: project.id, source: "user", markdown: "# broken", blueprint: brokenBlueprint() });
      const { sent, send } = recordingSender();
      const error = await errorOf(approveSpecVersion({ db: t.db, send }, actor(), project, 1));
      expect(error.code).toBe("BAD_REQUEST");
      expect(Object.values(error.fields ?? {}).join("\n")).toContain("no_such_field");
      expect(sent).toEqual([]);
      expect((await fresh(project.id)).status).toBe("spec_ready");
      expect((await getSpecVersion(t.db, project.id, 1)).approvedAt).toBeNull();
    });

    it("only from spec_ready, failed or cancelled", async () => {
      const { sent, send } = recordingSender();
      const draftProject = await newProject();
      await seed(draftProject.id);
      expect((await errorOf(approveSpecVersion({ db: t.db, send }, actor(), draftProject, 1))).code).toBe("PRECONDITION_FAILED");
      const running = await newProject("spec_generating");
      await seed(running.id);
      expect((await errorOf(approveSpecVersion({ db: t.db, send }, actor(), running, 1))).code).toBe("PRECONDITION_FAILED");
      expect((await errorOf(approveSpecVersion({ db: t.db, send }, actor(), await newProject("spec_ready"), 1))).code).toBe("NOT_FOUND");
      expect(sent).toEqual([]);
    });

    it("rebuilds an approved version after a failure with a new event id", async () => {
      const project = await newProject("spec_ready");
      const version = await seed(project.id);
      const { sent, send } = recordingSender();
      await approveSpecVersion({ db: t.db, send }, actor(), project, 1);
      await setProjectStatus(t.db, project.id, { to: "failed", reason: "install failed" });
      await approveSpecVersion({ db: t.db, send }, actor(), await fresh(project.id), 1);
      expect(sent).toHaveLength(2);
      expect(sent[1]!.id).toMatch(new RegExp(`^approve-${version.id}-\\d+$`));
      expect((await fresh(project.id)).status).toBe("spec_approved");
    });
  });

  describe("requestSpecDraft", () => {
    it("sends project/spec.requested with the initial id or a fresh one, and refuses after approval", async () => {
      const project = await newProject();
      const { sent, send } = recordingSender();
      await requestSpecDraft({ db: t.db, send }, actor(), project, { initial: true });
      await requestSpecDraft({ db: t.db, send }, actor(), project);
      await requestSpecDraft({ db: t.db, send }, actor(), project);
      expect(sent.map((e) => e.name)).toEqual(["project/spec.requested", "project/spec.requested", "project/spec.requested"]);
      expect(sent[0]).toMatchObject({ id: `spec-${project.id}-initial`, data: { projectId: project.id, userId: owner.id } });
      expect(new Set(sent.map((e) => e.id)).size).toBe(3);
      const approved = await newProject("spec_approved");
      expect((await errorOf(requestSpecDraft({ db: t.db, send }, actor(), approved))).code).toBe("PRECONDITION_FAILED");
      expect((await errorOf(requestSpecDraft({ db: t.db, send }, actor(), await newProject("building")))).code).toBe("PRECONDITION_FAILED");
      expect(sent).toHaveLength(3);
    });
  });

  it("specFindings reports clean drafted blueprints as error-free", async () => {
    const findings = await specFindings(draft.blueprint);
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
  });
});
