/**
 * The UI-test step language (./plan.ts) as zod schemas: the edge where tests written by a model
 * come in. They are data the runner interprets (open a menu, fill a field, click a button…);
 * nothing in them is executed as code. The schemas accept exactly what `planUiTests` emits, so
 * planned and written tests share one language; whether a test fits the module (menus, fields,
 * buttons that exist) is ./check.ts's job.
 */
import { z } from "zod";
import type { UiFieldValue, UiStep, UiTest } from "./plan";

const fieldName = z.string().regex(/^[a-z_][a-z0-9_]*$/, "a field's technical name, e.g. partner_id").max(64);
const label = z.string().trim().min(1).max(200);
const text = z.string().max(500);
/** `module.menu_id` (the runner clicks `[data-menu-xmlid]`). */
const xmlid = z.string().regex(/^[a-z0-9_]+\.[A-Za-z0-9_.]+$/, "a menu's xml id, e.g. library_management.menu_books").max(128);
/** `2024-03-01`, `2024-03-01 09:30:00`, or `${today}`. */
const isoDate = z.string().regex(/^(\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}:\d{2})?|\$\{today\})$/, "an ISO date (2024-03-01), datetime (2024-03-01 09:30:00) or ${today}");

export const uiFieldValueSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("text"), value: z.string().max(2_000), multiline: z.boolean().optional() }),
  z.object({ kind: z.literal("date"), value: isoDate, datetime: z.boolean().default(false) }),
  z.object({ kind: z.literal("select"), label }),
  z.object({ kind: z.literal("relation"), search: text, many: z.boolean().default(false) }),
  z.object({ kind: z.literal("checkbox"), checked: z.boolean() }),
  z.object({ kind: z.literal("file"), name: z.string().trim().min(1).max(100), base64: z.string().regex(/^[A-Za-z0-9+/=]*$/).max(20_000) }),
]);

export const uiStepSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("login") }),
  z.object({ kind: z.literal("openMenu"), path: z.array(label).min(1).max(6), xmlids: z.array(xmlid).min(1).max(6) }),
  z.object({ kind: z.literal("expectView"), views: z.array(z.enum(["list", "kanban"])).min(1).max(2) }),
  z.object({ kind: z.literal("clickNew"), inline: z.boolean().optional() }),
  z.object({ kind: z.literal("fill"), field: fieldName, label, page: label.optional(), inline: z.boolean().optional(), value: uiFieldValueSchema }),
  z.object({ kind: z.literal("save"), inline: z.boolean().optional() }),
  z.object({ kind: z.literal("readField"), field: fieldName, into: z.string().regex(/^[a-z_]+$/, "lower-case letters and underscores").max(40) }),
  z.object({ kind: z.literal("back") }),
  z.object({ kind: z.literal("search"), text: z.string().trim().min(1).max(200) }),
  z.object({ kind: z.literal("expectRecord"), text: z.string().trim().min(1).max(200).optional() }),
  z.object({ kind: z.literal("clickButton"), name: z.string().regex(/^[a-z_][a-z0-9_]*$/).max(80), label }),
  z.object({ kind: z.literal("expectStatus"), label }),
  z.object({ kind: z.literal("expectField"), field: fieldName, text: z.string().trim().min(1).max(200), page: label.optional() }),
  z.object({ kind: z.literal("expectError"), text: z.string().trim().min(1).max(300).optional() }),
  z.object({ kind: z.literal("openRecord"), text: z.string().trim().min(1).max(200) }),
]);

/** At most 60 steps here; ./check.ts holds written tests to 40. */
export const uiTestSchema = z.object({
  id: z.string().trim().min(1).max(80),
  name: z.string().trim().min(1).max(200),
  happy: z.boolean().default(false),
  steps: z.array(uiStepSchema).min(1).max(60),
});

// The schemas and the plan's types describe the same language, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameValue: Same<z.output<typeof uiFieldValueSchema>, UiFieldValue> = true;
const sameStep: Same<z.output<typeof uiStepSchema>, UiStep> = true;
const sameTest: Same<z.output<typeof uiTestSchema>, UiTest> = true;
void [sameValue, sameStep, sameTest];
