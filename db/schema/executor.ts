import { bigint, index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";

/*
 * The embedded Inngest executor's own state (inngest/executor): events, runs with their
 * memoised steps, and cron ticks. Times the executor reasons about (wake-ups, leases, event
 * timestamps) are epoch milliseconds read from the executor's clock, not `now()` of the
 * database, so a virtual clock in tests moves all of them at once.
 */

/** Every event sent through the executor; the id is an idempotency key (a duplicate is ignored). */
export const executorEvents = pgTable(
  "executor_events",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    ts: bigint("ts", { mode: "number" }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("executor_events_name_idx").on(table.name, table.ts)],
);

export const executorRunStatuses = ["queued", "running", "sleeping", "waiting", "completed", "failed", "cancelled"] as const;
export type ExecutorRunStatus = (typeof executorRunStatuses)[number];

/** A memoised step as the SDK's protocol carries it in `steps`. */
export type ExecutorStepMemo = { type: "data"; data: unknown } | { type: "error"; error: unknown };

/** The step a sleeping or waiting run is parked on. */
export interface ExecutorPark {
  stepId: string;
  /** WaitForEvent only: the awaited event name and its CEL condition. */
  event?: string;
  if?: string;
}

/** One run of a function: its trigger event, the steps memoised so far, and what it waits for. */
export const executorRuns = pgTable(
  "executor_runs",
  {
    id: text("id").primaryKey(),
    /** The SDK's function id, `<appId>-<fnId>` (or `…-failure` for an onFailure handler). */
    functionId: text("function_id").notNull(),
    status: text("status").$type<ExecutorRunStatus>().notNull().default("queued"),
    /** The triggering event as the function sees it (`event` in the protocol body). */
    event: jsonb("event").$type<{ id: string; name: string; data: Record<string, unknown>; ts: number }>().notNull(),
    steps: jsonb("steps").$type<Record<string, ExecutorStepMemo>>().notNull().default({}),
    /** Memoised step ids in completion order (`ctx.stack.stack`). */
    stack: jsonb("stack").$type<string[]>().notNull().default([]),
    /** Planned (parallel) steps still to execute, each POSTed on its own with `stepId`. */
    pending: jsonb("pending").$type<string[]>().notNull().default([]),
    /** The attempt of the next request, zero-based (`ctx.attempt`); reset after each step. */
    attempt: integer("attempt").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull(),
    /** Requests made so far: the guard against a function that never ends. */
    requestCount: integer("request_count").notNull().default(0),
    /** When the run is next due (queued, retry backoff, sleep end, wait timeout). */
    wakeAt: bigint("wake_at", { mode: "number" }).notNull(),
    park: jsonb("park").$type<ExecutorPark | null>(),
    /** The concurrency group (`<fn>:<key value>`) and its limit; null when unlimited. */
    concurrencyKey: text("concurrency_key"),
    concurrencyLimit: integer("concurrency_limit"),
    /** Which executor process works on the run, until when: a dead process's lease expires. */
    leaseOwner: text("lease_owner"),
    leaseUntil: bigint("lease_until", { mode: "number" }),
    output: jsonb("output"),
    error: jsonb("error").$type<{ name: string; message: string; stack?: string } | null>(),
    startedAt: bigint("started_at", { mode: "number" }),
    endedAt: bigint("ended_at", { mode: "number" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("executor_runs_due_idx").on(table.status, table.wakeAt),
    index("executor_runs_function_idx").on(table.functionId, table.status),
    index("executor_runs_concurrency_idx").on(table.concurrencyKey, table.status),
  ],
);

/** The next tick of each cron trigger; a conditional update claims a tick exactly once. */
export const executorCrons = pgTable("executor_crons", {
  /** `<function id>|<cron expression>` */
  id: text("id").primaryKey(),
  functionId: text("function_id").notNull(),
  cron: text("cron").notNull(),
  nextAt: bigint("next_at", { mode: "number" }).notNull(),
  updatedAt: updatedAt(),
});

export type ExecutorEvent = typeof executorEvents.$inferSelect;
export type ExecutorRun = typeof executorRuns.$inferSelect;
