import { relations } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";
import { odooVersion, projects } from "./projects";
import { users } from "./users";

export const moduleVersionSources = ["compiler", "ai", "fix", "adjustment"] as const;
export const moduleVersionSource = pgEnum("module_version_source", moduleVersionSources);

/** A search/replace edit to one file of the compiled module: `find` must occur exactly once. */
export interface FileEdit {
  path: string;
  find: string;
  replace: string;
}

export interface FindingSummary {
  errors: number;
  warnings: number;
  infos: number;
}

/**
 * One built module per row: version N of a project, immutable once written. The zip lives in
 * the storage port under `blobKey`; the blueprint it was compiled from is kept beside it.
 */
export const moduleVersions = pgTable(
  "module_versions",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    odooVersion: odooVersion("odoo_version").notNull(),
    source: moduleVersionSource("source").notNull().default("compiler"),
    blueprint: jsonb("blueprint").$type<Record<string, unknown>>().notNull(),
    blobKey: text("blob_key").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    /** Paths and sizes, so the file tree renders without opening the zip. */
    files: jsonb("files").$type<{ path: string; size: number }[]>().notNull(),
    findings: jsonb("findings").$type<unknown[]>().notNull().default([]),
    findingSummary: jsonb("finding_summary").$type<FindingSummary>().notNull(),
    /**
     * Edits to named files applied on top of the compiled module (a fixer's patch to a file the
     * blueprint cannot express); carried into later versions of the same run.
     */
    fileEdits: jsonb("file_edits").$type<FileEdit[]>().notNull().default([]),
    /** Who wrote it when an AI agent did (provider/model) and what the agent's calls cost. */
    aiProvider: text("ai_provider"),
    aiModel: text("ai_model"),
    aiCostMicros: bigint("ai_cost_micros", { mode: "number" }).notNull().default(0),
    aiInputTokens: integer("ai_input_tokens").notNull().default(0),
    aiOutputTokens: integer("ai_output_tokens").notNull().default(0),
    /** One line: what the coder/fixer changed (shown beside the version and its diff). */
    summary: text("summary"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("module_versions_project_number_unique").on(table.projectId, table.number),
    index("module_versions_project_idx").on(table.projectId, table.createdAt),
  ],
);

export const moduleVersionsRelations = relations(moduleVersions, ({ one }) => ({
  project: one(projects, { fields: [moduleVersions.projectId], references: [projects.id] }),
}));

export type ModuleVersion = typeof moduleVersions.$inferSelect;
