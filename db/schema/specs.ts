import { relations } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";
import { projects } from "./projects";
import { users } from "./users";

/** Who wrote a spec version: the offline drafter, an AI agent, the user's own edit, an adjustment. */
export const specVersionSources = ["offline", "ai", "user", "adjustment"] as const;
export const specVersionSource = pgEnum("spec_version_source", specVersionSources);
export type SpecVersionSource = (typeof specVersionSources)[number];

/**
 * The specification of a project, version by version: human-readable Markdown plus the Module
 * Blueprint it describes. Every save is a new row (nothing is overwritten, so a failed build or
 * a bad edit never loses the user's work); approval freezes one version for the build.
 */
export const specVersions = pgTable(
  "spec_versions",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    source: specVersionSource("source").notNull(),
    markdown: text("markdown").notNull(),
    blueprint: jsonb("blueprint").$type<Record<string, unknown>>().notNull(),
    /** A short note on what changed (e.g. the adjustment the user asked for). */
    note: text("note"),
    /** Who wrote it when an AI agent did (provider/model) and what the agent's calls cost. */
    aiProvider: text("ai_provider"),
    aiModel: text("ai_model"),
    aiCostMicros: bigint("ai_cost_micros", { mode: "number" }).notNull().default(0),
    aiInputTokens: integer("ai_input_tokens").notNull().default(0),
    aiOutputTokens: integer("ai_output_tokens").notNull().default(0),
    approvedAt: timestamp("approved_at", { withTimezone: true, mode: "date" }),
    approvedBy: text("approved_by").references(() => users.id, { onDelete: "set null" }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("spec_versions_project_number_unique").on(table.projectId, table.number),
    index("spec_versions_project_idx").on(table.projectId, table.createdAt),
  ],
);

export const specVersionsRelations = relations(specVersions, ({ one }) => ({
  project: one(projects, { fields: [specVersions.projectId], references: [projects.id] }),
}));

export type SpecVersion = typeof specVersions.$inferSelect;
