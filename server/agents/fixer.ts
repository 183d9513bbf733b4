/**
 * The AI fixer (Fixer "ai"): a failed test report → a patch (blueprint operations and/or edits to
 * named files, see patch.ts) → the next module version's blueprint and file edits.
 *
 * The model sees the failure compactly: failing tests (name, error, file:line), install errors,
 * the Odoo log trimmed around its tracebacks (~8k chars), UI failures as text (test name, error,
 * the screen in words from ui-tests/screen.ts; screenshots are not sent), the module files the failure involves in full (with line numbers),
 * and the blueprint. One structured call (task `fix`, prompt `fixer` + guidelines); a patch that
 * does not apply or breaks the rejection rule (patch.ts) gets ONE repair round with the reasons;
 * a second bad patch gives `blueprint: null` with a summary saying why, so the run fails with that
 * reason — never a silent rewrite. An empty patch means the model sees no fix: same outcome.
 */
import { modelFilePath } from "@/server/odoo/compiler/emit-model";
import { testFilePath } from "@/server/odoo/compiler/emit-tests";
import { viewsFilePath } from "@/server/odoo/compiler/emit-views";
import { pyClassName } from "@/server/odoo/compiler/py";
import { type ModuleFiles, safeModulePath } from "@/server/odoo/module-files";
import type { FixInput, Fixer, FixResult } from "@/server/pipeline/fixer";
import { loadPrompt } from "@/server/ports/ai/prompts";
import type { AiCallContext, AiClient, AiMessage, AiUsage } from "@/server/ports/ai/types";
import { bodySites, compiledFiles } from "./code-helpers";
import { applyPatch, mentions, type Patch, PATCH_JSON, patchSchema, type PatchOutcome } from "./patch";
import { agentGuidelines, compactBlueprint, renderProjectContext, sumUsage } from "./shared";

const PROMPT_ID = "fixer";
/** Log excerpt budget sent to the model. */
export const LOG_BUDGET = 8_000;
/** Module files sent in full, at most this many characters together. */
const FILES_BUDGET = 60_000;

export interface AiFixerOptions {
  maxTokens?: number;
}

