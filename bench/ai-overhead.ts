/**
 * What the AI client adds on top of a bare SDK call: budget check, rate limits, circuit, timeout,
 * routing, accounting row (PGlite, in memory) — measured as the median of BENCH_CALLS calls through
 * `client.complete` / `client.structured` minus the median of the same raw SDK calls, both against
 * the local fakes (server/ports/ai/testing), so network and model time are out of the figure.
 * Raw and client calls alternate, after a warm-up, so drift hits both alike.
 *
 *   npm run bench:ai     # BENCH_CALLS (default 200)
 */
import path from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import { PGlite } from "@electric-sql/pglite";
import { GoogleGenAI } from "@google/genai";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { z } from "zod";
import type { Database } from "@/db/client";
import * as schema from "@/db/schema";
import { createAiClient } from "@/server/ports/ai/client";
import { anthropicProvider } from "@/server/ports/ai/providers/anthropic";
import { googleProvider } from "@/server/ports/ai/providers/google";
import { startFakeAnthropic } from "@/server/ports/ai/testing/fake-anthropic";
import { startFakeGoogle } from "@/server/ports/ai/testing/fake-google";
import type { AiCallContext, Prompt } from "@/server/ports/ai/types";
import { register } from "@/server/services/auth/auth";
import { createProject } from "@/server/services/projects/projects";

const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const WARMUP = 20;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (value: number) => `${value.toFixed(2)} ms`;
const KEY_A = "sk-ant-bench-0000000000";
const KEY_G = "AIzaBench000000000000000";
const MODEL_A = "claude-haiku-4-5";
const MODEL_G = "gemini-2.5-flash";

