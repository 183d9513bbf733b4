/**
 * What the AI cost, read from `ai_calls` (one row per attempt): the admin page's breakdown per
 * provider/model/day, per task and per project, and one project's own total for its overview.
 * "Calls" are logical calls (retries and fallbacks share a call group); "attempts" are rows.
 */
import { and, countDistinct, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { aiCalls, projects, users } from "@/db/schema";
import type { CircuitState } from "@/server/ports/ai/types";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The measures every breakdown shares. */
const measures = {
  calls: countDistinct(aiCalls.callGroup),
  attempts: sql<number>`count(*)`.mapWith(Number),
  /** Attempts that reached a provider and failed (or answered something unusable). */
  errors: sql<number>`count(*) filter (where ${aiCalls.outcome} in ('error', 'invalid_output'))`.mapWith(Number),
  /** Attempts refused before sending (budget, rate limit, open circuit). */
  rejected: sql<number>`count(*) filter (where ${aiCalls.outcome} = 'rejected')`.mapWith(Number),
  inputTokens: sql<number>`coalesce(sum(${aiCalls.inputTokens}), 0)`.mapWith(Number),
  outputTokens: sql<number>`coalesce(sum(${aiCalls.outputTokens}), 0)`.mapWith(Number),
  costMicros: sql<number>`coalesce(sum(${aiCalls.costMicros}), 0)`.mapWith(Number),
};

export interface UsageMeasures {
  calls: number;
  attempts: number;
  errors: number;
  rejected: number;
  inputTokens: number;
  outputTokens: number;
  costMicros: number;
}

/** Share of attempts that failed at the provider (0 when there were none). */
export const errorRate = (row: Pick<UsageMeasures, "attempts" | "errors" | "rejected">) =>
  row.attempts - row.rejected > 0 ? row.errors / (row.attempts - row.rejected) : 0;

/** Midnight UTC `days - 1` days before `now`: the window covers today and the days before. */
export function windowStart(now: Date, days: number): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(midnight - (days - 1) * DAY_MS);
}

/** The admin page: the last `days` days of AI calls, broken down four ways. */
export async function aiUsageReport(db: DbExecutor, opts: { days?: number; now?: Date; topProjects?: number } = {}) {
  const days = Math.min(Math.max(opts.days ?? 14, 1), 90);
  const since = windowStart(opts.now ?? new Date(), days);
  const until = new Date(windowStart(opts.now ?? new Date(), 1).getTime() + DAY_MS);
  const inWindow = and(gte(aiCalls.createdAt, since), lt(aiCalls.createdAt, until));
  const day = sql<string>`to_char(${aiCalls.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;

  const [byDay, byModel, byTask, topProjects, [totals]] = await Promise.all([
    db
      .select({ day, provider: aiCalls.provider, model: aiCalls.model, ...measures })
      .from(aiCalls)
      .where(inWindow)
      .groupBy(day, aiCalls.provider, aiCalls.model)
      .orderBy(desc(day), desc(measures.costMicros), aiCalls.provider, aiCalls.model),
    db
      .select({ provider: aiCalls.provider, model: aiCalls.model, ...measures })
      .from(aiCalls)
      .where(inWindow)
      .groupBy(aiCalls.provider, aiCalls.model)
      .orderBy(desc(measures.costMicros), aiCalls.provider, aiCalls.model),
    db
      .select({ task: aiCalls.task, ...measures })
      .from(aiCalls)
      .where(inWindow)
      .groupBy(aiCalls.task)
      .orderBy(desc(measures.costMicros), aiCalls.task),
    db
      .select({
        projectId: aiCalls.projectId,
        title: projects.title,
        moduleName: projects.moduleName,
        ownerEmail: users.email,
        ...measures,
      })
      .from(aiCalls)
      .leftJoin(projects, eq(projects.id, aiCalls.projectId))
      .leftJoin(users, eq(users.id, projects.ownerId))
      .where(and(inWindow, sql`${aiCalls.projectId} is not null`))
      .groupBy(aiCalls.projectId, projects.title, projects.moduleName, users.email)
      .orderBy(desc(measures.costMicros), aiCalls.projectId)
      .limit(Math.min(Math.max(opts.topProjects ?? 10, 1), 50)),
    db.select(measures).from(aiCalls).where(inWindow),
  ]);

  return {
    days,
    since,
    until,
    totals: totals ?? emptyMeasures(),
    byDay,
    byModel,
    byTask,
    topProjects,
  };
}

export type AiUsageReport = Awaited<ReturnType<typeof aiUsageReport>>;

function emptyMeasures(): UsageMeasures {
  return { calls: 0, attempts: 0, errors: 0, rejected: 0, inputTokens: 0, outputTokens: 0, costMicros: 0 };
}

/** One project's AI usage since it began (its overview shows it when there is any). */
export async function projectAiUsage(db: DbExecutor, projectId: string) {
  const forProject = eq(aiCalls.projectId, projectId);
  const [[totals], byTask] = await Promise.all([
    db.select(measures).from(aiCalls).where(forProject),
    db
      .select({ task: aiCalls.task, ...measures })
      .from(aiCalls)
      .where(forProject)
      .groupBy(aiCalls.task)
      .orderBy(desc(measures.costMicros), aiCalls.task),
  ]);
  return { totals: totals ?? emptyMeasures(), byTask };
}

export type ProjectAiUsage = Awaited<ReturnType<typeof projectAiUsage>>;

export interface ProviderStatus {
  provider: string;
  model: string | null;
  /** Whether its API key is set (an unconfigured provider only shows up with a circuit of its own). */
  configured: boolean;
  circuit: CircuitState;
}

/**
 * The providers the admin page lists: the configured ones (a key in env) with their circuit,
 * closed when no call has been made yet, plus any provider with a circuit but no key any more.
 */
export function providerStatuses(
  config: { anthropic: { model: string } | null; google: { model: string } | null },
  circuits: readonly CircuitState[],
): ProviderStatus[] {
  const configured = [
    { provider: "anthropic", model: config.anthropic?.model ?? null, configured: config.anthropic !== null },
    { provider: "google", model: config.google?.model ?? null, configured: config.google !== null },
  ].filter((item) => item.configured);
  const closed = (provider: string): CircuitState => ({ provider, state: "closed", consecutiveFailures: 0, openedAt: null, lastError: null });
  const byName = new Map(circuits.map((circuit) => [circuit.provider, circuit]));
  const listed: ProviderStatus[] = configured.map((item) => ({ ...item, circuit: byName.get(item.provider) ?? closed(item.provider) }));
  for (const circuit of circuits) {
    if (!listed.some((item) => item.provider === circuit.provider)) listed.push({ provider: circuit.provider, model: null, configured: false, circuit });
  }
  return listed;
}
