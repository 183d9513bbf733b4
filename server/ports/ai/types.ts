/**
 * The AI port's contracts (DESIGN.md §3): providers speak to one model API each; the client on
 * top routes a task to a provider chain and owns retries, circuit breakers, rate limits, budgets,
 * accounting and structured (zod-validated) output. Agents only ever see `AiClient`.
 */
import type { ZodType } from "zod";

/** What a call is for; the routing table maps each task to a provider chain. */
export const aiTasks = ["spec", "code", "fix", "tests", "review", "adjust"] as const;
export type AiTask = (typeof aiTasks)[number];

export const aiProviderNames = ["anthropic", "google"] as const;
export type AiProviderName = (typeof aiProviderNames)[number];

export interface AiMessage {
  role: "user" | "assistant";
  content: string;
}

/** Structured output: the provider is asked for JSON matching this JSON Schema. */
export interface JsonOutputSpec {
  /** Tool / schema name, e.g. `blueprint_patch` (letters, digits, underscores). */
  name: string;
  description: string;
  /** A JSON Schema object (z.toJSONSchema of the zod schema the answer is validated with). */
  schema: Record<string, unknown>;
}

/** One request to one provider (no retries here: the client does those). */
export interface ProviderRequest {
  model: string;
  system: string;
  messages: AiMessage[];
  maxTokens: number;
  temperature?: number;
  /** When set: Anthropic forces a tool with this input schema, Google asks for JSON with it. */
  json?: JsonOutputSpec;
  /** Aborted by the client's timeout. */
  signal: AbortSignal;
  /** When set, the provider streams and calls this with each text delta (not for tool JSON). */
  onText?: (delta: string) => void;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ProviderResponse {
  /** The answer's text; with `json`, the JSON text of the tool input / JSON answer. */
  text: string;
  /** The model that answered, as the provider reports it. */
  model: string;
  usage: TokenUsage;
  /** `end_turn`, `max_tokens`, `tool_use`, `STOP`…; `max_tokens`-like stops mean a cut answer. */
  stopReason: string | null;
  requestId?: string;
}

export type AiErrorKind =
  /** 429 */
  | "rate_limited"
  /** 529 / "overloaded" / RESOURCE_EXHAUSTED on capacity */
  | "overloaded"
  /** other 5xx */
  | "server"
  | "timeout"
  | "network"
  /** 401/403: a wrong key; not retried, the circuit counts it */
  | "auth"
  /** other 4xx: our request is wrong; not retried, no fallback */
  | "invalid_request"
  /** the answer did not validate after the repair round */
  | "invalid_output"
  /** nothing was sent: the project's budget is spent */
  | "budget"
  /** nothing was sent: a per-user or global rate limit of ours */
  | "rate_limit_local"
  /** nothing was sent: every provider of the chain has its circuit open or no key */
  | "unavailable";

/** Every failure the port reports is one of these, with a message fit to show a user. */
export class AiError extends Error {
  constructor(
    public readonly kind: AiErrorKind,
    message: string,
    public readonly details: { status?: number; retryAfterMs?: number; provider?: AiProviderName | string } = {},
  ) {
    super(message);
    this.name = "AiError";
  }

  /** Worth another attempt at the same provider (after backoff). */
  get retryable(): boolean {
    return ["rate_limited", "overloaded", "server", "timeout", "network"].includes(this.kind);
  }

  /** Worth trying the next provider of the chain. */
  get fallbackable(): boolean {
    return this.retryable || this.kind === "auth";
  }
}

export interface AiProvider {
  readonly name: AiProviderName | string;
  /** Throws AiError (with `retryAfterMs` when the provider said so). */
  generate(request: ProviderRequest): Promise<ProviderResponse>;
}

/** Who a call is for; recorded with it, and the key of budgets and rate limits. */
export interface AiCallContext {
  task: AiTask;
  projectId?: string | null;
  userId?: string | null;
  runId?: string | null;
}

/** A prompt file as loaded: its id (file name without .md), version (front matter) and text. */
export interface Prompt {
  id: string;
  version: number;
  text: string;
}

export interface AiCompleteRequest {
  prompt: Prompt;
  /** Extra system text after the prompt (e.g. the Odoo guidelines for the target version). */
  systemExtra?: string;
  messages: AiMessage[];
  maxTokens?: number;
  temperature?: number;
  json?: JsonOutputSpec;
  onText?: (delta: string) => void;
  /** Called before a retried or fallen-back attempt of a streamed call: the text starts over. */
  onRestart?: () => void;
}

/** What agents record beside what they made (module/spec versions show it). */
export interface AiUsage {
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costMicros: number;
  /** Logical calls (each may have had retries). */
  calls: number;
}

export interface AiResult {
  text: string;
  provider: string;
  model: string;
  usage: TokenUsage;
  costMicros: number;
  latencyMs: number;
  /** Attempts across retries and fallbacks (1 when the first try answered). */
  attempts: number;
}

export interface AiClient {
  /** Routes `ctx.task` to its provider chain; retries, falls back, accounts; throws AiError. */
  complete(ctx: AiCallContext, request: AiCompleteRequest): Promise<AiResult>;
  /**
   * Asks for JSON (request.json, or a JSON block in text when `json` is omitted), parses it and
   * validates it with `schema`. An invalid answer gets one repair round with the parse/zod errors
   * fed back; a second invalid answer throws AiError("invalid_output").
   */
  structured<T>(ctx: AiCallContext, request: AiCompleteRequest, schema: ZodType<T>): Promise<{ value: T; result: AiResult; usage: AiUsage }>;
}

export type CircuitStateName = "closed" | "open" | "half_open";

export interface CircuitState {
  provider: string;
  state: CircuitStateName;
  consecutiveFailures: number;
  /** Epoch ms when it opened (open / half_open). */
  openedAt: number | null;
  lastError: string | null;
}
