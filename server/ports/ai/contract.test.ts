/**
 * Contract tests: the real SDKs (`@anthropic-ai/sdk`, `@google/genai`) talk HTTP to local fakes of
 * each API (testing/fake-*.ts) through their base URLs, under the real client — so request shapes,
 * streaming, error mapping, retry-after, fallback, repair rounds, timeouts and circuits are checked
 * end to end, with accounting rows in a real (PGlite) database.
 */
import { asc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { aiCalls, projects } from "@/db/schema";
import { createProject } from "@/server/services/projects/projects";
import { createTestDatabase, type TestDatabase, testDatabaseKind } from "@/test/db";
import { makeUser, sampleProject } from "@/test/fixtures";
import { type AiClientOptions, createAiClient } from "./client";
import { loadPrompt } from "./prompts";
import { anthropicProvider } from "./providers/anthropic";
import { googleProvider } from "./providers/google";
import { startFakeAnthropic } from "./testing/fake-anthropic";
import { startFakeGoogle } from "./testing/fake-google";
import type { FakeAnswer, FakeServer } from "./testing/fake-server";
import { AiError, type AiProvider } from "./types";

const ANTHROPIC_KEY = "sk-ant-fake-key-123456";
const GOOGLE_KEY = "AIzaFakeGoogleKey123456";
const schema = z.object({ module: z.string().regex(/^[a-z_]+$/), models: z.array(z.string()).min(1) });
const json = { name: "module_outline", description: "The module outline", schema: z.toJSONSchema(schema) as Record<string, unknown> };

let t: TestDatabase;
let userId: string;
const servers: FakeServer[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  userId = (await makeUser(t.db)).id;
});
afterAll(() => t.close());
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function fakes(anthropicScript: FakeAnswer[] = [], googleScript: FakeAnswer[] = []) {
  const anthropic = await startFakeAnthropic(anthropicScript);
  const google = await startFakeGoogle(googleScript);
  servers.push(anthropic, google);
  return { anthropic, google };
}

function providers(urls: { anthropic?: string; google?: string }): AiClientOptions["providers"] {
  const result: AiClientOptions["providers"] = {};
  if (urls.anthropic) result.anthropic = { provider: anthropicProvider({ apiKey: ANTHROPIC_KEY, baseURL: urls.anthropic }), model: "claude-haiku-4-5" };
  if (urls.google) result.google = { provider: googleProvider({ apiKey: GOOGLE_KEY, baseUrl: urls.google }), model: "gemini-2.5-flash" };
  return result;
}

function virtualClock() {
  let now = 5_000_000;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    advance: (ms: number) => void (now += ms),
    slept,
  };
}

let n = 0;
async function newProject(budgetMicros?: number) {
  n += 1;
  const project = await createProject(t, { userId, ip: "10.3.3.3" }, sampleProject({ moduleName: `contract_mod_${n}` }));
  if (budgetMicros !== undefined) await t.db.update(projects).set({ aiBudgetMicros: budgetMicros }).where(eq(projects.id, project.id));
  return project;
}
const rowsOf = (projectId: string) => t.db.select().from(aiCalls).where(eq(aiCalls.projectId, projectId)).orderBy(asc(aiCalls.attempt));

async function errorOf(promise: Promise<unknown>): Promise<AiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AiError)) throw new Error(`expected an AiError, got ${String(error)}`);
  return error;
}

const prompt = () => loadPrompt("ping");
const user = (content: string) => [{ role: "user" as const, content }];

