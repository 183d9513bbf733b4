import { bigint, boolean, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";
import { projects } from "./projects";
import { users } from "./users";

/**
 * One row per request sent to a model provider (every attempt, including retries and the ones
 * that failed): who asked, for which project and task, what it cost. Budgets and the admin usage
 * page read it; nothing here is ever updated.
 */
export const aiCalls = pgTable(
  "ai_calls",
  {
    id: id(),
    /** `anthropic` | `google` (or a test provider). */
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    /** spec | code | fix | tests | review | adjust */
    task: text("task").notNull(),
    projectId: text("project_id").references(() => projects.id, { onDelete: "set null" }),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    /** The pipeline run it served, when there is one. */
    runId: text("run_id"),
    /** The prompt file and its version (`spec-writer@3`). */
    prompt: text("prompt").notNull(),
    /** 1 for the first try; retries and fallbacks count up within one logical call. */
    attempt: integer("attempt").notNull().default(1),
    /** The logical call this attempt belongs to (shared by its retries, fallbacks and repair round). */
    callGroup: text("call_group").notNull(),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    /** Cost in micro-dollars (1 USD = 1_000_000), from the price table in server/ports/ai/prices.ts. */
    costMicros: bigint("cost_micros", { mode: "number" }).notNull().default(0),
    latencyMs: integer("latency_ms").notNull().default(0),
    /** ok | error | invalid_output | rejected (budget, rate limit, open circuit: nothing was sent) */
    outcome: text("outcome").notNull(),
    /** For errors: rate_limited | overloaded | server | timeout | network | auth | invalid_request | … */
    errorKind: text("error_kind"),
    error: text("error"),
    /** True when this attempt went to a provider after the preferred one failed. */
    fallback: boolean("fallback").notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [
    index("ai_calls_project_idx").on(table.projectId, table.createdAt),
    index("ai_calls_created_idx").on(table.createdAt),
  ],
);

export type AiCall = typeof aiCalls.$inferSelect;

/**
 * Text an agent is writing right now (the spec writer streams its Markdown here), keyed by
 * project and task, so the page can show it as it grows from any app instance.
 */
export const aiStreams = pgTable("ai_streams", {
  /** `${projectId}:${task}` */
  key: text("key").primaryKey(),
  projectId: text("project_id")
    .notNull()
    .references(() => projects.id, { onDelete: "cascade" }),
  task: text("task").notNull(),
  text: text("text").notNull().default(""),
  done: boolean("done").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export type AiStream = typeof aiStreams.$inferSelect;
