import { eq, sql } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { rateLimits } from "@/db/schema";

export interface RateRule {
  limit: number;
  windowSeconds: number;
}

export interface RateState {
  allowed: boolean;
  count: number;
  /** Seconds until the window resets (0 when allowed). */
  retryAfter: number;
}

function stateOf(row: { windowStart: Date; count: number }, rule: RateRule, now: Date): RateState {
  const resetsAt = row.windowStart.getTime() + rule.windowSeconds * 1000;
  const allowed = row.count <= rule.limit;
  return {
    allowed,
    count: row.count,
    retryAfter: allowed ? 0 : Math.max(1, Math.ceil((resetsAt - now.getTime()) / 1000)),
  };
}

/**
 * Counts one hit against `key` in a fixed window and says whether it is within the limit.
 * A single upsert, so concurrent requests on any number of instances count exactly.
 */
export async function hitRateLimit(
  db: DbExecutor,
  key: string,
  rule: RateRule,
  now = new Date(),
): Promise<RateState> {
  const windowFloor = new Date(now.getTime() - rule.windowSeconds * 1000);
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        windowStart: sql`case when ${rateLimits.windowStart} <= ${windowFloor} then ${now} else ${rateLimits.windowStart} end`,
        count: sql`case when ${rateLimits.windowStart} <= ${windowFloor} then 1 else ${rateLimits.count} + 1 end`,
      },
    })
    .returning({ windowStart: rateLimits.windowStart, count: rateLimits.count });
  if (!row) throw new Error("rate limit upsert returned no row");
  return stateOf(row, rule, now);
}

/** Whether one more hit would still be allowed, without counting it. */
export async function peekRateLimit(
  db: DbExecutor,
  key: string,
  rule: RateRule,
  now = new Date(),
): Promise<RateState> {
  const [row] = await db.select().from(rateLimits).where(eq(rateLimits.key, key));
  if (!row || row.windowStart.getTime() <= now.getTime() - rule.windowSeconds * 1000) {
    return { allowed: true, count: 0, retryAfter: 0 };
  }
  return stateOf({ windowStart: row.windowStart, count: row.count + 1 }, rule, now);
}

export async function resetRateLimit(db: DbExecutor, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

export function describeRetry(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
