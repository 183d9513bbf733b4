import { and, isNull, notInArray } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { moduleVersions } from "./modules";
import { odooVersion, projects } from "./projects";

export const sandboxStatuses = ["creating", "installing", "ready", "serving", "destroying", "destroyed", "failed"] as const;
export const sandboxStatus = pgEnum("sandbox_status", sandboxStatuses);
export type SandboxStatus = (typeof sandboxStatuses)[number];

/**
 * Every sandbox ever created, with its expiry: the reaper destroys whatever is past it, also
 * after a restart, so nothing leaks (a database, a process, a paid cloud machine).
 */
export const sandboxes = pgTable(
  "sandboxes",
  {
    id: id(),
    provider: text("provider").notNull(),
    externalId: text("external_id"),
    projectId: text("project_id").references(() => projects.id, { onDelete: "set null" }),
    moduleVersionId: text("module_version_id").references(() => moduleVersions.id, { onDelete: "set null" }),
    odooVersion: odooVersion("odoo_version").notNull(),
    status: sandboxStatus("status").notNull().default("creating"),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    previewUrl: text("preview_url"),
    /** The preview's throwaway admin login, shown to the owner; cleared when destroyed. */
    credentials: jsonb("credentials").$type<{ login: string; password: string } | null>(),
    /** Install verdict without the log (the log is a blob: logKey). */
    verdict: jsonb("verdict").$type<Record<string, unknown> | null>(),
    logKey: text("log_key"),
    /** Times the owner extended it (once allowed). */
    extensions: integer("extensions").notNull().default(0),
    labels: jsonb("labels").$type<Record<string, string>>().notNull().default({}),
    lastError: text("last_error"),
    destroyedAt: timestamp("destroyed_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("sandboxes_live_idx").on(table.status, table.expiresAt),
    index("sandboxes_project_idx").on(table.projectId, table.createdAt),
  ],
);

export type SandboxRow = typeof sandboxes.$inferSelect;

/**
 * Sandboxes that may still hold resources: not destroyed, and not torn down after a failure (a
 * failed sandbox keeps status "failed" for its verdict, with destroyedAt set). The reaper, the
 * admin list and "one live sandbox per project" all mean this.
 */
export const sandboxStillStanding = () =>
  and(notInArray(sandboxes.status, ["destroyed"]), isNull(sandboxes.destroyedAt));