async function main() {
  const pg = new PGlite();
  const db = drizzle({ client: pg, schema }) as unknown as Database;
  await migrate(drizzle({ client: pg }), { migrationsFolder: path.resolve("db/migrations") });
  const user = await register(
    { db, policy: { adminEmails: [], loginPerEmail: { limit: 99, windowSeconds: 60 }, loginPerIp: { limit: 99, windowSeconds: 60 }, registerPerIp: { limit: 99, windowSeconds: 60 } } },
    { email: `bench-ai-${Date.now()}@example.com`, password: "correct horse 42" },
    "127.0.0.1",
  );
  const project = await createProject({ db }, { userId: user.id }, {
    moduleName: "bench_ai",
    title: "Bench",
    odooVersion: "17",
    description: "A project whose AI calls are measured.",
    depends: ["mail"],
    quickTest: false,
  });
  await db.update(schema.projects).set({ aiBudgetMicros: 1_000_000_000 });

  const fakeA = await startFakeAnthropic([], { text: "pong", inputTokens: 20, outputTokens: 2 });
  const fakeG = await startFakeGoogle([], { text: "pong", inputTokens: 20, outputTokens: 2 });
  const rawA = new Anthropic({ apiKey: KEY_A, baseURL: fakeA.url, maxRetries: 0, timeout: 60_000 });
  const rawG = new GoogleGenAI({ apiKey: KEY_G, vertexai: false, httpOptions: { baseUrl: fakeG.url, timeout: 60_000 } });
  const ai = createAiClient({
    providers: {
      anthropic: { provider: anthropicProvider({ apiKey: KEY_A, baseURL: fakeA.url }), model: MODEL_A },
      google: { provider: googleProvider({ apiKey: KEY_G, baseUrl: fakeG.url }), model: MODEL_G },
    },
    db,
    rateLimits: { perUserPerMinute: 1_000_000, globalPerMinute: 1_000_000 },
  });
  const prompt: Prompt = { id: "ping", version: 1, text: "Answer briefly." };
  const messages = [{ role: "user" as const, content: "ping" }];
  const ctx = (task: AiCallContext["task"]): AiCallContext => ({ task, projectId: project.id, userId: user.id, runId: "bench" });
  const jsonSchema = z.object({ answer: z.string() });
  const json = { name: "answer", description: "the answer", schema: z.toJSONSchema(jsonSchema) as Record<string, unknown> };
  // Structured calls need a JSON answer: a second Gemini fake whose every answer is one.
  const fakeJ = await startFakeGoogle([], { json: { answer: "pong" }, inputTokens: 20, outputTokens: 5 });
  const rawJ = new GoogleGenAI({ apiKey: KEY_G, vertexai: false, httpOptions: { baseUrl: fakeJ.url, timeout: 60_000 } });
  const aiJ = createAiClient({
    providers: { google: { provider: googleProvider({ apiKey: KEY_G, baseUrl: fakeJ.url }), model: MODEL_G } },
    db,
    rateLimits: { perUserPerMinute: 1_000_000, globalPerMinute: 1_000_000 },
  });

  const noDb = createAiClient({ providers: { anthropic: { provider: anthropicProvider({ apiKey: KEY_A, baseURL: fakeA.url }), model: MODEL_A } } });
  const cases: Array<{ name: string; raw: () => Promise<unknown>; client: () => Promise<unknown> }> = [
    {
      name: "anthropic complete, db = null (no accounting)",
      raw: () => rawA.messages.create({ model: MODEL_A, system: prompt.text, messages, max_tokens: 16_384 }),
      client: () => noDb.complete(ctx("code"), { prompt, messages }),
    },
    {
      name: "anthropic complete",
      raw: () => rawA.messages.create({ model: MODEL_A, system: prompt.text, messages, max_tokens: 16_384 }),
      client: () => ai.complete(ctx("code"), { prompt, messages }),
    },
    {
      name: "anthropic stream",
      raw: async () => {
        const stream = rawA.messages.stream({ model: MODEL_A, system: prompt.text, messages, max_tokens: 16_384 });
        stream.on("text", () => {});
        return stream.finalMessage();
      },
      client: () => ai.complete(ctx("code"), { prompt, messages, onText: () => {} }),
    },
    {
      name: "google complete",
      raw: () => rawG.models.generateContent({ model: MODEL_G, contents: [{ role: "user", parts: [{ text: "ping" }] }], config: { systemInstruction: prompt.text, maxOutputTokens: 16_384 } }),
      client: () => ai.complete(ctx("spec"), { prompt, messages }),
    },
    {
      name: "google structured (JSON mode + zod)",
      raw: () =>
        rawJ.models.generateContent({
          model: MODEL_G,
          contents: [{ role: "user", parts: [{ text: "ping" }] }],
          config: { systemInstruction: prompt.text, maxOutputTokens: 16_384, responseMimeType: "application/json", responseJsonSchema: json.schema },
        }),
      client: () => aiJ.structured(ctx("spec"), { prompt, messages, json }, jsonSchema),
    },
  ];

  const rows: string[] = [];
  try {
    for (const c of cases) {
      const raw: number[] = [];
      const viaClient: number[] = [];
      for (let i = 0; i < WARMUP + CALLS; i += 1) {
        let started = performance.now();
        await c.raw();
        const rawMs = performance.now() - started;
        started = performance.now();
        await c.client();
        const clientMs = performance.now() - started;
        if (i >= WARMUP) {
          raw.push(rawMs);
          viaClient.push(clientMs);
        }
      }
      const row = `| ${c.name} | ${ms(median(raw))} | ${ms(median(viaClient))} | ${ms(median(viaClient) - median(raw))} |`;
      rows.push(row);
      console.error(row);
    }
  } finally {
    await Promise.all([fakeA.stop(), fakeG.stop(), fakeJ.stop()]);
  }
  const [counted] = await db.select({ rows: sql<number>`count(*)::int` }).from(schema.aiCalls);
  const recorded = counted?.rows ?? 0;
  await pg.close();
  console.log(`\nAI client overhead, median of ${CALLS} calls each (after ${WARMUP} warm-up), fakes on 127.0.0.1, accounting in PGlite (${recorded} ai_calls rows):\n`);
  console.log(`| call | raw SDK → fake | client → fake | overhead |\n|---|---|---|---|\n${rows.join("\n")}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
