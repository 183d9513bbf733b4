/**
 * The pipeline with the AI path, end to end on the embedded executor: the real Anthropic and
 * Google SDKs talk to local fake servers (server/ports/ai/testing/) that answer with our recorded
 * fixtures. The spec is written by the AI spec writer (streamed to ai_streams), the module by the
 * AI coder, a failing first install is repaired by the AI fixer, and every call is accounted.
 * Variants: the coder's provider overloaded → the other provider serves; a spent budget ends the
 * build with its message. (Offline variants: pipeline.test.ts.)
 */
import { and, asc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { aiCalls, aiStreams, moduleVersions, pipelineRuns, projects, specVersions, type TestCaseResult } from "@/db/schema";
import { createExecutor, type EmbeddedExecutor, virtualClock } from "@/inngest/executor";
import { buildAndTest, cleanupCancelled, generateSpec } from "@/inngest/functions";
import { createAiAdjuster } from "@/server/agents/adjuster";
import { createAiCoder } from "@/server/agents/coder";
import { createAiFixer } from "@/server/agents/fixer";
import { loadSpecFixture } from "@/server/agents/fixtures";
import { loadUiTestsFixture } from "@/server/agents/fixtures/tests";
import { createAiSpecWriter } from "@/server/agents/spec-writer";
import { createAiUiTestWriter } from "@/server/agents/ui-test-writer";
import { createCaller } from "@/server/api/root";
import { type AiClientOptions, createAiClient } from "@/server/ports/ai";
import { anthropicProvider } from "@/server/ports/ai/providers/anthropic";
import { googleProvider } from "@/server/ports/ai/providers/google";
import { type FakeAnswer, type FakeServer, startFakeAnthropic } from "@/server/ports/ai/testing/fake-anthropic";
import { startFakeGoogle } from "@/server/ports/ai/testing/fake-google";
import type { Sandbox, SandboxProvider } from "@/server/ports/sandbox";
import { offlineDrafter } from "@/server/pipeline/spec";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { fakeSandboxProvider } from "@/test/fake-sandbox";
import { makeUser, testStore } from "@/test/fixtures";
import { aiAgents } from "./ai-agents";
import { setPipelineDeps } from "./deps";
import type { UiTestRunner } from "./ui-tests";

const TTL = 60 * 60_000;
const fixture = loadSpecFixture("library_management");

let t: TestDatabase;
let servers: FakeServer[] = [];
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  setPipelineDeps(null);
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
  extraTestsSeen = [];
  await t.close();
});

/** What the UI-test runner was given to play besides the planned tests, per call. */
let extraTestsSeen: string[][] = [];
const passingUi: UiTestRunner = async (input) => {
  extraTestsSeen.push((input.extraTests ?? []).map((test) => test.id));
  const result: TestCaseResult = { suite: "ui", name: `${input.blueprint.module.title}: create and find a record`, status: "passed", durationMs: 5 };
  input.onResult?.(result);
  return [result];
};

/** The first `n` sandboxes report one failing Odoo test, with a traceback into the model file. */
function failingFirst(n: number): SandboxProvider {
  const fake = fakeSandboxProvider();
  let created = 0;
  return {
    ...fake.provider,
    async create(options) {
      const sandbox = await fake.provider.create(options);
      created += 1;
      if (created > n) return sandbox;
      const install = sandbox.install.bind(sandbox);
      return Object.assign(sandbox, {
        async install(...args: Parameters<Sandbox["install"]>) {
          return {
            ...(await install(...args)),
            testsFailed: 1,
            failures: [{ test: "test_summary_shown", message: "AssertionError: the summary in __manifest__.py does not say what the module does" }],
          };
        },
      });
    },
  };
}

interface AiWorld {
  executor: EmbeddedExecutor;
  caller: ReturnType<typeof createCaller>;
  anthropic: FakeServer;
  google: FakeServer;
  userId: string;
}

