/**
 * The coding stage's port: from an approved blueprint to the blueprint the compiler builds. The
 * offline coder takes the blueprint as it is (the deterministic compiler writes every file); an
 * AI coder plugs in here to add method bodies where the blueprint asks for custom logic.
 */
import type { Project } from "@/db/schema";
import type { Blueprint } from "@/server/odoo/blueprint/schema";
import type { AiUsage } from "@/server/ports/ai/types";

export interface CodeInput {
  project: Project;
  blueprint: Blueprint;
  /** The approved specification's Markdown (purpose, user stories, acceptance criteria). */
  markdown: string;
  runId?: string | null;
}

export interface CodeResult {
  blueprint: Blueprint;
  /** One line for the log: what the coder did. */
  summary: string;
  /** Set when an AI agent wrote it. */
  ai?: AiUsage;
}

export interface Coder {
  readonly name: string;
  code(input: CodeInput): Promise<CodeResult>;
}

export const offlineCoder: Coder = {
  name: "offline",
  async code({ blueprint }) {
    return { blueprint, summary: "offline: the approved blueprint is compiled as it is" };
  },
};
