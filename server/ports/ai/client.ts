/**
 * The AI client: what agents call. It routes a task to a chain of providers and owns everything
 * that is not one HTTP request — budget and rate-limit checks before sending, retries with
 * backoff, per-attempt timeouts, circuit breakers, fallback to the next provider, one accounting
 * row per attempt, and structured output with a single repair round. Providers stay dumb: one
 * request each, errors mapped to AiError.
 *
 * Time is injected (`now`, `sleep`, `random`) so tests run a whole retry/circuit story instantly.
 */
import { randomUUID } from "node:crypto";
import { z, type ZodType } from "zod";
import type { Database } from "@/db/client";
import { recordAiCall, type AiCallOutcome } from "./accounting";
import { type BudgetOptions, checkBudget, checkRateLimits, type RateLimitOptions } from "./budget";
import { type CircuitOptions, CircuitRegistry } from "./circuit";
import { parseAnswer, repairMessage } from "./json";
import { costMicros } from "./prices";
import { type BackoffOptions, backoffDelay, defaultBackoff } from "./retry";
import {
  type AiCallContext,
  type AiClient,
  type AiCompleteRequest,
  AiError,
  type AiMessage,
  type AiProvider,
  type AiResult,
  type AiTask,
  type AiUsage,
  type CircuitState,
  type ProviderResponse,
} from "./types";

/** Which providers serve which task, best first (DESIGN.md §3: Gemini writes specs, Claude codes). */
export const defaultRoutes: Record<AiTask, string[]> = {
  spec: ["google", "anthropic"],
  code: ["anthropic", "google"],
  fix: ["anthropic", "google"],
  tests: ["anthropic", "google"],
  review: ["google", "anthropic"],
  adjust: ["google", "anthropic"],
};

export interface AiClientOptions {
  /** The configured providers by name (`anthropic`, `google`, or test names), each with its model. */
  providers: Record<string, { provider: AiProvider; model: string }>;
  /** Overrides of `defaultRoutes`; names without a configured provider are dropped. */
  routes?: Partial<Record<AiTask, string[]>>;
  /**
   * Where attempts are recorded and budgets / rate limits are read; null → none of that. A
   * function is called (once) at the first call — the env client opens the app database lazily.
   */
  db?: Database | null | (() => Promise<Database | null>);
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Retries per provider on retryable errors (so up to maxRetries + 1 attempts each). */
  maxRetries?: number;
  /** Breaker thresholds; `registry` shares breakers (the env client uses the process registry). */
  circuit?: Partial<CircuitOptions> & { registry?: CircuitRegistry };
  budget?: Partial<BudgetOptions>;
  /** Our own limits; `false` turns them off. */
  rateLimits?: Partial<RateLimitOptions> | false;
  backoff?: Partial<BackoffOptions>;
  /** Output token limit when a request does not set one. */
  defaultMaxTokens?: number;
}

export type AiClientWithCircuits = AiClient & {
  circuits(): CircuitState[];
  /** The provider chain a task would use now (configured providers only). */
  chainFor(task: AiTask): string[];
};

const CUT_STOP_REASONS = new Set(["max_tokens", "MAX_TOKENS", "length"]);

interface Group {
  id: string;
  /** Rows written so far in this logical call (the `attempt` column counts them). */
  rows: number;
}

interface RoundOutcome {
  response: ProviderResponse;
  provider: string;
  costMicros: number;
  latencyMs: number;
  attempts: number;
  /** Set when `validate` rejected the answer. */
  problems: string[] | null;
}

