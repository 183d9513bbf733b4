import { relations, sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { odooVersions } from "../../lib/odoo-versions";
import { projectStatuses } from "../../lib/project-status";
import { createdAt, id, updatedAt } from "./columns";
import { users } from "./users";

export { type OdooVersion, odooVersions } from "../../lib/odoo-versions";
export { type ProjectStatus, projectStatuses } from "../../lib/project-status";
export const odooVersion = pgEnum("odoo_version", odooVersions);
/** One column, one enum; every change is recorded in project_status_history. */
export const projectStatus = pgEnum("project_status", projectStatuses);

export const projects = pgTable(
  "projects",
  {
    id: id(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Technical Odoo module name, e.g. `fleet_maintenance_log`. */
    moduleName: text("module_name").notNull(),
    title: text("title").notNull(),
    odooVersion: odooVersion("odoo_version").notNull(),
    description: text("description").notNull(),
    depends: jsonb("depends").$type<string[]>().notNull().default([]),
    quickTest: boolean("quick_test").notNull().default(false),
    status: projectStatus("status").notNull().default("draft"),
    statusReason: text("status_reason"),
    /** Automatic fix attempts spent by the current build (at most 5, DESIGN.md §4). */
    fixAttempts: integer("fix_attempts").notNull().default(0),
    /** Adjustments the user asked for during UAT (at most 5 per project). */
    adjustments: integer("adjustments").notNull().default(0),
    /** The module version the user accepted in UAT: the one that is downloaded (and priced). */
    acceptedModuleVersionId: text("accepted_module_version_id"),
    /** AI spend limit for this project in micro-dollars; null → AI_PROJECT_BUDGET_USD. */
    aiBudgetMicros: bigint("ai_budget_micros", { mode: "number" }),
    /** Soft delete: the user's work stays recoverable by an operator. */
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("projects_owner_idx").on(table.ownerId, table.updatedAt),
    uniqueIndex("projects_owner_module_unique")
      .on(table.ownerId, table.moduleName)
      .where(sql`${table.deletedAt} is null`),
  ],
);

export const projectStatusHistory = pgTable(
  "project_status_history",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    fromStatus: projectStatus("from_status"),
    toStatus: projectStatus("to_status").notNull(),
    reason: text("reason"),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (table) => [index("project_status_history_project_idx").on(table.projectId, table.createdAt)],
);

export const projectsRelations = relations(projects, ({ one, many }) => ({
  owner: one(users, { fields: [projects.ownerId], references: [users.id] }),
  statusHistory: many(projectStatusHistory),
}));

export const projectStatusHistoryRelations = relations(projectStatusHistory, ({ one }) => ({
  project: one(projects, { fields: [projectStatusHistory.projectId], references: [projects.id] }),
}));

export type Project = typeof projects.$inferSelect;
export type NewProject = typeof projects.$inferInsert;
export type ProjectStatusChange = typeof projectStatusHistory.$inferSelect;
