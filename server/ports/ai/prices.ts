/**
 * What a model call costs, in micro-dollars (1 USD = 1_000_000), from one table of list prices
 * (USD per million input / output tokens). USD per million tokens is exactly micro-dollars per
 * token, so a cost is `input * in + output * out`. Budgets and the admin usage page add these up.
 *
 * Models are matched by the longest prefix, so dated ids (`claude-sonnet-4-5-20250929`) and
 * `-preview`/`-latest` variants find their family. An unknown model is charged at
 * `unknownModelRate` — the most expensive rate in the table — so a budget is never under-counted
 * when a new model id is configured before this table learns it.
 */
import type { TokenUsage } from "./types";

export interface ModelRate {
  /** USD per million input tokens. */
  input: number;
  /** USD per million output tokens. */
  output: number;
}

/** List prices (standard tier, prompts ≤200k tokens), checked 2025-11. */
export const modelRates: Record<string, ModelRate> = {
  // Anthropic
  "claude-opus-4-5": { input: 5, output: 25 },
  "claude-opus-4-1": { input: 15, output: 75 },
  "claude-opus-4": { input: 15, output: 75 },
  "claude-sonnet-4-5": { input: 3, output: 15 },
  "claude-sonnet-4": { input: 3, output: 15 },
  "claude-3-7-sonnet": { input: 3, output: 15 },
  "claude-haiku-4-5": { input: 1, output: 5 },
  "claude-3-5-haiku": { input: 0.8, output: 4 },
  // Google
  "gemini-3-pro": { input: 2, output: 12 },
  "gemini-2.5-pro": { input: 1.25, output: 10 },
  "gemini-2.5-flash-lite": { input: 0.1, output: 0.4 },
  "gemini-2.5-flash": { input: 0.3, output: 2.5 },
  "gemini-2.0-flash-lite": { input: 0.075, output: 0.3 },
  "gemini-2.0-flash": { input: 0.1, output: 0.4 },
};

/** The fallback for a model missing from the table: the dearest rate above. */
export const unknownModelRate: ModelRate = { input: 15, output: 75 };

const prefixes = Object.keys(modelRates).sort((a, b) => b.length - a.length);

export function rateOf(model: string): ModelRate & { known: boolean } {
  const id = model.toLowerCase().replace(/^models\//, "");
  const prefix = prefixes.find((candidate) => id === candidate || id.startsWith(`${candidate}-`) || id.startsWith(`${candidate}@`));
  return prefix ? { ...modelRates[prefix]!, known: true } : { ...unknownModelRate, known: false };
}

/** Cost of one call in micro-dollars, rounded up to a whole micro-dollar. */
export function costMicros(model: string, usage: TokenUsage): number {
  const rate = rateOf(model);
  return Math.ceil(usage.inputTokens * rate.input + usage.outputTokens * rate.output);
}

/** `$5.00`; amounts under a dollar keep four decimals, so small spends do not read as zero. */
export function formatUsd(micros: number): string {
  const usd = micros / 1_000_000;
  return `$${micros === 0 || Math.abs(micros) >= 1_000_000 ? usd.toFixed(2) : usd.toFixed(4)}`;
}
