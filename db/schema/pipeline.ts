import { relations } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { moduleVersions } from "./modules";
import { projects } from "./projects";
import { sandboxes } from "./sandboxes";
import { specVersions } from "./specs";

/*
 * The pipeline as the product sees it, written by the Inngest functions themselves: the same
 * rows whether the embedded executor or Inngest Cloud runs them, so the project page, the jobs
 * page and live progress never depend on which one is configured.
 */

export const pipelineRunKinds = ["spec", "build"] as const;
export const pipelineRunKind = pgEnum("pipeline_run_kind", pipelineRunKinds);
export type PipelineRunKind = (typeof pipelineRunKinds)[number];

export const pipelineRunStatuses = ["queued", "running", "waiting", "succeeded", "failed", "cancelled"] as const;
export const pipelineRunStatus = pgEnum("pipeline_run_status", pipelineRunStatuses);
export type PipelineRunStatus = (typeof pipelineRunStatuses)[number];

/** The stages a run moves through, in order; the UI shows one progress indicator per stage. */
export const pipelineStages = ["spec", "code", "compile", "validate", "package", "install", "ui_tests", "fix", "uat", "teardown"] as const;
export const pipelineStage = pgEnum("pipeline_stage", pipelineStages);
export type PipelineStage = (typeof pipelineStages)[number];

export const pipelineStepStatuses = ["running", "succeeded", "failed", "skipped"] as const;
export const pipelineStepStatus = pgEnum("pipeline_step_status", pipelineStepStatuses);

/** One run of a pipeline function for a project (a spec draft, a build-and-test cycle). */
export const pipelineRuns = pgTable(
  "pipeline_runs",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    kind: pipelineRunKind("kind").notNull(),
    status: pipelineRunStatus("status").notNull().default("queued"),
    stage: pipelineStage("stage"),
    /** The Inngest run id (embedded executor or Cloud), for cancel/retry and cross-reference. */
    inngestRunId: text("inngest_run_id"),
    /** The event that started it: `retry` sends it again. */
    triggerEvent: jsonb("trigger_event").$type<{ name: string; data: Record<string, unknown> }>().notNull(),
    specVersionId: text("spec_version_id").references(() => specVersions.id, { onDelete: "set null" }),
    /** Fix attempts this run made (each one a new module version). */
    fixAttempts: integer("fix_attempts").notNull().default(0),
    error: text("error"),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("pipeline_runs_project_idx").on(table.projectId, table.createdAt),
    index("pipeline_runs_status_idx").on(table.status, table.createdAt),
  ],
);

/** A step of a run as the timeline shows it: what, when, how long, how many attempts, why it failed. */
export const pipelineSteps = pgTable(
  "pipeline_steps",
  {
    id: id(),
    runId: text("run_id")
      .notNull()
      .references(() => pipelineRuns.id, { onDelete: "cascade" }),
    /** Stable within a run (the Inngest step id), so a retried step updates its own row. */
    key: text("key").notNull(),
    stage: pipelineStage("stage").notNull(),
    title: text("title").notNull(),
    status: pipelineStepStatus("status").notNull().default("running"),
    attempts: integer("attempts").notNull().default(1),
    /** Small structured result for the UI (version number, counts); never logs or files. */
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    error: text("error"),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [index("pipeline_steps_run_idx").on(table.runId, table.startedAt)],
);

/**
 * Log lines for live progress: the project page follows them by id (SSE), so they are ordered
 * by a sequence, not by time.
 */
export const pipelineLogs = pgTable(
  "pipeline_logs",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    runId: text("run_id").references(() => pipelineRuns.id, { onDelete: "cascade" }),
    stage: pipelineStage("stage"),
    level: text("level").$type<"info" | "warn" | "error">().notNull().default("info"),
    message: text("message").notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("pipeline_logs_project_idx").on(table.projectId, table.seq)],
);

export interface TestCaseResult {
  /** "python" for the module's own Odoo tests, "ui" for the generated Playwright tests. */
  suite: "python" | "ui";
  name: string;
  status: "passed" | "failed" | "skipped";
  error?: string;
  file?: string;
  line?: number;
  /** A storage key: the screenshot taken when a UI test failed. */
  screenshotKey?: string;
  /** The same screen in words (app, view, dialog, notifications, invalid fields), for the fixer. */
  screen?: string;
  durationMs?: number;
}

/** The outcome of testing one module version in a sandbox: "N/M passed", and each test. */
export const testReports = pgTable(
  "test_reports",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    runId: text("run_id").references(() => pipelineRuns.id, { onDelete: "set null" }),
    moduleVersionId: text("module_version_id").references(() => moduleVersions.id, { onDelete: "set null" }),
    sandboxId: text("sandbox_id").references(() => sandboxes.id, { onDelete: "set null" }),
    /** 0 for the first test of a run, then one per fix attempt. */
    attempt: integer("attempt").notNull().default(0),
    installed: text("installed").$type<"installed" | "failed" | "timeout" | "unavailable">().notNull(),
    passed: integer("passed").notNull(),
    total: integer("total").notNull(),
    quick: text("quick").$type<"quick" | "full">().notNull().default("full"),
    cases: jsonb("cases").$type<TestCaseResult[]>().notNull().default([]),
    /** Install errors (not tests): registry, parse, missing dependency... */
    errors: jsonb("errors").$type<{ kind: string; message: string; file?: string; line?: number }[]>().notNull().default([]),
    /** The last lines of the Odoo log, for the results tab; the whole log is at logKey. */
    logExcerpt: text("log_excerpt"),
    logKey: text("log_key"),
    createdAt: createdAt(),
  },
  (table) => [index("test_reports_project_idx").on(table.projectId, table.createdAt)],
);

export const pipelineRunsRelations = relations(pipelineRuns, ({ one, many }) => ({
  project: one(projects, { fields: [pipelineRuns.projectId], references: [projects.id] }),
  steps: many(pipelineSteps),
}));
export const pipelineStepsRelations = relations(pipelineSteps, ({ one }) => ({
  run: one(pipelineRuns, { fields: [pipelineSteps.runId], references: [pipelineRuns.id] }),
}));

export type PipelineRun = typeof pipelineRuns.$inferSelect;
export type PipelineStep = typeof pipelineSteps.$inferSelect;
export type PipelineLog = typeof pipelineLogs.$inferSelect;
export type TestReport = typeof testReports.$inferSelect;
