/**
 * The spec drafter port: turns a project's plain-language description into a first
 * specification (Markdown for people, a Module Blueprint for the compiler). The offline,
 * rule-based drafter implements it today; an AI drafter plugs in behind the same interface.
 */
import { z } from "zod";
import { odooVersions } from "@/lib/odoo-versions";
import type { Blueprint } from "@/server/odoo/blueprint/schema";
import { dependencyNameSchema, moduleNameSchema } from "@/server/odoo/module-name";

export const draftInputSchema = z.object({
  title: z.string().trim().min(1).max(120),
  moduleName: moduleNameSchema,
  odooVersion: z.enum(odooVersions),
  description: z.string().max(20_000),
  depends: z.array(dependencyNameSchema).max(30).default([]),
});
export type DraftInput = z.input<typeof draftInputSchema>;

export interface DraftResult {
  markdown: string;
  /** Parsed and valid per blueprintSchema (defaults applied). */
  blueprint: Blueprint;
  source: "offline" | "ai";
  /** What the drafter guessed or could not tell; shown to the user as assumptions to review. */
  notes: string[];
}

export interface SpecDrafter {
  readonly name: string;
  draft(input: DraftInput): Promise<DraftResult>;
}
