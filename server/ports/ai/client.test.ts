import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { aiCalls, projects } from "@/db/schema";
import { createProject } from "@/server/services/projects/projects";
import { createTestDatabase, type TestDatabase, testDatabaseKind } from "@/test/db";
import { makeUser, sampleProject } from "@/test/fixtures";
import { type AiClientOptions, createAiClient } from "./client";
import { CircuitRegistry } from "./circuit";
import { scriptedProvider } from "./testing/scripted-provider";
import { AiError, type Prompt } from "./types";

const prompt: Prompt = { id: "ping", version: 1, text: "Answer briefly." };
const ask = (content = "hello") => ({ prompt, messages: [{ role: "user" as const, content }] });

/** A virtual clock: sleeps advance it instead of waiting. */
function clock(start = 1_000_000) {
  let t = start;
  const slept: number[] = [];
  return {
    now: () => t,
    advance: (ms: number) => void (t += ms),
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
    slept,
  };
}

function client(providers: AiClientOptions["providers"], extra: Partial<AiClientOptions> = {}) {
  const c = clock();
  return { c, ai: createAiClient({ providers, now: c.now, sleep: c.sleep, random: () => 0.5, ...extra }) };
}

async function errorOf(promise: Promise<unknown>): Promise<AiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AiError)) throw new Error(`expected an AiError, got ${String(error)}`);
  return error;
}

