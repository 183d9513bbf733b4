/**
 * The spec drafter port: turns a project's plain-language description into a first
 * specification (Markdown for people, a Module Blueprint for the compiler). The offline,
 * rule-based drafter implements it today; an AI drafter plugs in behind the same interface.
 */
import { z } from "zod";
import { odooVersions } from "@/lib/odoo-versions";
import type { Blueprint } from "@/server/odoo/blueprint/schema";
import type { AiUsage } from "@/server/ports/ai/types";
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
  /** Set when an AI agent wrote it: provider/model and what its calls cost. */
  ai?: AiUsage;
}

/** Who asks for the draft: accounting, budgets and rate limits key on these. */
export interface DraftContext {
  projectId?: string | null;
  userId?: string | null;
  runId?: string | null;
  /** The AI spec writer streams its Markdown through this as it is written. */
  onText?: (delta: string) => void;
  /** The streamed text starts over (a retried or fallen-back model call): drop what was shown. */
  onRestart?: () => void;
}

export interface SpecDrafter {
  readonly name: string;
  draft(input: DraftInput, context?: DraftContext): Promise<DraftResult>;
}
