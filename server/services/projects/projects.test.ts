import { eq } from "drizzle-orm";
import { ZodError } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, projects } from "@/db/schema";
import { AppError } from "@/server/errors";
import type { SessionUser } from "@/server/services/auth/auth";
import { createTestDatabase, type TestDatabase, testDatabaseKind } from "@/test/db";
import { makeUser, sampleProject } from "@/test/fixtures";
import {
  createProject,
  deleteProject,
  getOwnedProject,
  getStatusHistory,
  listProjects,
  updateProject,
} from "./projects";

describe(`project service (${testDatabaseKind})`, () => {
  let t: TestDatabase;
  let user: SessionUser;
  const actor = () => ({ userId: user.id, ip: "127.0.0.1" });

  beforeAll(async () => {
    t = await createTestDatabase();
    user = await makeUser(t.db);
  });
  afterAll(() => t.close());

  it("creates a draft project with a normalised depends list, history and audit", async () => {
    const project = await createProject(t, actor(), sampleProject({ depends: ["mail", "fleet", "mail"] }));
    expect(project.status).toBe("draft");
    expect(project.depends).toEqual(["fleet", "mail"]);
    const history = await getStatusHistory(t.db, project.id);
    expect(history.map((h) => [h.fromStatus, h.toStatus])).toEqual([[null, "draft"]]);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, project.id));
    expect(audit.map((a) => a.action)).toEqual(["project.created"]);
  });

  it.each([
    [{ moduleName: "Sale_Ext" }, "moduleName", /lower-case/],
    [{ moduleName: "stock" }, "moduleName", /core module/],
    [{ moduleName: "9lives" }, "moduleName", /start with a letter/],
    [{ title: "ab" }, "title", /at least 3/],
    [{ description: "too short" }, "description", /at least 20/],
    [{ odooVersion: "15" as never }, "odooVersion", /16, 17, 18 or 19/],
    [{ depends: ["Sale"] }, "depends", /module names/],
    [{ moduleName: "my_mod", depends: ["my_mod"] }, "depends", /itself/],
  ])("rejects %o on %s with the reason", async (overrides, field, reason) => {
    const error = await createProject(t, actor(), sampleProject(overrides)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZodError);
    const issue = (error as ZodError).issues[0];
    expect(issue?.path[0]).toBe(field);
    expect(issue?.message).toMatch(reason);
  });

  it("refuses a second live project with the same module name, but allows it after delete", async () => {
    const first = await createProject(t, actor(), sampleProject({ moduleName: "dup_mod" }));
    const error = await createProject(t, actor(), sampleProject({ moduleName: "dup_mod" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("CONFLICT");
    expect((error as AppError).fields?.moduleName).toMatch(/already/);
    await deleteProject(t, actor(), first.id);
    const again = await createProject(t, actor(), sampleProject({ moduleName: "dup_mod" }));
    expect(again.id).not.toBe(first.id);
  });

  it("lets another user use the same module name", async () => {
    const someoneElse = await makeUser(t.db);
    const project = await createProject(t, { userId: someoneElse.id }, sampleProject({ moduleName: "shared_name" }));
    await expect(createProject(t, actor(), sampleProject({ moduleName: "shared_name" }))).resolves.toBeTruthy();
    expect(project.ownerId).toBe(someoneElse.id);
  });

  it("updates only what changed and audits the changed fields", async () => {
    const project = await createProject(t, actor(), sampleProject({ moduleName: "upd_mod" }));
    const updated = await updateProject(t, actor(), {
      projectId: project.id,
      title: "Renamed module",
      quickTest: true,
      odooVersion: "17",
    });
    expect(updated.title).toBe("Renamed module");
    expect(updated.quickTest).toBe(true);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, project.id));
    const update = audit.find((a) => a.action === "project.updated");
    expect(update?.metadata).toEqual({ fields: ["quickTest", "title"] });
    // A no-op update writes nothing.
    await updateProject(t, actor(), { projectId: project.id, title: "Renamed module" });
    const after = await t.db.select().from(auditLog).where(eq(auditLog.targetId, project.id));
    expect(after).toHaveLength(audit.length);
  });

  it("rejects an invalid rename with the reason and keeps the project as it was", async () => {
    const project = await createProject(t, actor(), sampleProject({ moduleName: "keep_me" }));
    await expect(updateProject(t, actor(), { projectId: project.id, moduleName: "website" })).rejects.toThrow(/core module/);
    expect((await getOwnedProject(t.db, user.id, project.id)).moduleName).toBe("keep_me");
  });

  it("soft-deletes: gone for the owner, kept in the table", async () => {
    const project = await createProject(t, actor(), sampleProject({ moduleName: "del_mod" }));
    await deleteProject(t, actor(), project.id);
    await expect(getOwnedProject(t.db, user.id, project.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await listProjects(t.db, user.id)).some((p) => p.id === project.id)).toBe(false);
    const [row] = await t.db.select().from(projects).where(eq(projects.id, project.id));
    expect(row?.deletedAt).toBeInstanceOf(Date);
    await expect(deleteProject(t, actor(), project.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