describe("ai client (no database)", () => {
  it("answers from the first provider of the task's route and reports usage and cost", async () => {
    const anthropic = scriptedProvider([{ text: "pong", inputTokens: 1000, outputTokens: 100 }], "anthropic");
    const google = scriptedProvider([], "google");
    const { ai } = client({ anthropic: { provider: anthropic, model: "claude-sonnet-4-5" }, google: { provider: google, model: "gemini-2.5-flash" } });
    const result = await ai.complete({ task: "code" }, { ...ask(), systemExtra: "Odoo 17 rules." });
    expect(result).toMatchObject({ text: "pong", provider: "anthropic", model: "claude-sonnet-4-5", attempts: 1 });
    // $3 / $15 per million tokens.
    expect(result.costMicros).toBe(1000 * 3 + 100 * 15);
    expect(anthropic.requests[0]).toMatchObject({ model: "claude-sonnet-4-5", system: "Answer briefly.\n\nOdoo 17 rules.", maxTokens: 16_384 });
    expect(google.requests).toHaveLength(0);
    expect(ai.chainFor("spec")).toEqual(["google", "anthropic"]);
    expect(ai.chainFor("fix")).toEqual(["anthropic", "google"]);
  });

  it("routes every task to the only configured provider, and honours route overrides", async () => {
    const only = scriptedProvider(["a", "b"], "anthropic");
    const { ai } = client({ anthropic: { provider: only, model: "claude-test" } });
    expect(ai.chainFor("spec")).toEqual(["anthropic"]);
    expect((await ai.complete({ task: "spec" }, ask())).provider).toBe("anthropic");
    const both = client(
      { anthropic: { provider: scriptedProvider([], "anthropic"), model: "m" }, google: { provider: scriptedProvider([], "google"), model: "g" } },
      { routes: { spec: ["anthropic"], code: ["nobody", "google"] } },
    ).ai;
    expect(both.chainFor("spec")).toEqual(["anthropic"]);
    expect(both.chainFor("code")).toEqual(["google"]);
  });

  it("retries retryable errors with full-jitter backoff, honouring a longer retry-after", async () => {
    const provider = scriptedProvider(
      [
        new AiError("server", "boom"),
        new AiError("rate_limited", "slow down", { retryAfterMs: 7_000 }),
        new AiError("overloaded", "busy"),
        "finally",
      ],
      "anthropic",
    );
    const { ai, c } = client({ anthropic: { provider, model: "m" } });
    const result = await ai.complete({ task: "code" }, ask());
    expect(result).toMatchObject({ text: "finally", attempts: 4 });
    // random() = 0.5: 0.5·1 s, then max(0.5·2 s, 7 s), then 0.5·4 s.
    expect(c.slept).toEqual([500, 7_000, 2_000]);
  });

  it("gives up on a provider after maxRetries and falls back to the next", async () => {
    const anthropic = scriptedProvider(Array.from({ length: 4 }, () => new AiError("server", "down")), "anthropic");
    const google = scriptedProvider(["from google"], "google");
    const { ai } = client({ anthropic: { provider: anthropic, model: "m" }, google: { provider: google, model: "g" } });
    const result = await ai.complete({ task: "code" }, ask());
    expect(result).toMatchObject({ provider: "google", text: "from google", attempts: 5 });
    expect(anthropic.requests).toHaveLength(4);
  });

  it("falls back at once on auth errors, stops at once on invalid_request", async () => {
    const anthropic = scriptedProvider([new AiError("auth", "bad key")], "anthropic");
    const google = scriptedProvider(["ok"], "google");
    const { ai } = client({ anthropic: { provider: anthropic, model: "m" }, google: { provider: google, model: "g" } });
    expect((await ai.complete({ task: "code" }, ask())).provider).toBe("google");

    const wrong = scriptedProvider([new AiError("invalid_request", "prompt too long")], "anthropic");
    const spare = scriptedProvider(["never"], "google");
    const second = client({ anthropic: { provider: wrong, model: "m" }, google: { provider: spare, model: "g" } }).ai;
    expect((await errorOf(second.complete({ task: "code" }, ask()))).kind).toBe("invalid_request");
    expect(spare.requests).toHaveLength(0);
  });

  it("throws the last error when every provider failed", async () => {
    const failing = (name: string) => scriptedProvider([new AiError("auth", `${name} key`)], name);
    const { ai } = client({ anthropic: { provider: failing("anthropic"), model: "m" }, google: { provider: failing("google"), model: "g" } });
    const error = await errorOf(ai.complete({ task: "code" }, ask()));
    expect(error).toMatchObject({ kind: "auth", message: "google key" });
  });

  it("times an attempt out with its own abort, and retries it", async () => {
    let aborted = false;
    const slow = {
      name: "anthropic",
      calls: 0,
      async generate(request: Parameters<ReturnType<typeof scriptedProvider>["generate"]>[0]) {
        this.calls += 1;
        if (this.calls === 1) {
          await new Promise((resolve, reject) => {
            request.signal.addEventListener("abort", () => {
              aborted = true;
              reject(new Error("aborted"));
            });
          });
        }
        return { text: "late", model: request.model, usage: { inputTokens: 1, outputTokens: 1 }, stopReason: "end_turn" };
      },
    };
    const { ai } = client({ anthropic: { provider: slow, model: "m" } }, { timeoutMs: 20 });
    const result = await ai.complete({ task: "code" }, ask());
    expect(aborted).toBe(true);
    expect(result).toMatchObject({ text: "late", attempts: 2 });
  });

  it("opens a circuit after N failures, skips it while open, probes once after the cooldown", async () => {
    const anthropic = scriptedProvider([], "anthropic");
    const google = scriptedProvider([], "google");
    const { ai, c } = client(
      { anthropic: { provider: anthropic, model: "m" }, google: { provider: google, model: "g" } },
      { maxRetries: 1, circuit: { failures: 3, cooldownMs: 30_000 } },
    );
    anthropic.push(new AiError("server", "1"), new AiError("server", "2"));
    google.push("g1");
    expect((await ai.complete({ task: "code" }, ask())).provider).toBe("google");
    anthropic.push(new AiError("timeout", "3"));
    google.push("g2");
    expect((await ai.complete({ task: "code" }, ask())).provider).toBe("google");
    expect(ai.circuits().find((s) => s.provider === "anthropic")).toMatchObject({ state: "open", consecutiveFailures: 3, lastError: "3" });

    // Open: straight to Google, nothing sent to Anthropic.
    google.push("g3");
    const before = anthropic.requests.length;
    expect((await ai.complete({ task: "code" }, ask())).provider).toBe("google");
    expect(anthropic.requests.length).toBe(before);

    // Cooldown over: half-open, one probe; a failed probe re-opens at once.
    c.advance(30_000);
    expect(ai.circuits().find((s) => s.provider === "anthropic")?.state).toBe("half_open");
    anthropic.push(new AiError("server", "probe fails"));
    google.push("g4");
    expect((await ai.complete({ task: "code" }, ask())).provider).toBe("google");
    expect(anthropic.requests.length).toBe(before + 1);
    expect(ai.circuits().find((s) => s.provider === "anthropic")?.state).toBe("open");

    // Next cooldown: the probe succeeds and closes the circuit.
    c.advance(30_000);
    anthropic.push("back");
    expect((await ai.complete({ task: "code" }, ask())).provider).toBe("anthropic");
    expect(ai.circuits().find((s) => s.provider === "anthropic")).toMatchObject({ state: "closed", consecutiveFailures: 0 });
  });

  it("says unavailable when every circuit of the chain is open", async () => {
    const registry = new CircuitRegistry();
    const provider = scriptedProvider([new AiError("server", "x")], "anthropic");
    const { ai } = client({ anthropic: { provider, model: "m" } }, { maxRetries: 0, circuit: { failures: 1, cooldownMs: 60_000, registry } });
    expect((await errorOf(ai.complete({ task: "code" }, ask()))).kind).toBe("server");
    const error = await errorOf(ai.complete({ task: "code" }, ask()));
    expect(error.kind).toBe("unavailable");
    expect(error.message).toMatch(/try again in 60 seconds/);
    expect(registry.states()[0]?.state).toBe("open");
  });

  it("passes onText through to the provider", async () => {
    const provider = scriptedProvider(["streamed text"], "anthropic");
    const { ai } = client({ anthropic: { provider, model: "m" } });
    const deltas: string[] = [];
    await ai.complete({ task: "spec" }, { ...ask(), onText: (d) => deltas.push(d) });
    expect(deltas.join("")).toBe("streamed text");
  });
});

