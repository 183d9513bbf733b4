/**
 * What may be sent before anything is sent: the project's AI budget (money, and optionally
 * tokens) and our own per-user and global rate limits. Both read the database, so they hold
 * across app instances; without a database (unit tests) nothing is enforced.
 */
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { aiCalls, projects } from "@/db/schema";
import { describeRetry, hitRateLimit } from "@/server/services/rate-limit/rate-limit";
import { formatUsd } from "./prices";
import { AiError, type AiCallContext } from "./types";

export interface BudgetOptions {
  /** Per-project spend limit when the project has no `ai_budget_micros` of its own. */
  defaultMicros: number;
  /** Per-project token limit (input + output), or null for none. */
  tokens: number | null;
}

export interface RateLimitOptions {
  perUserPerMinute: number;
  globalPerMinute: number;
}

export interface ProjectSpend {
  costMicros: number;
  tokens: number;
  budgetMicros: number;
}

export async function projectSpend(db: Database, projectId: string, options: BudgetOptions): Promise<ProjectSpend> {
  // One round trip: the project's own budget beside the sums of its calls.
  const [row] = await db
    .select({
      cost: sql<string>`coalesce(sum(${aiCalls.costMicros}), 0)`,
      tokens: sql<string>`coalesce(sum(${aiCalls.inputTokens} + ${aiCalls.outputTokens}), 0)`,
      budget: sql<string | null>`(select ${projects.aiBudgetMicros} from ${projects} where ${projects.id} = ${projectId})`,
    })
    .from(aiCalls)
    .where(eq(aiCalls.projectId, projectId));
  return {
    costMicros: Number(row?.cost ?? 0),
    tokens: Number(row?.tokens ?? 0),
    budgetMicros: row?.budget != null ? Number(row.budget) : options.defaultMicros,
  };
}

/** Throws AiError("budget") when the project has spent its money or token budget. */
export async function checkBudget(db: Database, ctx: AiCallContext, options: BudgetOptions): Promise<void> {
  if (!ctx.projectId) return;
  const spend = await projectSpend(db, ctx.projectId, options);
  const next =
    "Ask an administrator to raise this project's AI budget, or continue without AI: edit the blueprint yourself and build it offline.";
  if (spend.costMicros >= spend.budgetMicros) {
    throw new AiError(
      "budget",
      `This project has used its AI budget (${formatUsd(spend.costMicros)} of ${formatUsd(spend.budgetMicros)}). ${next}`,
    );
  }
  if (options.tokens !== null && spend.tokens >= options.tokens) {
    throw new AiError(
      "budget",
      `This project has used its AI token budget (${spend.tokens.toLocaleString("en-US")} of ${options.tokens.toLocaleString("en-US")} tokens). ${next}`,
    );
  }
}

/** Counts one call against the per-user and global limits; throws AiError("rate_limit_local") when over. */
export async function checkRateLimits(db: Database, ctx: AiCallContext, options: RateLimitOptions, now: Date): Promise<void> {
  const checks: Array<{ key: string; limit: number; who: string }> = [];
  if (ctx.userId) checks.push({ key: `ai:user:${ctx.userId}`, limit: options.perUserPerMinute, who: "your account" });
  checks.push({ key: "ai:global", limit: options.globalPerMinute, who: "this service" });
  for (const check of checks) {
    const state = await hitRateLimit(db, check.key, { limit: check.limit, windowSeconds: 60 }, now);
    if (!state.allowed) {
      throw new AiError(
        "rate_limit_local",
        `Too many AI requests for ${check.who} in the last minute. Please retry in ${describeRetry(state.retryAfter)}.`,
        { retryAfterMs: state.retryAfter * 1000 },
      );
    }
  }
}
