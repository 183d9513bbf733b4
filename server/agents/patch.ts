/**
 * The fixer's answer — a patch — and how it is applied. A patch is data: operations on the
 * blueprint (set / remove / append at a JSON-pointer-like path) plus search/replace edits to named
 * files of the compiled module. Nothing in it is executed here.
 *
 * Paths: `/models/0/fields/3/compute/body`, segments separated by `/` (`~1` is a `/` inside a
 * segment, `~0` a `~`). In an array a segment is an index, or the `name` / `id` / `method` of
 * exactly one element: `/models/rental.order/fields/total_amount/compute/body`,
 * `/models/rental.order/workflow/transitions/confirm/body`, `/menus/menu_orders`. `set` replaces
 * (or adds) the value at the path, `remove` deletes it, `append` pushes `value` onto the array at
 * the path. Operations apply in order. `module.name`, `module.odooVersion` and `schemaVersion`
 * are fixed by the project and cannot be patched.
 *
 * REJECTION RULE — a fix must never silently drop code it was not asked to touch. The module is
 * compiled before (current blueprint + current file edits) and after (patched blueprint + current
 * and new file edits), and every Python and XML file is compared line by line
 * (`removedCodeLines`: a code line whose text is gone counts as removed; blank and comment lines
 * never count). The patch is rejected when:
 *   1. it removes any code line from a file that is not involved in the failure. Involved files
 *      are those the caller names (the fixer passes the files named by the failing tests, the
 *      install errors and the log's tracebacks, plus the model/test/views files of the models the
 *      failure names) and the files the patch itself edits through `fileEdits`;
 *   2. it removes more than half of the code lines of any file (involved or not) that has at
 *      least MIN_LINES_FOR_HALF_RULE code lines, or deletes a file;
 *   3. it removes a model or a field (by a `remove` op or by overwriting it) whose name the
 *      failure text does not mention.
 * It is also rejected when a path does not resolve inside the blueprint, when the result is not
 * a valid blueprint (zod, then the compiler's reference checks), when a file edit does not apply
 * (`applyFileEdits`: its find text must occur exactly once), when a body or edit contains
 * dangerous code, when it changes nothing, and (with `validate`) when the patched module has
 * validator errors. Every rejection comes back as problems, one line each, naming files and lines,
 * ready for the fixer's single repair round.
 */
import { z } from "zod";
import type { FileEdit } from "@/db/schema";
import { BlueprintReferenceError } from "@/server/odoo/blueprint/references";
import { type Blueprint, blueprintSchema } from "@/server/odoo/blueprint/schema";
import { FileEditError, fileEditsSchema } from "@/server/odoo/file-edits";
import { type FileContent, type ModuleFiles, safeModulePath, textOf } from "@/server/odoo/module-files";
import { validateModule } from "@/server/odoo/validator";
import type { JsonOutputSpec } from "@/server/ports/ai/types";
import { codeLineCount, compiledFiles, dangerousBodies, dangerousCode, DIFFED_FILE, describeLines, removedCodeLines } from "./code-helpers";
import { describeFinding } from "./shared";

