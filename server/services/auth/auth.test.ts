import { eq } from "drizzle-orm";
import { ZodError } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, users } from "@/db/schema";
import { AppError } from "@/server/errors";
import { createTestDatabase, type TestDatabase, testDatabaseKind } from "@/test/db";
import { testPolicy } from "@/test/fixtures";
import { authenticate, type AuthDeps, register } from "./auth";
import { passwordProblem } from "./password-policy";

const password = "correct horse 42";

describe(`auth service (${testDatabaseKind})`, () => {
  let t: TestDatabase;
  let deps: AuthDeps;
  beforeAll(async () => {
    t = await createTestDatabase();
    deps = { db: t.db, policy: testPolicy };
  });
  afterAll(() => t.close());

  it("registers with an argon2id hash and a lower-cased email", async () => {
    const user = await register(deps, { email: "  Ada@Example.COM ", password, name: "Ada" }, "1.1.1.1");
    expect(user).toMatchObject({ email: "ada@example.com", name: "Ada", role: "user" });
    const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row?.passwordHash).not.toContain(password);
  });

  it("refuses a duplicate email, whatever its case, with a clear message", async () => {
    await register(deps, { email: "dup@example.com", password }, "1.1.1.2");
    const error = await register(deps, { email: "DUP@example.com", password }, "1.1.1.2").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("CONFLICT");
    expect((error as AppError).message).toMatch(/already exists/);
  });

  it.each([
    ["short1!", /at least 10/],
    ["onlyletterspassword", /digit or symbol/],
    ["password123", /too common/],
    ["aaaaaaaaaa1", /too few different/],
    ["grace.hopper-42", /email/],
  ])("refuses the weak password %j", async (weak, reason) => {
    expect(passwordProblem(weak, "grace.hopper@example.com")).toMatch(reason);
    const error = await register(deps, { email: "grace.hopper@example.com", password: weak }, "1.1.1.3").catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues[0]).toMatchObject({ path: ["password"] });
  });

  it("promotes ADMIN_EMAILS to admin at registration and at sign-in", async () => {
    const admin = await register(deps, { email: "Boss@example.com", password }, "1.1.1.4");
    expect(admin.role).toBe("admin");
    const later = await register(deps, { email: "later-admin@example.com", password }, "1.1.1.4");
    expect(later.role).toBe("user");
    const promoted = await authenticate(
      { ...deps, policy: { ...testPolicy, adminEmails: ["later-admin@example.com"] } },
      { email: "later-admin@example.com", password },
      "1.1.1.4",
    );
    expect(promoted.role).toBe("admin");
  });

  it("signs in, and tells a wrong password from an unknown email", async () => {
    await register(deps, { email: "login@example.com", password }, "2.2.2.2");
    await expect(authenticate(deps, { email: "LOGIN@example.com", password }, "2.2.2.2")).resolves.toMatchObject({
      email: "login@example.com",
    });
    await expect(authenticate(deps, { email: "login@example.com", password: "nope nope 1" }, "2.2.2.2")).rejects.toThrow(
      /Wrong password/,
    );
    await expect(authenticate(deps, { email: "ghost@example.com", password }, "2.2.2.2")).rejects.toThrow(
      /No account uses this email/,
    );
    const failures = await t.db.select().from(auditLog).where(eq(auditLog.action, "auth.login_failed"));
    expect(failures.length).toBeGreaterThanOrEqual(2);
  });

  it("refuses a burst of 20 bad sign-ins per email, even with the right password after it", async () => {
    await register(deps, { email: "target@example.com", password }, "3.3.3.3");
    const messages: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      const error = await authenticate(deps, { email: "target@example.com", password: `guess ${i} xx` }, `4.4.4.${i}`).catch(
        (e: AppError) => e,
      );
      messages.push((error as AppError).message);
    }
    expect(messages.slice(0, 10).every((m) => /Wrong password/.test(m))).toBe(true);
    expect(messages.slice(10).every((m) => /Too many failed sign-in attempts.*wait \d+ minutes?/.test(m))).toBe(true);
    const locked = await authenticate(deps, { email: "target@example.com", password }, "5.5.5.5").catch((e: AppError) => e);
    expect((locked as AppError).code).toBe("TOO_MANY_REQUESTS");
    expect((locked as AppError).retryAfter).toBeGreaterThan(0);
  });

  it("limits sign-ins per IP, and the window resets", async () => {
    const policy = { ...testPolicy, loginPerIp: { limit: 3, windowSeconds: 60 } };
    const start = new Date("2026-01-01T00:00:00Z");
    let now = start;
    const clocked = { db: t.db, policy, now: () => now };
    await register(deps, { email: "ip@example.com", password }, "6.6.6.0");
    for (let i = 0; i < 3; i += 1) await authenticate(clocked, { email: "ip@example.com", password }, "6.6.6.6");
    await expect(authenticate(clocked, { email: "ip@example.com", password }, "6.6.6.6")).rejects.toThrow(
      /Too many sign-in attempts from your network/,
    );
    now = new Date(start.getTime() + 61_000);
    await expect(authenticate(clocked, { email: "ip@example.com", password }, "6.6.6.6")).resolves.toBeTruthy();
  });

  it("limits registrations per IP", async () => {
    const policy = { ...testPolicy, registerPerIp: { limit: 2, windowSeconds: 3600 } };
    await register({ db: t.db, policy }, { email: "r1@example.com", password }, "7.7.7.7");
    await register({ db: t.db, policy }, { email: "r2@example.com", password }, "7.7.7.7");
    await expect(register({ db: t.db, policy }, { email: "r3@example.com", password }, "7.7.7.7")).rejects.toThrow(
      /Too many sign-ups/,
    );
  });
});
