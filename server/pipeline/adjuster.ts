/**
 * The adjustment agent's port: the user's request during UAT plus the approved spec → a changed
 * spec (Markdown + blueprint), or a plain "this contradicts the approved spec" with the reason,
 * so a contradiction is never applied silently. Offline there is none: the user edits the spec.
 */
import type { Project } from "@/db/schema";
import type { Blueprint } from "@/server/odoo/blueprint/schema";
import type { AiUsage } from "@/server/ports/ai/types";

export interface AdjustInput {
  project: Project;
  request: string;
  /** The approved spec the module was built from. */
  markdown: string;
  blueprint: Blueprint;
  userId?: string | null;
}

export type AdjustResult =
  | { verdict: "apply"; markdown: string; blueprint: Blueprint; explanation: string; ai?: AiUsage }
  | { verdict: "contradicts"; explanation: string; ai?: AiUsage };

export interface Adjuster {
  readonly name: string;
  adjust(input: AdjustInput): Promise<AdjustResult>;
}
