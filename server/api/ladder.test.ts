import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/server/services/auth/auth";
import { callerFor, makeUser, sampleProject } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase, testDatabaseKind } from "@/test/db";

/** The procedure ladder, through createCaller on a real database (PGlite or TEST_DATABASE_URL). */
describe(`procedure ladder (${testDatabaseKind})`, () => {
  let t: TestDatabase;
  let owner: SessionUser;
  let other: SessionUser;
  let admin: SessionUser;
  let projectId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    owner = await makeUser(t.db);
    other = await makeUser(t.db);
    admin = await makeUser(t.db, "boss@example.com");
    projectId = (await callerFor(t.db, owner).project.create(sampleProject())).id;
  });
  afterAll(() => t.close());

  const codeOf = async (promise: Promise<unknown>) => {
    try {
      await promise;
      return "OK";
    } catch (error) {
      expect(error).toBeInstanceOf(TRPCError);
      return (error as TRPCError).code;
    }
  };

  it("refuses anonymous callers everywhere but public procedures", async () => {
    const anon = callerFor(t.db, null);
    expect(await codeOf(anon.project.list())).toBe("UNAUTHORIZED");
    expect(await codeOf(anon.project.get({ projectId }))).toBe("UNAUTHORIZED");
    expect(await codeOf(anon.project.create(sampleProject({ moduleName: "anon_mod" })))).toBe("UNAUTHORIZED");
    expect(await codeOf(anon.auth.me())).toBe("UNAUTHORIZED");
    expect(await codeOf(anon.admin.overview())).toBe("UNAUTHORIZED");
  });

  it("answers NOT_FOUND to another user, through every project procedure", async () => {
    const intruder = callerFor(t.db, other);
    expect(await codeOf(intruder.project.get({ projectId }))).toBe("NOT_FOUND");
    expect(await codeOf(intruder.project.update({ projectId, title: "Mine now" }))).toBe("NOT_FOUND");
    expect(await codeOf(intruder.project.delete({ projectId }))).toBe("NOT_FOUND");
    expect(await intruder.project.list()).toEqual([]);
    // ...and the owner's project is untouched.
    const mine = await callerFor(t.db, owner).project.get({ projectId });
    expect(mine.title).toBe("Fleet maintenance log");
  });

  it("does not let even an admin open someone else's project through user procedures", async () => {
    expect(await codeOf(callerFor(t.db, admin).project.get({ projectId }))).toBe("NOT_FOUND");
  });

  it("answers NOT_FOUND to unknown ids rather than a database error", async () => {
    expect(await codeOf(callerFor(t.db, owner).project.get({ projectId: "nope' or 1=1 --" }))).toBe("NOT_FOUND");
  });

  it("refuses admin procedures to users and serves them to admins", async () => {
    expect(admin.role).toBe("admin");
    expect(await codeOf(callerFor(t.db, owner).admin.overview())).toBe("FORBIDDEN");
    const overview = await callerFor(t.db, admin).admin.overview();
    expect(overview.users).toBeGreaterThanOrEqual(3);
    expect(overview.projects).toBeGreaterThanOrEqual(1);
    expect(overview.recentAudit.some((row) => row.action === "project.created")).toBe(true);
  });

  it("formats zod errors as BAD_REQUEST with the reason", async () => {
    const error = await callerFor(t.db, owner)
      .project.create(sampleProject({ moduleName: "Bad-Name" }))
      .catch((e: unknown) => e as TRPCError);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as TRPCError).message).toMatch(/lower-case/);
  });
});
