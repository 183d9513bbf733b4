/**
 * The UI-test writer's port: from the approved spec's acceptance criteria and the module's
 * blueprint, extra UI tests in the same step language as the deterministic plan
 * (server/odoo/ui-tests/plan.ts). Model output is data, never code: the runner interprets the
 * steps, so nothing a model wrote is executed on the app server. Offline there is none.
 */
import type { Project } from "@/db/schema";
import type { Blueprint } from "@/server/odoo/blueprint/schema";
import type { UiTest } from "@/server/odoo/ui-tests/plan";
import type { AiUsage } from "@/server/ports/ai/types";

export interface UiTestWriteInput {
  project: Project;
  blueprint: Blueprint;
  /** The approved specification's Markdown (its acceptance criteria drive the tests). */
  markdown: string;
  runId?: string | null;
}

export interface UiTestWriteResult {
  /** Checked against the blueprint (menus, fields, buttons exist); ids prefixed `ai-`. */
  tests: UiTest[];
  summary: string;
  ai?: AiUsage;
}

export interface UiTestWriter {
  readonly name: string;
  write(input: UiTestWriteInput): Promise<UiTestWriteResult>;
}
