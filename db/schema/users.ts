import { sql } from "drizzle-orm";
import { pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";

export const userRoles = ["user", "admin"] as const;
export const userRole = pgEnum("user_role", userRoles);
export type UserRole = (typeof userRoles)[number];

export const users = pgTable(
  "users",
  {
    id: id(),
    /** Stored lower-cased; the unique index is on the stored value. */
    email: text("email").notNull(),
    name: text("name"),
    passwordHash: text("password_hash").notNull(),
    role: userRole("role").notNull().default("user"),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex("users_email_unique").on(sql`lower(${table.email})`)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
