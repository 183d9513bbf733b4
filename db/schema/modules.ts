import { relations } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";
import { odooVersion, projects } from "./projects";
import { users } from "./users";

export const moduleVersionSources = ["compiler", "ai", "fix", "adjustment"] as const;
export const moduleVersionSource = pgEnum("module_version_source", moduleVersionSources);

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