async function world(opts: { anthropic?: FakeAnswer[]; google?: FakeAnswer[]; provider?: SandboxProvider; client?: Partial<AiClientOptions> } = {}): Promise<AiWorld> {
  const anthropic = await startFakeAnthropic(opts.anthropic ?? []);
  const google = await startFakeGoogle(opts.google ?? []);
  servers.push(anthropic, google);
  const client = createAiClient({
    providers: {
      anthropic: { provider: anthropicProvider({ apiKey: "sk-ant-test-0000000000", baseURL: anthropic.url }), model: "claude-haiku-4-5" },
      google: { provider: googleProvider({ apiKey: "AIza-test-0000000000", baseUrl: google.url }), model: "gemini-2.5-flash" },
    },
    db: t.db,
    sleep: async () => {},
    random: () => 0.5,
    maxRetries: 1,
    ...opts.client,
  });
  const clock = virtualClock(Date.now());
  const provider = opts.provider ?? fakeSandboxProvider().provider;
  const registry = new Map();
  setPipelineDeps({
    db: t.db,
    store: testStore,
    provider,
    registry,
    ttlMs: TTL,
    now: () => clock.now(),
    drafter: createAiSpecWriter(client, { fallback: offlineDrafter }),
    coder: createAiCoder(client),
    fixer: createAiFixer(client),
    uiTests: passingUi,
    uiTestWriter: createAiUiTestWriter(client),
    adjuster: createAiAdjuster(client),
  });
  const executor = createExecutor({ db: t.db, functions: [generateSpec, buildAndTest, cleanupCancelled], clock, log: () => {} });
  const user = await makeUser(t.db);
  const caller = createCaller({ db: t.db, storage: testStore, sandboxes: { provider, registry, ttlMs: TTL }, events: { send: (events) => executor.send(events) }, user, ip: "127.0.0.1" });
  return { executor, caller, anthropic, google, userId: user.id };
}

const input = fixture.input;
const newProject = { title: input.title, moduleName: input.moduleName, odooVersion: input.odooVersion, description: input.description, depends: input.depends ?? [] };
const specAnswer: FakeAnswer = { text: fixture.answer, inputTokens: fixture.usage.inputTokens, outputTokens: fixture.usage.outputTokens, chunks: fixture.answer.match(/[\s\S]{1,400}/g)! };
const coderAnswer: FakeAnswer = { json: { summary: "No custom logic is needed: the approved blueprint is built as it is.", blueprint: null }, inputTokens: 9000, outputTokens: 60 };
const fixerAnswer: FakeAnswer = {
  json: {
    summary: "Give the module a summary.",
    diagnosis: "test_summary_shown fails because the manifest summary is empty.",
    blueprintOps: [{ op: "set", path: "/module/summary", value: "Lend books to members and track returns." }],
    fileEdits: [],
  },
  inputTokens: 12000,
  outputTokens: 180,
};

const uiTestsFixture = loadUiTestsFixture("library_management");
const testsAnswer: FakeAnswer = { json: JSON.parse(uiTestsFixture.rounds[0]!.text), inputTokens: uiTestsFixture.rounds[0]!.inputTokens, outputTokens: uiTestsFixture.rounds[0]!.outputTokens };

async function specAndApprove(w: AiWorld) {
  const created = await w.caller.project.create(newProject);
  await w.executor.drain();
  const [row] = await t.db.select().from(projects).where(eq(projects.id, created.id));
  expect(row!.status).toBe("spec_ready");
  const spec = await w.caller.spec.get({ projectId: created.id });
  await w.caller.spec.approve({ projectId: created.id, number: spec.number });
  await w.executor.drain();
  return created.id;
}

