/**
 * The fix loop's port: given a module that failed its tests, propose a changed blueprint (a new
 * module version, source "fix"). No fixer exists offline: the rule-based path cannot guess why a
 * test failed, so the run ends failed with the failures listed and the user edits the spec.
 */
import type { FileEdit, Project, TestCaseResult } from "@/db/schema";
import type { AiUsage } from "@/server/ports/ai/types";
import type { Blueprint } from "@/server/odoo/blueprint/schema";

export interface FixInput {
  project: Project;
  blueprint: Blueprint;
  /** 1-based attempt number (at most MAX_FIX_ATTEMPTS). */
  attempt: number;
  failures: TestCaseResult[];
  errors: { kind: string; message: string; file?: string; line?: number }[];
  logExcerpt: string;
  /** The edits to named files the current version carries (applied after compiling). */
  fileEdits: FileEdit[];
  /** The module's files as built (path → text), so the fixer can read the ones involved. */
  files: Record<string, string>;
  runId?: string | null;
}

export interface FixResult {
  /** The changed blueprint; null when the fixer tried but has no usable change (the run fails with `summary`). */
  blueprint: Blueprint | null;
  /** The complete list of file edits for the next version (the current ones plus new ones). */
  fileEdits?: FileEdit[];
  summary: string;
  ai?: AiUsage;
}

export interface Fixer {
  readonly name: string;
  /** A changed blueprint, or null when the fixer sees nothing it can change (the run fails). */
  fix(input: FixInput): Promise<FixResult | null>;
}

export const MAX_FIX_ATTEMPTS = 5;

export const NO_FIXER_REASON = "tests failed; no automatic fixer is configured in offline mode";