export function createAiFixer(client: AiClient, options: AiFixerOptions = {}): Fixer {
  return {
    name: "ai",
    async fix(input) {
      const ctx: AiCallContext = { task: "fix", projectId: input.project.id, userId: input.project.ownerId ?? null, runId: input.runId ?? null };
      const prompt = loadPrompt(PROMPT_ID);
      const systemExtra = agentGuidelines(input.blueprint.module.odooVersion);
      const involved = involvement(input);
      const before = builtFiles(input);
      const messages: AiMessage[] = [{ role: "user", content: renderFailure(input, involved) }];
      const ask = (msgs: AiMessage[]) =>
        client.structured(ctx, { prompt, systemExtra, messages: msgs, json: PATCH_JSON, maxTokens: options.maxTokens ?? 16_000, temperature: 0 }, patchSchema);
      const apply = (patch: Patch) =>
        applyPatch(input.blueprint, before, patch, { involvedFiles: involved.files, currentEdits: input.fileEdits, failureText: involved.text });

      const first = await ask(messages);
      let usage: AiUsage | undefined = first.usage;
      let patch = first.value;
      if (isEmpty(patch)) return giveUp(`the AI fixer found no change to make (${oneLine(patch.diagnosis)})`, usage);
      let outcome = await apply(patch);
      let repaired = false;
      if (!outcome.ok) {
        const repair = await ask([...messages, { role: "assistant", content: first.result.text }, { role: "user", content: repairRequest(outcome.problems) }]);
        usage = sumUsage(usage, repair.usage);
        patch = repair.value;
        if (isEmpty(patch)) return giveUp(`the AI fixer's patch was rejected (${outcome.problems.slice(0, 2).join("; ")}) and it found no other change to make`, usage);
        outcome = await apply(patch);
        repaired = true;
        if (!outcome.ok) return giveUp(`the AI fixer's patch was rejected twice (${outcome.problems.slice(0, 3).join("; ")})`, usage);
      }
      return resultOf(patch, outcome, repaired, usage);
    },
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const isEmpty = (patch: Patch) => patch.blueprintOps.length === 0 && patch.fileEdits.length === 0;
const oneLine = (text: string, max = 400) => {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** No usable change: the pipeline fails the run with this summary (see FixResult.blueprint). */
function giveUp(summary: string, ai: AiUsage | undefined): FixResult {
  return { blueprint: null, summary: oneLine(summary, 900), ai };
}

function resultOf(patch: Patch, outcome: Extract<PatchOutcome, { ok: true }>, repaired: boolean, ai: AiUsage | undefined): FixResult {
  const touched = outcome.changes.map((c) => c.path).join(", ");
  const summary = `${oneLine(patch.summary, 300)}${repaired ? " (after one correction round)" : ""} — changed ${touched}. Diagnosis: ${oneLine(patch.diagnosis, 400)}`;
  return { blueprint: outcome.blueprint, fileEdits: outcome.fileEdits, summary: oneLine(summary, 990), ai };
}

/** The module as built for the current blueprint + edits (the `before` of the patch rule). */
function builtFiles(input: FixInput): ModuleFiles | Record<string, string> {
  try {
    return compiledFiles(input.blueprint, input.fileEdits);
  } catch {
    // The version under test was built, so this should not happen; its stored files then serve.
    return input.files;
  }
}

// ---------------------------------------------------------------------------------------------
// What the failure involves

export interface Involvement {
  /** Module-relative files the failure involves (see patch.ts, rule 1). */
  files: Set<string>;
  /** Models of the blueprint the failure names. */
  models: string[];
  /** Everything the failure says, for the "mentioned" checks. */
  text: string;
}

/** All the failure's words: failing tests, install errors, the log. */
export function failureText(input: Pick<FixInput, "failures" | "errors" | "logExcerpt">): string {
  return [
    ...input.failures.map((f) => [f.name, f.error, f.file && `${f.file}:${f.line ?? ""}`].filter(Boolean).join("\n")),
    ...input.errors.map((e) => [e.kind, e.message, e.file && `${e.file}:${e.line ?? ""}`].filter(Boolean).join("\n")),
    input.logExcerpt,
  ].join("\n");
}

/**
 * The files the failure involves: those named by failing tests and errors, those the log's
 * tracebacks mention (any file of the module, by its module-relative path), and for every model
 * of the blueprint the failure names (technical name, test class `Test<Model>`, or one of its
 * files) that model's Python, test and views files and the tests' record builders
 * (tests/common.py) — an assertion failure's traceback points at the test, while the cause is
 * usually in the model.
 */
export function involvement(input: Pick<FixInput, "blueprint" | "failures" | "errors" | "logExcerpt" | "files">): Involvement {
  const text = failureText(input);
  const files = new Set<string>();
  const add = (path: string | undefined) => {
    if (!path) return;
    try {
      files.add(safeModulePath(path));
    } catch {
      // Not a module path.
    }
  };
  for (const failure of input.failures) add(failure.file);
  for (const error of input.errors) add(error.file);
  const known = new Set([...Object.keys(input.files), ...input.blueprint.models.flatMap((m) => [modelFilePath(m), testFilePath(m), viewsFilePath(m.name)])]);
  // `models/x.py` on its own, or `…/<module>/models/x.py` in a traceback (not `…/base/models/x.py`).
  const moduleDir = escapeRegExp(input.blueprint.module.name);
  for (const path of known) {
    if (new RegExp(`(^|[\\s"'(:,]|/${moduleDir}/)${escapeRegExp(path)}(?=$|[\\s"'):,])`, "m").test(text)) files.add(path);
  }
  const models: string[] = [];
  for (const model of input.blueprint.models) {
    const named =
      mentions(text, model.name) ||
      new RegExp(`\\bTest${pyClassName(model.name)}\\b`).test(text) ||
      [modelFilePath(model), testFilePath(model), viewsFilePath(model.name)].some((path) => files.has(path)) ||
      // UI tests name models by their label, e.g. "Rental Order: create and save".
      input.failures.some((f) => f.suite === "ui" && f.name.toLowerCase().includes(model.description.toLowerCase()));
    if (!named) continue;
    models.push(model.name);
    files.add(modelFilePath(model));
    files.add(testFilePath(model));
    files.add(viewsFilePath(model.name));
    // The record builders of every model's tests (`_vals_<model>`) live here.
    files.add("tests/common.py");
  }
  return { files, models, text };
}

/**
 * The log, at most `budget` characters: all of it when short, else windows around its
 * tracebacks and ERROR/FAIL lines (the causes), else its end.
 */
export function trimLog(log: string, budget = LOG_BUDGET): string {
  if (log.length <= budget) return log;
  const lines = log.split("\n");
  const keep = new Set<number>();
  lines.forEach((line, index) => {
    if (/Traceback \(most recent call last\)|^\S+ \S+ \d+ (ERROR|CRITICAL) |\b(FAIL|ERROR): /.test(line)) {
      for (let i = Math.max(0, index - 2); i <= Math.min(lines.length - 1, index + 40); i += 1) keep.add(i);
    }
  });
  if (keep.size === 0) return `…\n${log.slice(-budget)}`;
  const parts: string[] = [];
  let previous = -2;
  for (const index of [...keep].sort((a, b) => a - b)) {
    if (index !== previous + 1) parts.push("…");
    parts.push(lines[index]!);
    previous = index;
  }
  const text = parts.join("\n");
  // Too many tracebacks: the last ones are the ones that stopped the run.
  return text.length <= budget ? text : `…\n${text.slice(-budget)}`;
}

// ---------------------------------------------------------------------------------------------
// The request

const FENCE: Record<string, string> = { py: "python", xml: "xml", csv: "csv" };

function numbered(text: string): string {
  const lines = text.replace(/\n$/, "").split("\n");
  const width = String(lines.length).length;
  return lines.map((line, i) => `${String(i + 1).padStart(width)}| ${line}`).join("\n");
}

function fileOrder(path: string): number {
  if (path.startsWith("models/")) return 0;
  if (path.startsWith("tests/")) return 1;
  if (path.startsWith("views/")) return 2;
  return 3;
}

function renderFiles(input: FixInput, involved: Involvement): string[] {
  const paths = [...involved.files].filter((p) => input.files[p] !== undefined).sort((a, b) => fileOrder(a) - fileOrder(b) || a.localeCompare(b));
  const out: string[] = [];
  let used = 0;
  const skipped: string[] = [];
  for (const path of paths) {
    const text = input.files[path]!;
    if (used + text.length > FILES_BUDGET) {
      skipped.push(path);
      continue;
    }
    used += text.length;
    out.push(`### ${path}`, `\`\`\`${FENCE[path.split(".").pop() ?? ""] ?? ""}`, numbered(text), "```", "");
  }
  if (skipped.length) out.push(`(Not shown, too long for this request: ${skipped.join(", ")}.)`, "");
  const others = Object.keys(input.files).filter((p) => !involved.files.has(p)).sort();
  if (others.length) out.push(`Other files of the module (not involved; do not change them): ${others.join(", ")}`);
  return out;
}

function renderFailures(input: FixInput): string[] {
  if (input.failures.length === 0) return ["(no failing test: the module did not install — see the errors)"];
  return input.failures.slice(0, 30).map((failure) => {
    const where = failure.file ? ` — ${failure.file}${failure.line ? `:${failure.line}` : ""}` : "";
    const kind = failure.suite === "ui" ? "UI test" : "Odoo test";
    const error = (failure.error ?? "failed").trim().split("\n").slice(0, 25).join("\n  ");
    const screen = failure.suite === "ui" && failure.screen ? `\n  Screen at the failure: ${failure.screen}` : "";
    return `- [${kind}] ${failure.name}${where}\n  ${error}${screen}`;
  });
}

function renderFailure(input: FixInput, involved: Involvement): string {
  const bodies = bodySites(input.blueprint).filter((site) => involved.models.includes(site.model));
  return [
    renderProjectContext(input.project),
    "",
    `## Fix attempt ${input.attempt}`,
    "",
    "## Failing tests",
    ...renderFailures(input),
    "",
    "## Install errors",
    ...(input.errors.length ? input.errors.slice(0, 20).map((e) => `- ${e.kind}: ${e.message}${e.file ? ` (${e.file}${e.line ? `:${e.line}` : ""})` : ""}`) : ["(none: the module installed)"]),
    "",
    "## Odoo log excerpt",
    "```text",
    trimLog(input.logExcerpt).trim() || "(empty)",
    "```",
    "",
    "## Module files involved (as built; `N| ` is the line number, not part of the file)",
    ...renderFiles(input, involved),
    "",
    ...(input.fileEdits.length
      ? ["## File edits the current version already carries (kept; yours are applied after them)", ...input.fileEdits.map((e, i) => `${i + 1}. ${e.path}: replace ${JSON.stringify(oneLine(e.find, 120))}`), ""]
      : []),
    "## Blueprint (JSON; keys at their default value are left out)",
    "```json",
    compactBlueprint(input.blueprint),
    "```",
    ...(bodies.length ? ["", "Custom code of the models involved (patch paths):", ...bodies.map((s) => `- ${s.label}: ${s.path}`)] : []),
    "",
    "Find the root cause and answer with the smallest patch that fixes it (the JSON object).",
  ].join("\n");
}

function repairRequest(problems: string[]): string {
  return [
    "Your patch was rejected:",
    ...problems.map((problem) => `- ${problem}`),
    "",
    "Send a corrected patch (the same JSON object). Change only what the failure needs; never delete code the failure does not involve.",
  ].join("\n");
}
