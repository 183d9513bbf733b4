/**
 * The coding stage's port: from an approved blueprint to the blueprint the compiler builds. The
 * offline coder takes the blueprint as it is (the deterministic compiler writes every file); an
 * AI coder plugs in here to add method bodies where the blueprint asks for custom logic.
 */
import type { Project } from "@/db/schema";
import type { Blueprint } from "@/server/odoo/blueprint/schema";

export interface CodeInput {
  project: Project;
  blueprint: Blueprint;
}

export interface CodeResult {
  blueprint: Blueprint;
  /** One line for the log: what the coder did. */
  summary: string;
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