describe("pipeline with the AI agents (real SDKs against local fakes)", () => {
  it("spec streamed by Gemini → coded by Claude → a failing test fixed by Claude → UAT; every call accounted", async () => {
    const w = await world({ google: [specAnswer], anthropic: [coderAnswer, testsAnswer, fixerAnswer], provider: failingFirst(1) });
    const projectId = await specAndApprove(w);

    const [p] = await t.db.select().from(projects).where(eq(projects.id, projectId));
    expect(p!.status).toBe("uat");
    expect(p!.fixAttempts).toBe(1);

    // The spec: written by the AI, streamed as Markdown only, with its provenance.
    const [spec] = await t.db.select().from(specVersions).where(eq(specVersions.projectId, projectId));
    expect(spec).toMatchObject({ source: "ai", aiProvider: "google", aiModel: "gemini-2.5-flash", aiInputTokens: fixture.usage.inputTokens });
    expect(spec!.aiCostMicros).toBeGreaterThan(0);
    const [stream] = await t.db.select().from(aiStreams).where(eq(aiStreams.projectId, projectId));
    expect(stream!.done).toBe(true);
    expect(stream!.text.length).toBeGreaterThan(500);
    expect(stream!.text).not.toContain("```json");
    expect(spec!.markdown.startsWith(stream!.text.trim().slice(0, 200))).toBe(true);
    expect(w.google.requests[0]!.path).toContain(":streamGenerateContent");

    // Version 1 by the coder, version 2 by the fixer, each with who wrote it and what it cost.
    const versions = await t.db.select().from(moduleVersions).where(eq(moduleVersions.projectId, projectId)).orderBy(asc(moduleVersions.number));
    expect(versions.map((v) => [v.number, v.source, v.aiProvider, v.aiModel])).toEqual([
      [1, "ai", "anthropic", "claude-haiku-4-5"],
      [2, "fix", "anthropic", "claude-haiku-4-5"],
    ]);
    expect(versions[1]!.summary).toMatch(/^Give the module a summary\. — changed .*__manifest__\.py/);
    expect((versions[1]!.blueprint as { module: { summary: string } }).module.summary).toBe("Lend books to members and track returns.");

    // What the fixer was shown: the failing test and the module's files.
    const fixRequest = JSON.stringify(w.anthropic.requests[2]!.body);
    expect(fixRequest).toContain("test_summary_shown");
    expect(fixRequest).toContain("__manifest__.py");
    expect(w.anthropic.requests[0]!.body).toMatchObject({ model: "claude-haiku-4-5", tool_choice: { type: "tool" } });

    // One accounting row per call, on the project, with the prompt version.
    const calls = await t.db.select().from(aiCalls).where(eq(aiCalls.projectId, projectId)).orderBy(asc(aiCalls.createdAt));
    expect(calls.map((c) => [c.task, c.provider, c.outcome])).toEqual([
      ["spec", "google", "ok"],
      ["code", "anthropic", "ok"],
      ["tests", "anthropic", "ok"],
      ["fix", "anthropic", "ok"],
    ]);

    // The acceptance tests were written once and played after the planned ones on every attempt.
    expect(JSON.stringify(w.anthropic.requests[1]!.body)).toContain("Acceptance criteria");
    expect(extraTestsSeen).toHaveLength(2);
    expect(extraTestsSeen[0]!.length).toBeGreaterThan(0);
    expect(extraTestsSeen[0]!.every((id) => id.startsWith("ai-"))).toBe(true);
    expect(extraTestsSeen[1]).toEqual(extraTestsSeen[0]);
    expect(calls.every((c) => /^[a-z-]+@\d+$/.test(c.prompt) && c.userId === w.userId)).toBe(true);
    const [run] = await t.db.select().from(pipelineRuns).where(and(eq(pipelineRuns.projectId, projectId), eq(pipelineRuns.kind, "build")));
    expect(calls.filter((c) => c.task !== "spec").every((c) => c.runId === run!.id)).toBe(true);
  });

  it("the coder's provider is overloaded: after its retries the other provider codes the module", async () => {
    const overloaded: FakeAnswer = { status: 529, errorType: "overloaded_error", message: "Overloaded" };
    const w = await world({ google: [specAnswer, coderAnswer], anthropic: [overloaded, overloaded] });
    const projectId = await specAndApprove(w);

    const [p] = await t.db.select().from(projects).where(eq(projects.id, projectId));
    expect(p!.status).toBe("uat");
    const [version] = await t.db.select().from(moduleVersions).where(eq(moduleVersions.projectId, projectId));
    expect(version).toMatchObject({ source: "ai", aiProvider: "google" });
    const code = await t.db.select().from(aiCalls).where(and(eq(aiCalls.projectId, projectId), eq(aiCalls.task, "code"))).orderBy(asc(aiCalls.attempt));
    expect(code.map((c) => [c.provider, c.outcome, c.errorKind, c.fallback])).toEqual([
      ["anthropic", "error", "overloaded", false],
      ["anthropic", "error", "overloaded", false],
      ["google", "ok", null, true],
    ]);
  });

  it("a spent budget ends the build before the coder is asked, with the budget in the reason", async () => {
    const w = await world({ google: [specAnswer], anthropic: [coderAnswer] });
    const created = await w.caller.project.create(newProject);
    await w.executor.drain();
    // The spec cost more than this project's limit.
    await t.db.update(projects).set({ aiBudgetMicros: 1 }).where(eq(projects.id, created.id));
    const spec = await w.caller.spec.get({ projectId: created.id });
    await w.caller.spec.approve({ projectId: created.id, number: spec.number });
    await w.executor.drain();

    const [p] = await t.db.select().from(projects).where(eq(projects.id, created.id));
    expect(p!.status).toBe("failed");
    expect(p!.statusReason).toMatch(/budget/i);
    expect(w.anthropic.requests).toHaveLength(0);
    const rejected = await t.db.select().from(aiCalls).where(and(eq(aiCalls.projectId, created.id), eq(aiCalls.task, "code")));
    expect(rejected.map((c) => [c.outcome, c.errorKind])).toEqual([["rejected", "budget"]]);
  });
});

describe("aiAgents", () => {
  it("offline (no client) leaves the pipeline's defaults; with a client every agent is there", async () => {
    expect(await aiAgents(null)).toEqual({});
    const client = createAiClient({ providers: { anthropic: { provider: anthropicProvider({ apiKey: "sk-ant-test-0000000000", baseURL: "http://127.0.0.1:9" }), model: "m" } } });
    const agents = await aiAgents(client);
    expect(Object.keys(agents).sort()).toEqual(["adjuster", "coder", "drafter", "fixer", "uiTestWriter"]);
    expect(agents.uiTestWriter!.name).toBe("ai");
    expect(agents.drafter!.name).toBe("ai");
  });
});
