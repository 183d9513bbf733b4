/**
 * The executor's storage: events, runs and cron ticks in the app database. Every write that
 * decides who owns a piece of work is conditional (a lease, an expected status, an expected
 * cron tick), so several app instances on one PostgreSQL server never run the same step twice;
 * on PGlite there is one process and the same statements are simply uncontested.
 */
import { and, desc, eq, inArray, isNotNull, lte, sql } from "drizzle-orm";
import type { Database, DbExecutor } from "@/db/client";
import { executorCrons, executorEvents, executorRuns, type ExecutorRun, type ExecutorRunStatus } from "@/db/schema";

export const activeStatuses: ExecutorRunStatus[] = ["queued", "running", "sleeping", "waiting"];
/** Statuses that hold a concurrency slot: started and not ended. */
const occupyingStatuses: ExecutorRunStatus[] = ["running", "sleeping", "waiting"];

export interface StoredEvent {
  id: string;
  name: string;
  data: Record<string, unknown>;
  ts: number;
}

/** Stores an event; false when its id was seen before (the id is an idempotency key). */
export async function insertEvent(db: DbExecutor, event: StoredEvent): Promise<boolean> {
  const rows = await db
    .insert(executorEvents)
    .values(event)
    .onConflictDoNothing({ target: executorEvents.id })
    .returning({ id: executorEvents.id });
  return rows.length > 0;
}

export type NewRun = typeof executorRuns.$inferInsert;

export async function insertRun(db: DbExecutor, run: NewRun): Promise<void> {
  await db.insert(executorRuns).values(run);
}

export async function findRun(db: DbExecutor, id: string): Promise<ExecutorRun | null> {
  const [row] = await db.select().from(executorRuns).where(eq(executorRuns.id, id));
  return row ?? null;
}

export async function listRuns(
  db: DbExecutor,
  filter: { functionId?: string; status?: string; limit?: number },
): Promise<ExecutorRun[]> {
  const conditions = [
    filter.functionId ? eq(executorRuns.functionId, filter.functionId) : undefined,
    filter.status ? eq(executorRuns.status, filter.status as ExecutorRunStatus) : undefined,
  ].filter(Boolean);
  return db
    .select()
    .from(executorRuns)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(executorRuns.createdAt), desc(executorRuns.id))
    .limit(filter.limit ?? 100);
}

/** Active runs of the given functions (cancelOn candidates). */
export async function activeRunsOf(db: DbExecutor, functionIds: string[]): Promise<ExecutorRun[]> {
  if (!functionIds.length) return [];
  return db
    .select()
    .from(executorRuns)
    .where(and(inArray(executorRuns.functionId, functionIds), inArray(executorRuns.status, activeStatuses)));
}

/** Runs of a function created from events after `since` (function-level idempotency). */
export async function runsSince(db: DbExecutor, functionId: string, since: number): Promise<ExecutorRun[]> {
  return db
    .select()
    .from(executorRuns)
    .where(and(eq(executorRuns.functionId, functionId), sql`(${executorRuns.event}->>'ts')::bigint > ${since}`));
}

/** Runs parked on `step.waitForEvent` for this event name. */
export async function waitingFor(db: DbExecutor, eventName: string): Promise<ExecutorRun[]> {
  return db
    .select()
    .from(executorRuns)
    .where(and(eq(executorRuns.status, "waiting"), sql`${executorRuns.park}->>'event' = ${eventName}`));
}

/**
 * Claims the next due run for `owner` until `leaseUntil`: due (wake_at reached), not leased by a
 * live owner, and — for a run that has not started — with a free slot in its concurrency group.
 * The transaction-scoped advisory lock serialises claims across instances, which makes the
 * slot count exact (two instances cannot both see the last free slot); claims are one short
 * statement each, so the lock is never held for long.
 */