export function createAiClient(options: AiClientOptions): AiClientWithCircuits {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const maxRetries = options.maxRetries ?? 3;
  const circuitOptions: CircuitOptions = {
    failures: options.circuit?.failures ?? 5,
    cooldownMs: options.circuit?.cooldownMs ?? 30_000,
  };
  const registry = options.circuit?.registry ?? new CircuitRegistry();
  const budget: BudgetOptions = { defaultMicros: options.budget?.defaultMicros ?? 5_000_000, tokens: options.budget?.tokens ?? null };
  const rateLimits: RateLimitOptions | null =
    options.rateLimits === false
      ? null
      : { perUserPerMinute: options.rateLimits?.perUserPerMinute ?? 30, globalPerMinute: options.rateLimits?.globalPerMinute ?? 300 };
  const backoff: BackoffOptions = { ...defaultBackoff, ...options.backoff };
  let dbPromise: Promise<Database | null> | null = null;
  const database = (): Promise<Database | null> => {
    const source = options.db ?? null;
    dbPromise ??= typeof source === "function" ? source() : Promise.resolve(source);
    return dbPromise;
  };
  const configured = Object.keys(options.providers);
  for (const name of configured) registry.get(name, circuitOptions);

  function chainFor(task: AiTask): string[] {
    const wanted = options.routes?.[task] ?? defaultRoutes[task];
    const chain = [...new Set(wanted)].filter((name) => configured.includes(name));
    // A provider left out of the route is still better than no answer (e.g. only one key set).
    return chain.length > 0 ? chain : configured;
  }

  const promptLabel = (request: AiCompleteRequest) => `${request.prompt.id}@${request.prompt.version}`;

  async function reject(ctx: AiCallContext, request: AiCompleteRequest, group: Group, error: AiError): Promise<never> {
    const db = await database();
    const first = chainFor(ctx.task)[0];
    group.rows += 1;
    await recordAiCall(db, ctx, {
      provider: first ?? "none",
      model: first ? options.providers[first]!.model : "none",
      prompt: promptLabel(request),
      attempt: group.rows,
      callGroup: group.id,
      inputTokens: 0,
      outputTokens: 0,
      costMicros: 0,
      latencyMs: 0,
      outcome: "rejected",
      errorKind: error.kind,
      error: error.message,
      fallback: false,
    });
    throw error;
  }

  /** Budget (every round) and rate limits (first round only) — before anything is sent. */
  async function admit(ctx: AiCallContext, request: AiCompleteRequest, group: Group, firstRound: boolean): Promise<void> {
    const db = await database();
    if (!db) return;
    try {
      await checkBudget(db, ctx, budget);
      if (firstRound && rateLimits) await checkRateLimits(db, ctx, rateLimits, new Date(now()));
    } catch (error) {
      if (error instanceof AiError) await reject(ctx, request, group, error);
      throw error;
    }
  }

  /** One logical request: walk the chain with retries until a provider answers. */
  async function round(
    ctx: AiCallContext,
    request: AiCompleteRequest,
    messages: AiMessage[],
    system: string,
    group: Group,
    validate?: (response: ProviderResponse) => string[] | null,
  ): Promise<RoundOutcome> {
    const chain = chainFor(ctx.task);
    const db = await database();
    const started = performance.now();
    let lastError: AiError | null = null;
    let attempts = 0;
    for (const [index, name] of chain.entries()) {
      const { provider, model } = options.providers[name]!;
      const breaker = registry.get(name, circuitOptions);
      for (let retry = 0; retry <= maxRetries; retry += 1) {
        if (!breaker.allow(now())) break;
        attempts += 1;
        // A streamed answer starts over on a retry or fallback: the consumer drops what it had.
        if (attempts > 1 && request.onText) request.onRestart?.();
        group.rows += 1;
        const attempt = group.rows;
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), timeoutMs);
        const attemptStarted = performance.now();
        const row = { provider: name, prompt: promptLabel(request), attempt, callGroup: group.id, fallback: index > 0 };
        try {
          const response = await provider.generate({
            model,
            system,
            messages,
            maxTokens: request.maxTokens ?? options.defaultMaxTokens ?? 16_384,
            temperature: request.temperature,
            json: request.json,
            signal: controller.signal,
            onText: request.onText,
          });
          clearTimeout(timer);
          breaker.success();
          const latencyMs = performance.now() - attemptStarted;
          const answeredModel = response.model || model;
          const cost = costMicros(answeredModel, response.usage);
          const problems = validate ? validate(response) : null;
          const outcome: AiCallOutcome = problems ? "invalid_output" : "ok";
          await recordAiCall(db, ctx, {
            ...row,
            model: answeredModel,
            inputTokens: response.usage.inputTokens,
            outputTokens: response.usage.outputTokens,
            costMicros: cost,
            latencyMs,
            outcome,
            errorKind: problems ? "invalid_output" : null,
            error: problems ? problems.join("\n") : null,
          });
          return { response, provider: name, costMicros: cost, latencyMs: performance.now() - started, attempts, problems };
        } catch (raw) {
          clearTimeout(timer);
          const error = asAiError(raw, name, controller.signal.aborted, timeoutMs);
          await recordAiCall(db, ctx, {
            ...row,
            model,
            inputTokens: 0,
            outputTokens: 0,
            costMicros: 0,
            latencyMs: performance.now() - attemptStarted,
            outcome: "error",
            errorKind: error.kind,
            error: error.message,
          });
          if (!error.fallbackable) {
            // Our request is wrong: another try or provider would not help, and it says nothing
            // about the provider's health.
            breaker.release();
            throw error;
          }
          breaker.failure(now(), error.message);
          lastError = error;
          if (!error.retryable || retry === maxRetries) break;
          const delay = backoffDelay(retry + 1, random, error.details.retryAfterMs, backoff);
          if (delay === null) break;
          await sleep(delay);
        }
      }
    }
    if (lastError) throw lastError;
    const unavailable = new AiError(
      "unavailable",
      chain.length === 0
        ? "No AI provider is configured. Continue without AI, or ask an administrator to set an API key."
        : `The AI providers (${chain.join(", ")}) are paused after repeated failures. Please try again in ${Math.ceil(circuitOptions.cooldownMs / 1000)} seconds.`,
    );
    return reject(ctx, request, group, unavailable);
  }

  function systemOf(request: AiCompleteRequest, extra?: string): string {
    return [request.prompt.text.trim(), request.systemExtra?.trim(), extra].filter(Boolean).join("\n\n");
  }

  function resultOf(outcome: RoundOutcome): AiResult {
    return {
      text: outcome.response.text,
      provider: outcome.provider,
      model: outcome.response.model || options.providers[outcome.provider]!.model,
      usage: outcome.response.usage,
      costMicros: outcome.costMicros,
      latencyMs: Math.round(outcome.latencyMs),
      attempts: outcome.attempts,
    };
  }

  return {
    chainFor,
    circuits: () => configured.map((name) => registry.get(name, circuitOptions).snapshot(now())),

    async complete(ctx, request) {
      const group: Group = { id: randomUUID(), rows: 0 };
      await admit(ctx, request, group, true);
      return resultOf(await round(ctx, request, request.messages, systemOf(request), group));
    },

    async structured<T>(ctx: AiCallContext, request: AiCompleteRequest, schema: ZodType<T>) {
      const group: Group = { id: randomUUID(), rows: 0 };
      const system = systemOf(request, request.json ? undefined : jsonBlockInstruction(schema));
      let value: T | undefined;
      const validate = (response: ProviderResponse): string[] | null => {
        const parsed = parseAnswer(response.text, schema, { cut: CUT_STOP_REASONS.has(response.stopReason ?? "") });
        if (parsed.ok) {
          value = parsed.value;
          return null;
        }
        return parsed.problems;
      };
      await admit(ctx, request, group, true);
      const first = await round(ctx, request, request.messages, system, group, validate);
      let last = first;
      if (first.problems) {
        const messages: AiMessage[] = [
          ...request.messages,
          { role: "assistant", content: first.response.text },
          { role: "user", content: repairMessage(first.problems) },
        ];
        await admit(ctx, request, group, false);
        last = await round(ctx, request, messages, system, group, validate);
        if (last.problems) {
          const shown = last.problems.slice(0, 3).join("; ");
          throw new AiError(
            "invalid_output",
            `The AI answer did not have the expected shape, even after a correction round (${shown}). Please try again, or continue without AI.`,
            { provider: last.provider },
          );
        }
      }
      const rounds = first === last ? [first] : [first, last];
      const result = resultOf(last);
      const usage: AiUsage = {
        provider: result.provider,
        model: result.model,
        inputTokens: rounds.reduce((n, r) => n + r.response.usage.inputTokens, 0),
        outputTokens: rounds.reduce((n, r) => n + r.response.usage.outputTokens, 0),
        costMicros: rounds.reduce((n, r) => n + r.costMicros, 0),
        calls: rounds.length,
      };
      return { value: value as T, result, usage };
    },
  };
}

/** Without provider JSON mode: ask for a fenced block, with the schema when it can be expressed. */
function jsonBlockInstruction(schema: ZodType<unknown>): string {
  let jsonSchema = "";
  try {
    jsonSchema = JSON.stringify(z.toJSONSchema(schema, { unrepresentable: "any", io: "input" }));
  } catch {
    // Some schemas (custom refinements) have no JSON Schema form; the prompt describes them.
  }
  return [
    "Answer with exactly one JSON value inside a ```json fenced code block, and nothing after it.",
    jsonSchema ? `It must match this JSON Schema:\n${jsonSchema}` : "",
  ]
    .filter(Boolean)
    .join("\n");
}

/** Whatever a provider threw, as an AiError (a timeout when our own timer aborted the attempt). */
export function asAiError(raw: unknown, provider: string, timedOut: boolean, timeoutMs: number): AiError {
  if (timedOut) {
    return new AiError("timeout", `${provider} did not answer within ${Math.round(timeoutMs / 1000)} s.`, { provider });
  }
  if (raw instanceof AiError) return raw;
  const message = raw instanceof Error ? raw.message : String(raw);
  return new AiError("server", `${provider} failed: ${message}`, { provider });
}
