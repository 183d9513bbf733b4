import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aiCalls } from "@/db/schema";
import type { SessionUser } from "@/server/services/auth/auth";
import { createTestDatabase, type TestDatabase, testDatabaseKind } from "@/test/db";
import { callerFor, makeUser, sampleProject } from "@/test/fixtures";
import { aiUsageReport, errorRate, projectAiUsage, providerStatuses, windowStart } from "./usage";

const now = new Date("2026-03-10T15:00:00Z");
const at = (iso: string) => new Date(iso);

describe(`ai usage (${testDatabaseKind})`, () => {
  let t: TestDatabase;
  let owner: SessionUser;
  let admin: SessionUser;
  let cheap: string;
  let pricey: string;

  type Row = Partial<typeof aiCalls.$inferInsert> & { createdAt: Date };
  const call = (row: Row) => ({
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    task: "code",
    prompt: "coder@1",
    callGroup: randomUUID(),
    outcome: "ok",
    inputTokens: 1000,
    outputTokens: 500,
    costMicros: 10_000,
    ...row,
  });

  beforeAll(async () => {
    t = await createTestDatabase();
    owner = await makeUser(t.db);
    admin = await makeUser(t.db, "boss@example.com");
    const caller = callerFor(t.db, owner);
    cheap = (await caller.project.create(sampleProject({ moduleName: "cheap_module", title: "Cheap" }))).id;
    pricey = (await caller.project.create(sampleProject({ moduleName: "pricey_module", title: "Pricey" }))).id;
    const group = randomUUID();
    await t.db.insert(aiCalls).values([
      // Day 1 (today): one logical call with a retry after an overload, on the pricey project.
      call({ projectId: pricey, task: "code", callGroup: group, attempt: 1, outcome: "error", errorKind: "overloaded", inputTokens: 0, outputTokens: 0, costMicros: 0, createdAt: at("2026-03-10T09:00:00Z") }),
      call({ projectId: pricey, task: "code", callGroup: group, attempt: 2, createdAt: at("2026-03-10T09:00:05Z") }),
      call({ projectId: pricey, task: "fix", costMicros: 30_000, createdAt: at("2026-03-10T10:00:00Z") }),
      call({ projectId: cheap, task: "spec", provider: "google", model: "gemini-2.5-pro", costMicros: 2_000, createdAt: at("2026-03-10T11:00:00Z") }),
      // Day 2 (yesterday): a rejected attempt (budget) costs nothing and is no provider error.
      call({ projectId: cheap, task: "spec", provider: "google", model: "gemini-2.5-pro", outcome: "rejected", errorKind: "budget", inputTokens: 0, outputTokens: 0, costMicros: 0, createdAt: at("2026-03-09T23:59:59Z") }),
      call({ projectId: null, task: "review", createdAt: at("2026-03-09T12:00:00Z") }),
      // Outside a 14-day window.
      call({ projectId: pricey, task: "code", costMicros: 999_999, createdAt: at("2026-02-20T12:00:00Z") }),
    ]);
  });
  afterAll(() => t.close());

  it("starts the window at midnight UTC", () => {
    expect(windowStart(now, 14).toISOString()).toBe("2026-02-25T00:00:00.000Z");
    expect(windowStart(now, 1).toISOString()).toBe("2026-03-10T00:00:00.000Z");
  });

  it("aggregates per provider/model/day, with calls, attempts, errors and rejections", async () => {
    const report = await aiUsageReport(t.db, { days: 14, now });
    expect(report.byDay).toEqual([
      { day: "2026-03-10", provider: "anthropic", model: "claude-sonnet-4-5", calls: 2, attempts: 3, errors: 1, rejected: 0, inputTokens: 2000, outputTokens: 1000, costMicros: 40_000 },
      { day: "2026-03-10", provider: "google", model: "gemini-2.5-pro", calls: 1, attempts: 1, errors: 0, rejected: 0, inputTokens: 1000, outputTokens: 500, costMicros: 2_000 },
      { day: "2026-03-09", provider: "anthropic", model: "claude-sonnet-4-5", calls: 1, attempts: 1, errors: 0, rejected: 0, inputTokens: 1000, outputTokens: 500, costMicros: 10_000 },
      { day: "2026-03-09", provider: "google", model: "gemini-2.5-pro", calls: 1, attempts: 1, errors: 0, rejected: 1, inputTokens: 0, outputTokens: 0, costMicros: 0 },
    ]);
    expect(errorRate(report.byDay[0]!)).toBeCloseTo(1 / 3);
    expect(errorRate(report.byDay[3]!)).toBe(0);
    expect(report.totals).toEqual({ calls: 5, attempts: 6, errors: 1, rejected: 1, inputTokens: 4000, outputTokens: 2000, costMicros: 52_000 });
    expect(report.byModel.map((row) => [row.provider, row.costMicros])).toEqual([
      ["anthropic", 50_000],
      ["google", 2_000],
    ]);
  });

  it("totals per task and the top projects by cost", async () => {
    const report = await aiUsageReport(t.db, { days: 14, now });
    expect(report.byTask.map((row) => [row.task, row.calls, row.costMicros])).toEqual([
      ["fix", 1, 30_000],
      ["code", 1, 10_000],
      ["review", 1, 10_000],
      ["spec", 2, 2_000],
    ]);
    expect(report.topProjects.map((row) => [row.title, row.moduleName, row.ownerEmail, row.costMicros])).toEqual([
      ["Pricey", "pricey_module", owner.email, 40_000],
      ["Cheap", "cheap_module", owner.email, 2_000],
    ]);
  });

  it("a longer window reaches older calls; an empty window is all zeros", async () => {
    expect((await aiUsageReport(t.db, { days: 30, now })).totals.costMicros).toBe(52_000 + 999_999);
    const empty = await aiUsageReport(t.db, { days: 14, now: new Date("2020-01-01T00:00:00Z") });
    expect(empty.totals).toEqual({ calls: 0, attempts: 0, errors: 0, rejected: 0, inputTokens: 0, outputTokens: 0, costMicros: 0 });
    expect(empty.byDay).toEqual([]);
  });

  it("one project's usage since it began, per task", async () => {
    const usage = await projectAiUsage(t.db, pricey);
    expect(usage.totals).toMatchObject({ calls: 3, costMicros: 30_000 + 10_000 + 999_999, inputTokens: 3000 });
    expect(usage.byTask.map((row) => [row.task, row.calls])).toEqual([
      ["code", 2],
      ["fix", 1],
    ]);
  });

  it("is served through the routers: the owner sees the project's usage, admins the report", async () => {
    const usage = await callerFor(t.db, owner).project.aiUsage({ projectId: cheap });
    expect(usage.totals.costMicros).toBe(2_000);
    await expect(callerFor(t.db, admin).project.aiUsage({ projectId: cheap })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(t.db, owner).admin.aiUsage({ days: 14 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await t.db.insert(aiCalls).values(call({ projectId: cheap, task: "adjust", createdAt: new Date() }));
    const report = await callerFor(t.db, admin).admin.aiUsage({});
    expect(report.days).toBe(14);
    expect(report.totals.calls).toBeGreaterThan(0);
    expect(Array.isArray(report.providers)).toBe(true);
  });
});

describe("provider statuses", () => {
  it("lists configured providers (closed until a call says otherwise) and stray circuits", () => {
    const open = { provider: "google", state: "open" as const, consecutiveFailures: 5, openedAt: 1, lastError: "503 overloaded" };
    const stray = { provider: "test", state: "half_open" as const, consecutiveFailures: 1, openedAt: 2, lastError: null };
    const list = providerStatuses({ anthropic: { model: "claude-sonnet-4-5" }, google: { model: "gemini-2.5-flash" } }, [open, stray]);
    expect(list.map((item) => [item.provider, item.model, item.configured, item.circuit.state])).toEqual([
      ["anthropic", "claude-sonnet-4-5", true, "closed"],
      ["google", "gemini-2.5-flash", true, "open"],
      ["test", null, false, "half_open"],
    ]);
    expect(providerStatuses({ anthropic: null, google: null }, [])).toEqual([]);
  });
});