describe("ai client structured output", () => {
  const schema = z.object({ name: z.string().regex(/^[a-z_]+$/), fields: z.array(z.string()).min(1) });
  const json = { name: "answer", description: "the answer", schema: z.toJSONSchema(schema) as Record<string, unknown> };

  it("parses JSON mode answers and validates them", async () => {
    const provider = scriptedProvider([{ text: '{"name":"library","fields":["title"]}', inputTokens: 10, outputTokens: 5 }], "anthropic");
    const { ai } = client({ anthropic: { provider, model: "claude-sonnet-4-5" } });
    const { value, usage, result } = await ai.structured({ task: "code" }, { ...ask(), json }, schema);
    expect(value).toEqual({ name: "library", fields: ["title"] });
    expect(usage).toEqual({ provider: "anthropic", model: "claude-sonnet-4-5", inputTokens: 10, outputTokens: 5, costMicros: 10 * 3 + 5 * 15, calls: 1 });
    expect(result.attempts).toBe(1);
    expect(provider.requests[0]?.json).toEqual(json);
  });

  it("without JSON mode asks for a fenced block and extracts it", async () => {
    const provider = scriptedProvider(['Here it is:\n```json\n{"name":"x","fields":["a"]}\n```\nDone.'], "google");
    const { ai } = client({ google: { provider, model: "g" } });
    const { value } = await ai.structured({ task: "spec" }, ask(), schema);
    expect(value).toEqual({ name: "x", fields: ["a"] });
    expect(provider.requests[0]?.system).toMatch(/```json fenced code block/);
    expect(provider.requests[0]?.system).toMatch(/"fields"/);
  });

  it("repairs once with the problems listed, summing usage over both rounds", async () => {
    const provider = scriptedProvider(
      [
        { text: '{"name":"Not Valid","fields":[]}', inputTokens: 100, outputTokens: 10 },
        { text: '{"name":"valid","fields":["f"]}', inputTokens: 200, outputTokens: 20 },
      ],
      "anthropic",
    );
    const { ai } = client({ anthropic: { provider, model: "claude-sonnet-4-5" } });
    const { value, usage } = await ai.structured({ task: "code" }, { ...ask("make it"), json }, schema);
    expect(value).toEqual({ name: "valid", fields: ["f"] });
    expect(usage).toMatchObject({ inputTokens: 300, outputTokens: 30, calls: 2, costMicros: 300 * 3 + 30 * 15 });
    const repair = provider.requests[1]!.messages;
    expect(repair.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(repair[1]!.content).toBe('{"name":"Not Valid","fields":[]}');
    expect(repair[2]!.content).toMatch(/^- name: /m);
    expect(repair[2]!.content).toMatch(/^- fields: /m);
    expect(repair[2]!.content).toMatch(/complete JSON/);
  });

  it("reports a parse error, and a cut answer, in the repair round", async () => {
    const provider = scriptedProvider([{ text: '{"name": "x", "fie', stopReason: "max_tokens" }, '{"name":"x","fields":["a"]}'], "anthropic");
    const { ai } = client({ anthropic: { provider, model: "m" } });
    await ai.structured({ task: "code" }, { ...ask(), json }, schema);
    expect(provider.requests[1]!.messages[2]!.content).toMatch(/cut off at the output token limit/);
    expect(provider.requests[1]!.messages[2]!.content).toMatch(/does not parse/);
  });

  it("throws invalid_output after a second invalid answer", async () => {
    const provider = scriptedProvider(["not json at all", '{"name":1}'], "anthropic");
    const { ai } = client({ anthropic: { provider, model: "m" } });
    const error = await errorOf(ai.structured({ task: "code" }, { ...ask(), json }, schema));
    expect(error.kind).toBe("invalid_output");
    expect(error.message).toMatch(/even after a correction round/);
    expect(provider.requests).toHaveLength(2);
  });
});

describe(`ai client accounting, budgets and rate limits (${testDatabaseKind})`, () => {
  let t: TestDatabase;
  let userId: string;
  let n = 0;

  beforeAll(async () => {
    t = await createTestDatabase();
    userId = (await makeUser(t.db)).id;
  });
  afterAll(() => t.close());

  async function newProject(budgetMicros?: number) {
    n += 1;
    const project = await createProject(t, { userId, ip: "10.2.2.2" }, sampleProject({ moduleName: `ai_mod_${n}` }));
    if (budgetMicros !== undefined) await t.db.update(projects).set({ aiBudgetMicros: budgetMicros }).where(eq(projects.id, project.id));
    return project;
  }
  const rowsOf = (projectId: string) => t.db.select().from(aiCalls).where(eq(aiCalls.projectId, projectId)).orderBy(asc(aiCalls.attempt));

  it("writes one row per attempt, with the prompt, call group, fallback flag and cost", async () => {
    const project = await newProject();
    const anthropic = scriptedProvider([new AiError("overloaded", "busy"), new AiError("auth", "bad key")], "anthropic");
    const google = scriptedProvider([{ text: "ok", inputTokens: 1_000_000, outputTokens: 0 }], "google");
    const { ai } = client(
      { anthropic: { provider: anthropic, model: "claude-sonnet-4-5" }, google: { provider: google, model: "gemini-2.5-flash" } },
      { db: t.db },
    );
    await ai.complete({ task: "code", projectId: project.id, userId, runId: "run-1" }, ask());
    const rows = await rowsOf(project.id);
    expect(rows.map((r) => [r.attempt, r.provider, r.outcome, r.errorKind, r.fallback])).toEqual([
      [1, "anthropic", "error", "overloaded", false],
      [2, "anthropic", "error", "auth", false],
      [3, "google", "ok", null, true],
    ]);
    expect(new Set(rows.map((r) => r.callGroup)).size).toBe(1);
    expect(rows[2]).toMatchObject({ prompt: "ping@1", task: "code", userId, runId: "run-1", model: "gemini-2.5-flash", inputTokens: 1_000_000, costMicros: 300_000 });
  });

  it("records both rounds of a repaired structured call, the first as invalid_output", async () => {
    const project = await newProject();
    const provider = scriptedProvider(["{}", '{"ok":true}'], "anthropic");
    const { ai } = client({ anthropic: { provider, model: "m" } }, { db: t.db });
    await ai.structured({ task: "fix", projectId: project.id }, ask(), z.object({ ok: z.boolean() }));
    const rows = await rowsOf(project.id);
    expect(rows.map((r) => [r.attempt, r.outcome])).toEqual([
      [1, "invalid_output"],
      [2, "ok"],
    ]);
    expect(rows[0]!.error).toMatch(/ok: /);
  });

  it("rejects a call over the project's budget without sending it", async () => {
    const project = await newProject(1_000);
    const provider = scriptedProvider([{ text: "spent", inputTokens: 1_000, outputTokens: 0 }, "never"], "anthropic");
    const { ai } = client({ anthropic: { provider, model: "claude-sonnet-4-5" } }, { db: t.db });
    await ai.complete({ task: "code", projectId: project.id }, ask());
    const error = await errorOf(ai.complete({ task: "code", projectId: project.id }, ask()));
    expect(error.kind).toBe("budget");
    expect(error.message).toBe(
      "This project has used its AI budget ($0.0030 of $0.0010). Ask an administrator to raise this project's AI budget, or continue without AI: edit the blueprint yourself and build it offline.",
    );
    expect(provider.requests).toHaveLength(1);
    const rows = await rowsOf(project.id);
    expect(rows.at(-1)).toMatchObject({ outcome: "rejected", errorKind: "budget", costMicros: 0 });
  });

  it("uses the default budget and the token budget when the project has none", async () => {
    const project = await newProject();
    const provider = scriptedProvider([{ text: "x", inputTokens: 900, outputTokens: 200 }, "never"], "anthropic");
    const { ai } = client({ anthropic: { provider, model: "claude-sonnet-4-5" } }, { db: t.db, budget: { defaultMicros: 5_000_000, tokens: 1_000 } });
    await ai.complete({ task: "code", projectId: project.id }, ask());
    const error = await errorOf(ai.complete({ task: "code", projectId: project.id }, ask()));
    expect(error).toMatchObject({ kind: "budget" });
    expect(error.message).toMatch(/AI token budget \(1,100 of 1,000 tokens\)/);
  });

  it("rate-limits per user per minute with a clear retry time", async () => {
    const other = await makeUser(t.db);
    const provider = scriptedProvider(["1", "2", "3"], "anthropic");
    const { ai } = client({ anthropic: { provider, model: "m" } }, { db: t.db, rateLimits: { perUserPerMinute: 2, globalPerMinute: 1_000 } });
    await ai.complete({ task: "code", userId: other.id }, ask());
    await ai.complete({ task: "code", userId: other.id }, ask());
    const error = await errorOf(ai.complete({ task: "code", userId: other.id }, ask()));
    expect(error.kind).toBe("rate_limit_local");
    expect(error.message).toMatch(/Too many AI requests for your account in the last minute\. Please retry in (\d+ seconds?|1 minute)\./);
    expect(error.details.retryAfterMs).toBeGreaterThan(0);
    expect(provider.requests).toHaveLength(2);
    const [row] = await t.db.select().from(aiCalls).where(eq(aiCalls.userId, other.id)).orderBy(asc(aiCalls.createdAt)).offset(2);
    expect(row).toMatchObject({ outcome: "rejected", errorKind: "rate_limit_local" });
  });

  it("never lets an accounting failure break the call", async () => {
    const provider = scriptedProvider(["still answered"], "anthropic");
    // A project id that does not exist: the insert fails on its foreign key.
    const { ai } = client({ anthropic: { provider, model: "m" } }, { db: t.db, rateLimits: false });
    const original = console.error;
    const logged: unknown[] = [];
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      expect((await ai.complete({ task: "code", projectId: null, userId: "no-such-user" }, ask())).text).toBe("still answered");
    } finally {
      console.error = original;
    }
    expect(String((logged[0] as unknown[])[0])).toMatch(/could not record/);
  });
});