describe(`AI port contract, real SDKs against local fakes (${testDatabaseKind})`, () => {
  it("Anthropic: model, system, messages, forced tool with input_schema, API key header; the tool input is the answer", async () => {
    const { anthropic } = await fakes([{ json: { module: "fleet_log", models: ["fleet.log"] }, inputTokens: 120, outputTokens: 30 }]);
    const clock = virtualClock();
    const ai = createAiClient({ providers: providers({ anthropic: anthropic.url }), db: t.db, ...clock });
    const project = await newProject();
    const { value, usage } = await ai.structured(
      { task: "code", projectId: project.id, userId },
      { prompt: prompt(), systemExtra: "Target Odoo 17.", messages: user("Outline the module."), json, maxTokens: 2_000 },
      schema,
    );
    expect(value).toEqual({ module: "fleet_log", models: ["fleet.log"] });
    expect(usage).toMatchObject({ provider: "anthropic", model: "claude-haiku-4-5", inputTokens: 120, outputTokens: 30, costMicros: 120 * 1 + 30 * 5, calls: 1 });
    const [request] = anthropic.requests;
    expect(request!.path).toBe("/v1/messages");
    // SDK 1.x sends the API key as a bearer token (older SDKs used x-api-key).
    expect(request!.headers.authorization ?? `Bearer ${request!.headers["x-api-key"]}`).toBe(`Bearer ${ANTHROPIC_KEY}`);
    expect(request!.body).toMatchObject({
      model: "claude-haiku-4-5",
      max_tokens: 2_000,
      system: "Answer briefly.\n\nTarget Odoo 17.",
      messages: [{ role: "user", content: "Outline the module." }],
      tools: [{ name: "module_outline", description: "The module outline", input_schema: { type: "object", required: ["module", "models"] } }],
      tool_choice: { type: "tool", name: "module_outline" },
    });
    expect(request!.body.stream).toBeUndefined();
    const [row] = await rowsOf(project.id);
    expect(row).toMatchObject({ provider: "anthropic", model: "claude-haiku-4-5", prompt: "ping@1", outcome: "ok", inputTokens: 120, outputTokens: 30, costMicros: 270, fallback: false });
  });

  it("Google: model in the path, systemInstruction, contents with roles, JSON mode with the schema, API key header", async () => {
    const { google } = await fakes([], [{ json: { module: "loans", models: ["loan.loan"] }, inputTokens: 1_000, outputTokens: 100 }]);
    const ai = createAiClient({ providers: providers({ google: google.url }), ...virtualClock() });
    const { value, result } = await ai.structured(
      { task: "spec" },
      { prompt: prompt(), messages: [...user("first"), { role: "assistant", content: "noted" }, ...user("second")], json, temperature: 0.2 },
      schema,
    );
    expect(value).toEqual({ module: "loans", models: ["loan.loan"] });
    expect(result).toMatchObject({ provider: "google", model: "gemini-2.5-flash", usage: { inputTokens: 1_000, outputTokens: 100 }, costMicros: 300 + 250 });
    const [request] = google.requests;
    expect(request!.path).toBe("/v1beta/models/gemini-2.5-flash:generateContent");
    expect(request!.headers["x-goog-api-key"]).toBe(GOOGLE_KEY);
    expect(request!.body).toMatchObject({
      contents: [
        { role: "user", parts: [{ text: "first" }] },
        { role: "model", parts: [{ text: "noted" }] },
        { role: "user", parts: [{ text: "second" }] },
      ],
      systemInstruction: { parts: [{ text: "Answer briefly." }] },
      generationConfig: { maxOutputTokens: 16_384, temperature: 0.2, responseMimeType: "application/json", responseJsonSchema: { type: "object", required: ["module", "models"] } },
    });
  });

  it("streams text deltas in order and counts the usage (Anthropic SSE and Gemini SSE)", async () => {
    const { anthropic, google } = await fakes(
      [{ text: "# Spec\n\nLoans move from draft to done.", chunks: ["# Spec\n", "\nLoans move ", "from draft to done."], inputTokens: 40, outputTokens: 12 }],
      [{ text: "Gemini spec text", chunks: ["Gemini ", "spec ", "text"], inputTokens: 50, outputTokens: 6 }],
    );
    const anthropicDeltas: string[] = [];
    const viaAnthropic = createAiClient({ providers: providers({ anthropic: anthropic.url }), ...virtualClock() });
    const a = await viaAnthropic.complete({ task: "spec" }, { prompt: prompt(), messages: user("Write it."), onText: (d) => anthropicDeltas.push(d) });
    expect(anthropicDeltas).toEqual(["# Spec\n", "\nLoans move ", "from draft to done."]);
    expect(a).toMatchObject({ text: "# Spec\n\nLoans move from draft to done.", usage: { inputTokens: 40, outputTokens: 12 } });
    expect(anthropic.requests[0]!.body.stream).toBe(true);

    const googleDeltas: string[] = [];
    const viaGoogle = createAiClient({ providers: providers({ google: google.url }), ...virtualClock() });
    const g = await viaGoogle.complete({ task: "spec" }, { prompt: prompt(), messages: user("Write it."), onText: (d) => googleDeltas.push(d) });
    expect(googleDeltas).toEqual(["Gemini ", "spec ", "text"]);
    expect(g).toMatchObject({ text: "Gemini spec text", usage: { inputTokens: 50, outputTokens: 6 } });
    expect(google.requests[0]!.path).toBe("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
  });

  it("429 with retry-after: waits what the provider asked (injected sleep), then succeeds", async () => {
    const { anthropic, google } = await fakes(
      [{ status: 429, headers: { "retry-after": "7" } }, { status: 429, headers: { "retry-after-ms": "2500" } }, { text: "after the wait" }],
      [{ status: 429, headers: { "retry-after": "4" } }, { status: 429, details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "9s" }] }, { text: "gemini ok" }],
    );
    const clock = virtualClock();
    const ai = createAiClient({ providers: providers({ anthropic: anthropic.url }), ...clock, random: () => 0 });
    const result = await ai.complete({ task: "code" }, { prompt: prompt(), messages: user("hi") });
    expect(result).toMatchObject({ text: "after the wait", attempts: 3 });
    expect(clock.slept).toEqual([7_000, 2_500]);

    const gClock = virtualClock();
    const viaGoogle = createAiClient({ providers: providers({ google: google.url }), ...gClock, random: () => 0 });
    expect((await viaGoogle.complete({ task: "spec" }, { prompt: prompt(), messages: user("hi") })).text).toBe("gemini ok");
    expect(gClock.slept).toEqual([4_000, 9_000]);
  });

  it("Anthropic 529 / overloaded (also as a stream error event) falls back to Google; the row says fallback", async () => {
    const { anthropic, google } = await fakes(
      [{ status: 529 }, { streamError: { type: "overloaded_error", message: "Overloaded" } }],
      [{ text: "gemini answered" }],
    );
    const project = await newProject();
    const ai = createAiClient({ providers: providers({ anthropic: anthropic.url, google: google.url }), db: t.db, maxRetries: 1, ...virtualClock() });
    const deltas: string[] = [];
    const result = await ai.complete({ task: "code", projectId: project.id }, { prompt: prompt(), messages: user("hi"), onText: (d) => deltas.push(d) });
    expect(result).toMatchObject({ provider: "google", text: "gemini answered", attempts: 3 });
    const rows = await rowsOf(project.id);
    expect(rows.map((r) => [r.provider, r.outcome, r.errorKind, r.fallback])).toEqual([
      ["anthropic", "error", "overloaded", false],
      ["anthropic", "error", "overloaded", false],
      ["google", "ok", null, true],
    ]);
  });

  it("maps HTTP errors to AiError kinds for both SDKs", async () => {
    const { anthropic, google } = await fakes(
      [{ status: 401 }, { status: 403 }, { status: 400, message: "prompt is too long" }, { status: 500 }, { status: 503 }],
      [{ status: 503, message: "The model is overloaded." }, { status: 400, message: "API key not valid. Please pass a valid API key." }, { status: 400 }, { status: 500 }, { status: 403 }],
    );
    const call = (provider: AiProvider) =>
      errorOf(provider.generate({ model: "m", system: "", messages: user("x"), maxTokens: 10, signal: new AbortController().signal }));
    const a = anthropicProvider({ apiKey: ANTHROPIC_KEY, baseURL: anthropic.url });
    const kinds: string[] = [];
    for (let i = 0; i < 5; i += 1) kinds.push((await call(a)).kind);
    expect(kinds).toEqual(["auth", "auth", "invalid_request", "server", "server"]);
    const g = googleProvider({ apiKey: GOOGLE_KEY, baseUrl: google.url });
    const gKinds: string[] = [];
    for (let i = 0; i < 5; i += 1) gKinds.push((await call(g)).kind);
    expect(gKinds).toEqual(["overloaded", "auth", "invalid_request", "server", "auth"]);

    // Nothing listening: a connection error.
    const closed = await startFakeAnthropic();
    await closed.stop();
    expect((await call(anthropicProvider({ apiKey: ANTHROPIC_KEY, baseURL: closed.url }))).kind).toBe("network");
    expect((await call(googleProvider({ apiKey: GOOGLE_KEY, baseUrl: closed.url }))).kind).toBe("network");
  });

  it("malformed JSON gets one repair round whose request lists the problems, then validates", async () => {
    const { anthropic } = await fakes([{ json: { module: "Bad Name", models: [] } }, { json: { module: "good_name", models: ["x.y"] } }]);
    const project = await newProject();
    const ai = createAiClient({ providers: providers({ anthropic: anthropic.url }), db: t.db, ...virtualClock() });
    const { value, usage } = await ai.structured({ task: "code", projectId: project.id }, { prompt: prompt(), messages: user("Outline."), json }, schema);
    expect(value).toEqual({ module: "good_name", models: ["x.y"] });
    expect(usage.calls).toBe(2);
    const repair = anthropic.requests[1]!.body.messages as Array<{ role: string; content: string }>;
    expect(repair.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(JSON.parse(repair[1]!.content)).toEqual({ module: "Bad Name", models: [] });
    expect(repair[2]!.content).toMatch(/- module: /);
    expect(repair[2]!.content).toMatch(/- models: /);
    expect((await rowsOf(project.id)).map((r) => r.outcome)).toEqual(["invalid_output", "ok"]);
  });

  it("malformed twice → invalid_output (Gemini JSON mode)", async () => {
    const { google } = await fakes([], [{ text: "{not json" }, { json: { module: 42 } }]);
    const project = await newProject();
    const ai = createAiClient({ providers: providers({ google: google.url }), db: t.db, ...virtualClock() });
    const error = await errorOf(ai.structured({ task: "spec", projectId: project.id }, { prompt: prompt(), messages: user("Outline."), json }, schema));
    expect(error.kind).toBe("invalid_output");
    expect(google.requests).toHaveLength(2);
    expect((await rowsOf(project.id)).map((r) => r.outcome)).toEqual(["invalid_output", "invalid_output"]);
  });

  it("timeouts open the circuit; the next call skips the provider without a request; after the cooldown a probe closes it", async () => {
    const slow: FakeAnswer = { text: "too late", delayMs: 2_000 };
    const { anthropic, google } = await fakes([slow, slow], []);
    const clock = virtualClock();
    const project = await newProject();
    const ai = createAiClient({
      providers: providers({ anthropic: anthropic.url, google: google.url }),
      db: t.db,
      timeoutMs: 100,
      maxRetries: 1,
      circuit: { failures: 2, cooldownMs: 30_000 },
      ...clock,
    });
    const first = await ai.complete({ task: "code", projectId: project.id }, { prompt: prompt(), messages: user("hi") });
    expect(first.provider).toBe("google");
    expect(anthropic.requests).toHaveLength(2);
    expect(ai.circuits().find((c) => c.provider === "anthropic")).toMatchObject({ state: "open", consecutiveFailures: 2 });
    const rows = await rowsOf(project.id);
    expect(rows.slice(0, 2).map((r) => r.errorKind)).toEqual(["timeout", "timeout"]);

    const second = await ai.complete({ task: "code" }, { prompt: prompt(), messages: user("hi") });
    expect(second.provider).toBe("google");
    expect(anthropic.requests).toHaveLength(2);

    clock.advance(30_000);
    expect(ai.circuits().find((c) => c.provider === "anthropic")?.state).toBe("half_open");
    const third = await ai.complete({ task: "code" }, { prompt: prompt(), messages: user("hi") });
    expect(third).toMatchObject({ provider: "anthropic", text: "ok" });
    expect(anthropic.requests).toHaveLength(3);
    expect(ai.circuits().find((c) => c.provider === "anthropic")).toMatchObject({ state: "closed", consecutiveFailures: 0 });
  });

  it("a spent budget records a rejected row, throws AiError(budget) and sends nothing", async () => {
    const { anthropic } = await fakes([{ text: "spent", inputTokens: 10_000, outputTokens: 1_000 }]);
    const project = await newProject(10_000);
    const ai = createAiClient({ providers: providers({ anthropic: anthropic.url }), db: t.db, ...virtualClock() });
    await ai.complete({ task: "fix", projectId: project.id }, { prompt: prompt(), messages: user("fix it") });
    const error = await errorOf(ai.complete({ task: "fix", projectId: project.id }, { prompt: prompt(), messages: user("again") }));
    expect(error.kind).toBe("budget");
    expect(error.message).toMatch(/^This project has used its AI budget \(\$0\.0150 of \$0\.0100\)\. /);
    expect(anthropic.requests).toHaveLength(1);
    expect((await rowsOf(project.id)).map((r) => [r.outcome, r.errorKind])).toEqual([
      ["ok", null],
      ["rejected", "budget"],
    ]);
  });

  it("the global rate limit rejects before sending", async () => {
    const { google } = await fakes();
    const ai = createAiClient({ providers: providers({ google: google.url }), db: t.db, rateLimits: { perUserPerMinute: 100, globalPerMinute: 1 }, ...virtualClock() });
    // Another test may have counted global hits in this minute of the virtual clock: use a fresh key space.
    await t.db.delete((await import("@/db/schema")).rateLimits);
    await ai.complete({ task: "review" }, { prompt: prompt(), messages: user("one") });
    const error = await errorOf(ai.complete({ task: "review" }, { prompt: prompt(), messages: user("two") }));
    expect(error).toMatchObject({ kind: "rate_limit_local" });
    expect(error.message).toMatch(/for this service/);
    expect(google.requests).toHaveLength(1);
  });
});