export async function claimDueRun(db: Database, owner: string, now: number, leaseUntil: number): Promise<ExecutorRun | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('omb-executor-claim'))`);
    const candidates = await tx.execute<{ id: string }>(sql`
      select r.id from executor_runs r
      where r.status in ('queued', 'running', 'sleeping', 'waiting')
        and r.wake_at <= ${now}
        and (r.lease_until is null or r.lease_until < ${now})
        and not (
          r.status = 'queued' and r.concurrency_key is not null and (
            select count(*) from executor_runs o
            where o.concurrency_key = r.concurrency_key and o.status in ('running', 'sleeping', 'waiting')
          ) >= r.concurrency_limit
        )
      order by r.wake_at, r.created_at, r.id
      limit 1
      for update skip locked`);
    const id = rowsOf<{ id: string }>(candidates)[0]?.id;
    if (!id) return null;
    const [row] = await tx
      .update(executorRuns)
      .set({ leaseOwner: owner, leaseUntil })
      .where(eq(executorRuns.id, id))
      .returning();
    return row ?? null;
  });
}

/** drizzle's `execute` returns `{ rows }` on node-postgres and PGlite alike. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * Writes a run's new state if this owner still holds it and nobody ended it meanwhile (a
 * cancellation wins over an in-flight step): false means "stop working on this run".
 */
export async function saveRun(
  db: DbExecutor,
  id: string,
  owner: string,
  changes: Partial<NewRun>,
): Promise<boolean> {
  const rows = await db
    .update(executorRuns)
    .set(changes)
    .where(and(eq(executorRuns.id, id), eq(executorRuns.leaseOwner, owner), inArray(executorRuns.status, activeStatuses)))
    .returning({ id: executorRuns.id });
  return rows.length > 0;
}

/** Keeps a lease alive while a long step runs. */
export async function renewLease(db: DbExecutor, id: string, owner: string, leaseUntil: number): Promise<void> {
  await db
    .update(executorRuns)
    .set({ leaseUntil })
    .where(and(eq(executorRuns.id, id), eq(executorRuns.leaseOwner, owner)));
}

/** Hands back every lease of an owner (a clean stop) so another executor resumes at once. */
export async function releaseLeases(db: DbExecutor, owner: string): Promise<void> {
  await db
    .update(executorRuns)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(eq(executorRuns.leaseOwner, owner));
}

/** Drops every lease: only safe where one process owns the database (PGlite). */
export async function releaseAllLeases(db: DbExecutor): Promise<void> {
  await db.update(executorRuns).set({ leaseOwner: null, leaseUntil: null }).where(isNotNull(executorRuns.leaseOwner));
}

/** Ends an active run as cancelled whoever holds it; the run returned when this call ended it. */
export async function markCancelled(db: DbExecutor, id: string, now: number, reason: string): Promise<ExecutorRun | null> {
  const [row] = await db
    .update(executorRuns)
    .set({
      status: "cancelled",
      endedAt: now,
      park: null,
      pending: [],
      leaseOwner: null,
      leaseUntil: null,
      error: { name: "Cancelled", message: reason },
    })
    .where(and(eq(executorRuns.id, id), inArray(executorRuns.status, activeStatuses)))
    .returning();
  return row ?? null;
}

/** Resumes a waiting run with the event it waited for (only if it still waits on that step). */
export async function resumeWait(db: DbExecutor, run: ExecutorRun, stepId: string, data: unknown, now: number): Promise<boolean> {
  const rows = await db
    .update(executorRuns)
    .set({
      status: "running",
      park: null,
      wakeAt: now,
      attempt: 0,
      steps: { ...run.steps, [stepId]: { type: "data", data } },
      stack: [...run.stack, stepId],
    })
    .where(
      and(
        eq(executorRuns.id, run.id),
        eq(executorRuns.status, "waiting"),
        sql`${executorRuns.park}->>'stepId' = ${stepId}`,
        // A run an executor just claimed for its timeout is resolving with null: the timeout wins.
        sql`(${executorRuns.leaseUntil} is null or ${executorRuns.leaseUntil} < ${now})`,
      ),
    )
    .returning({ id: executorRuns.id });
  return rows.length > 0;
}

export async function countByStatus(db: DbExecutor): Promise<Record<string, number>> {
  const rows = await db
    .select({ status: executorRuns.status, count: sql<number>`count(*)::int` })
    .from(executorRuns)
    .where(inArray(executorRuns.status, activeStatuses))
    .groupBy(executorRuns.status);
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

/** Makes sure a cron trigger has a next tick stored (the first one after `now`). */
export async function ensureCron(db: DbExecutor, id: string, functionId: string, cron: string, nextAt: number): Promise<void> {
  await db.insert(executorCrons).values({ id, functionId, cron, nextAt }).onConflictDoNothing({ target: executorCrons.id });
}

/** Claims a due cron tick: the tick's time when this caller won it, null otherwise. */
export async function claimCronTick(db: DbExecutor, id: string, now: number, next: (after: number) => number): Promise<number | null> {
  const [row] = await db.select().from(executorCrons).where(and(eq(executorCrons.id, id), lte(executorCrons.nextAt, now)));
  if (!row) return null;
  const won = await db
    .update(executorCrons)
    .set({ nextAt: next(now) })
    .where(and(eq(executorCrons.id, id), eq(executorCrons.nextAt, row.nextAt)))
    .returning({ id: executorCrons.id });
  return won.length ? row.nextAt : null;
}