export const blueprintOpSchema = z
  .object({
    op: z.enum(["set", "remove", "append"]),
    path: z.string().trim().min(2).max(400).regex(/^\//, "Paths start with /, e.g. /models/0/fields/2/compute/body"),
    value: z.unknown().optional(),
  })
  .superRefine((op, ctx) => {
    if (op.op !== "remove" && op.value === undefined) ctx.addIssue({ code: "custom", path: ["value"], message: `${op.op} needs a value` });
  });
export type BlueprintOp = z.infer<typeof blueprintOpSchema>;

export const patchSchema = z.object({
  /** One line for the log and the version's summary: what the patch changes. */
  summary: z.string().trim().min(1).max(500),
  /** Why the tests failed, as the fixer understands it. */
  diagnosis: z.string().trim().min(1).max(4000),
  blueprintOps: z.array(blueprintOpSchema).max(30).default([]),
  /** New edits to named files (applied after the current version's edits). */
  fileEdits: fileEditsSchema.default([]),
});
export type Patch = z.infer<typeof patchSchema>;

/** The structured-output spec the fixer sends (descriptions for the model; zod checks afterwards). */
export const PATCH_JSON: JsonOutputSpec = {
  name: "module_patch",
  description: "A minimal patch that makes the failing tests pass: operations on the blueprint and/or edits to named module files.",
  schema: {
    type: "object",
    properties: {
      summary: { type: "string", description: "One line: what the patch changes (shown in the log and on the new version)." },
      diagnosis: { type: "string", description: "Why the tests failed: the root cause, naming the file and line." },
      blueprintOps: {
        type: "array",
        description: "Operations on the blueprint, applied in order.",
        items: {
          type: "object",
          properties: {
            op: { type: "string", enum: ["set", "remove", "append"] },
            path: { type: "string", description: "e.g. /models/rental.order/fields/total_amount/compute/body (index or name/id/method per array element)" },
            value: { description: "The new value (set, append); any JSON." },
          },
          required: ["op", "path"],
        },
      },
      fileEdits: {
        type: "array",
        description: "Search/replace edits to files of the compiled module; `find` must occur exactly once in the file.",
        items: {
          type: "object",
          properties: { path: { type: "string" }, find: { type: "string" }, replace: { type: "string" } },
          required: ["path", "find", "replace"],
        },
      },
    },
    required: ["summary", "diagnosis", "blueprintOps", "fileEdits"],
  },
};

/** Files this small are exempt from the "more than half" rule (a one-line change is not a deletion). */
export const MIN_LINES_FOR_HALF_RULE = 4;

const FIXED_PATHS = new Set(["/module/name", "/module/odooVersion", "/schemaVersion"]);
const FORBIDDEN_KEYS = new Set(["__proto__", "prototype", "constructor"]);

// ---------------------------------------------------------------------------------------------
// Blueprint operations

type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => typeof value === "object" && value !== null;

function parsePath(path: string): string[] {
  return path
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The index of an array element by position or by its name / id / method; or why not. */
function indexIn(array: unknown[], segment: string, where: string): number | string {
  if (/^\d+$/.test(segment)) {
    const index = Number(segment);
    return index < array.length ? index : `${where}/${segment}: index out of range (the array has ${array.length} element(s))`;
  }
  const matches = array.flatMap((item, index) =>
    isContainer(item) && !Array.isArray(item) && [item.name, item.id, item.method].includes(segment) ? [index] : [],
  );
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) return `${where}/${segment}: more than one element has that name; use its index`;
  const names = array.flatMap((item) => (isContainer(item) && !Array.isArray(item) ? [item.name ?? item.id ?? item.method] : [])).filter((n) => typeof n === "string");
  return `${where}/${segment}: no element with that name${names.length ? ` (there are: ${names.slice(0, 12).join(", ")})` : " (address elements by index)"}`;
}

/** Follows `segments` from `root`; a container, or why not. */
function walk(root: unknown, segments: readonly string[]): { value: unknown; where: string } | string {
  let current = root;
  let where = "";
  for (const segment of segments) {
    if (!isContainer(current)) return `${where || "/"}: is not an object or array, so ${where}/${segment} does not exist`;
    if (Array.isArray(current)) {
      const index = indexIn(current, segment, where);
      if (typeof index === "string") return index;
      current = current[index];
      where += `/${index}`;
    } else {
      if (FORBIDDEN_KEYS.has(segment) || !Object.hasOwn(current, segment)) return `${where}/${segment}: no such key${where ? ` in ${where}` : ""}`;
      current = current[segment];
      where += `/${segment}`;
    }
  }
  return { value: current, where };
}

function applyOp(root: Record<string, unknown>, op: BlueprintOp): string | null {
  const segments = parsePath(op.path);
  if (segments.some((s) => s === "")) return `${op.path}: empty path segment`;
  if (segments.some((s) => FORBIDDEN_KEYS.has(s))) return `${op.path}: not a blueprint path`;
  if (op.op === "append") {
    const target = walk(root, segments);
    if (typeof target === "string") return `${op.op} ${op.path}: ${target}`;
    if (!Array.isArray(target.value)) return `append ${op.path}: the value there is not an array (use set)`;
    target.value.push(structuredClone(op.value));
    return null;
  }
  const parent = walk(root, segments.slice(0, -1));
  if (typeof parent === "string") return `${op.op} ${op.path}: ${parent}`;
  const last = segments.at(-1)!;
  const container = parent.value;
  if (!isContainer(container)) return `${op.op} ${op.path}: ${parent.where || "/"} is not an object or array`;
  if (Array.isArray(container)) {
    const index = indexIn(container, last, parent.where);
    if (typeof index === "string") return `${op.op} ${op.path}: ${index}`;
    if (FIXED_PATHS.has(`${parent.where}/${index}`)) return `${op.op} ${op.path}: fixed by the project`;
    if (op.op === "set") container[index] = structuredClone(op.value);
    else container.splice(index, 1);
    return null;
  }
  if (FIXED_PATHS.has(`${parent.where}/${last}`)) return `${op.op} ${op.path}: ${parent.where}/${last} is fixed by the project and cannot change`;
  if (op.op === "remove") {
    if (!Object.hasOwn(container, last)) return `remove ${op.path}: no such key in ${parent.where || "/"}`;
    delete container[last];
  } else {
    container[last] = structuredClone(op.value);
  }
  return null;
}

/** The blueprint (as plain data) with `ops` applied in order, or the first problem. */
export function applyBlueprintOps(blueprint: Blueprint, ops: readonly BlueprintOp[]): { ok: true; value: Record<string, unknown> } | { ok: false; problems: string[] } {
  const root = structuredClone(blueprint) as unknown as Record<string, unknown>;
  for (const [index, op] of ops.entries()) {
    const problem = applyOp(root, op);
    if (problem) return { ok: false, problems: [`blueprintOps[${index}] ${problem}`] };
  }
  return { ok: true, value: root };
}

// ---------------------------------------------------------------------------------------------
// Applying a patch

export interface ApplyPatchOptions {
  /** Module-relative files involved in the failure (rule 1); the patch's own edited files are added. */
  involvedFiles: Iterable<string>;
  /** The current version's file edits (applied before the patch's own, before and after). */
  currentEdits?: readonly FileEdit[];
  /** Everything the failure says (tests, errors, log): models/fields it names may be removed (rule 3). */
  failureText?: string;
  /** Run the validator on the patched module; its errors reject the patch (default true). */
  validate?: boolean;
}

export interface FileChange {
  path: string;
  /** Code lines removed / added (changed lines count in both). */
  removed: number;
  added: number;
}

export type PatchOutcome =
  | { ok: true; blueprint: Blueprint; fileEdits: FileEdit[]; changes: FileChange[] }
  | { ok: false; problems: string[] };

/**
 * Applies `patch` to `blueprint`, whose module as built is `before` (path → content), and checks
 * the result against the rejection rule above. On success: the new blueprint and the complete
 * list of file edits for the next version (current + new).
 */
export async function applyPatch(blueprint: Blueprint, before: ModuleFiles | Record<string, string>, patch: Patch, options: ApplyPatchOptions): Promise<PatchOutcome> {
  const currentEdits = [...(options.currentEdits ?? [])];
  const fail = (problems: string[]): PatchOutcome => ({ ok: false, problems });

  const applied = applyBlueprintOps(blueprint, patch.blueprintOps);
  if (!applied.ok) return fail(applied.problems);
  const parsed = blueprintSchema.safeParse(applied.value);
  if (!parsed.success) {
    return fail(parsed.error.issues.slice(0, 10).map((issue) => `the patched blueprint is invalid at /${issue.path.join("/")}: ${issue.message}`));
  }
  const next = parsed.data;
  if (next.module.name !== blueprint.module.name || next.module.odooVersion !== blueprint.module.odooVersion) {
    return fail(["the module's technical name and Odoo version are fixed by the project and cannot change"]);
  }

  const problems: string[] = [...droppedDefinitions(blueprint, next, options.failureText ?? "")];
  problems.push(...changedDangerousBodies(blueprint, next));
  for (const [index, edit] of patch.fileEdits.entries()) {
    const reasons = dangerousCode(edit.replace);
    if (reasons.length) problems.push(`fileEdits[${index}] (${edit.path}): the new text ${reasons.join(", ")} — a customer module must not do that`);
  }
  if (problems.length) return fail(problems);

  let newEdits: FileEdit[];
  try {
    newEdits = patch.fileEdits.map((edit) => ({ ...edit, path: safeModulePath(edit.path) }));
  } catch (error) {
    return fail([`fileEdits: ${(error as Error).message}`]);
  }
  const fileEdits = [...currentEdits, ...newEdits];
  let after: ModuleFiles;
  try {
    after = compiledFiles(next, fileEdits);
  } catch (error) {
    if (error instanceof BlueprintReferenceError) return fail(error.problems.slice(0, 10).map((p) => `the patched blueprint does not compile: ${p.path}: ${p.message}`));
    if (error instanceof FileEditError) {
      const index = fileEdits.indexOf(error.edit);
      const which = index >= currentEdits.length ? `fileEdits[${index - currentEdits.length}]` : `the current version's file edit #${index + 1} (no longer applies after the blueprint change)`;
      return fail([`${which}: ${error.message}`]);
    }
    throw error;
  }

  const beforeText = textFiles(before);
  const afterText = textFiles(after);
  const involved = new Set<string>(newEdits.map((edit) => edit.path));
  for (const path of options.involvedFiles) {
    try {
      involved.add(safeModulePath(path));
    } catch {
      // A path from a log that is not a module path: it names nothing we could protect.
    }
  }

  const changes: FileChange[] = [];
  for (const path of [...new Set([...beforeText.keys(), ...afterText.keys()])].sort()) {
    const old = beforeText.get(path);
    const now = afterText.get(path);
    if (old === now) continue;
    if (!DIFFED_FILE.test(path)) {
      changes.push({ path, removed: 0, added: 0 });
      continue;
    }
    const removed = old === undefined ? [] : removedCodeLines(old, now, path);
    const added = now === undefined ? 0 : removedCodeLines(now, old ?? "", path).length;
    changes.push({ path, removed: removed.length, added });
    if (!removed.length) continue;
    if (!involved.has(path)) {
      problems.push(
        `${path}: the patch would delete ${removed.length} line(s) of code — ${describeLines(removed)} — but this file is not involved in the failure; change only what the failure needs`,
      );
      continue;
    }
    const total = codeLineCount(old!, path);
    if (now === undefined) problems.push(`${path}: the patch would delete the whole file (${total} lines of code)`);
    else if (total >= MIN_LINES_FOR_HALF_RULE && removed.length * 2 > total) {
      problems.push(`${path}: the patch would remove ${removed.length} of its ${total} lines of code (more than half) — ${describeLines(removed)}; fix the failing part instead of rewriting the file`);
    }
  }
  if (problems.length) return fail(problems);
  if (changes.length === 0) return fail(["the patch changes nothing in the module: the same tests would fail again"]);

  if (options.validate ?? true) {
    const findings = await validateModule(after, { odooVersion: next.module.odooVersion, moduleName: next.module.name });
    const errors = findings.filter((f) => f.severity === "error");
    if (errors.length) return fail(errors.slice(0, 10).map((f) => `the patched module has a validator error: ${describeFinding(f)}`));
  }
  return { ok: true, blueprint: next, fileEdits, changes };
}

function textFiles(files: ModuleFiles | Record<string, string>): Map<string, string> {
  const entries: [string, FileContent][] = files instanceof Map ? [...files] : Object.entries(files);
  return new Map(entries.filter(([path]) => DIFFED_FILE.test(path)).map(([path, content]) => [path, textOf(content)]));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `rental.order`, `amount` as a whole word of `text` (not part of a longer dotted name). */
export function mentions(text: string, name: string): boolean {
  return new RegExp(`(?<![\\w.])${escapeRegExp(name)}(?![\\w]|\\.\\w)`).test(text);
}

/** Rule 3: models and fields the patch removes that the failure does not name. */
function droppedDefinitions(before: Blueprint, after: Blueprint, failureText: string): string[] {
  const problems: string[] = [];
  const models = new Map(after.models.map((m) => [m.name, m]));
  for (const model of before.models) {
    const kept = models.get(model.name);
    if (!kept) {
      if (!mentions(failureText, model.name)) problems.push(`the patch removes the model ${model.name}, which the failure does not mention; keep it`);
      continue;
    }
    const fields = new Set(kept.fields.map((f) => f.name));
    for (const field of model.fields) {
      if (fields.has(field.name) || mentions(failureText, field.name)) continue;
      problems.push(`the patch removes the field ${field.name} of ${model.name}, which the failure does not mention; keep it`);
    }
  }
  return problems;
}

/** Dangerous code in bodies the patch added or changed (unchanged ones were accepted before). */
function changedDangerousBodies(before: Blueprint, after: Blueprint): string[] {
  const old = new Set(dangerousBodies(before));
  return dangerousBodies(after).filter((problem) => !old.has(problem));
}
