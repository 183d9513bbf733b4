/**
 * What the coder and the fixer share beyond `shared.ts`: where a blueprint carries Python bodies
 * (and which of them still need writing), the refusal of obviously dangerous code in those bodies,
 * the module's files as compiled (with file edits), and a line diff that tells which lines of
 * code a change removes. Pure functions over data: model output is never executed.
 */
import type { FileEdit } from "@/db/schema";
import type { Blueprint } from "@/server/odoo/blueprint/schema";
import { compileModule } from "@/server/odoo/compiler";
import { applyFileEdits } from "@/server/odoo/file-edits";
import type { ModuleFiles } from "@/server/odoo/module-files";

// ---------------------------------------------------------------------------------------------
// Bodies

export type BodyKind = "compute" | "constraint" | "onchange" | "transition" | "cron";

/** One place of a blueprint that holds (or asks for) Python statements. */
export interface BodySite {
  kind: BodyKind;
  model: string;
  /** The method the compiler writes around the body (`_compute_total`, `action_confirm`, …). */
  method: string;
  /** Where it is, for people and models: `rental.order compute _compute_total_amount`. */
  label: string;
  /** A path for patches (name-addressed, see patch.ts). */
  path: string;
  body: string | undefined;
  /** What the body must do (fields it depends on / watches, the message, the description). */
  hint: string;
  /** Without a body it does nothing useful (transitions work without one). */
  needsBody: boolean;
}

const seg = (text: string) => text.replace(/~/g, "~0").replace(/\//g, "~1");

/** Every body site of a blueprint, in blueprint order. */
export function bodySites(blueprint: Blueprint): BodySite[] {
  const sites: BodySite[] = [];
  for (const model of blueprint.models) {
    const base = `/models/${seg(model.name)}`;
    const seen = new Set<string>();
    for (const field of model.fields) {
      const compute = "compute" in field ? field.compute : undefined;
      if (compute?.kind !== "custom" || seen.has(compute.method)) continue;
      seen.add(compute.method);
      const targets = model.fields.filter((f) => "compute" in f && f.compute?.kind === "custom" && f.compute.method === compute.method).map((f) => f.name);
      sites.push({
        kind: "compute",
        model: model.name,
        method: compute.method,
        label: `${model.name} compute ${compute.method}`,
        path: `${base}/fields/${seg(field.name)}/compute/body`,
        body: compute.body,
        hint: `assigns ${targets.join(", ")} on every record; depends on ${compute.depends.join(", ") || "nothing"}`,
        needsBody: true,
      });
    }
    for (const constraint of model.constraints) {
      if (constraint.kind !== "custom") continue;
      sites.push({
        kind: "constraint",
        model: model.name,
        method: constraint.method,
        label: `${model.name} constraint ${constraint.method}`,
        path: `${base}/constraints/${seg(constraint.method)}/body`,
        body: constraint.body,
        hint: `@api.constrains(${constraint.fields.join(", ")}); raises ValidationError(${JSON.stringify(constraint.message)}) when violated`,
        needsBody: true,
      });
    }
    for (const onchange of model.onchanges) {
      sites.push({
        kind: "onchange",
        model: model.name,
        method: onchange.method,
        label: `${model.name} onchange ${onchange.method}`,
        path: `${base}/onchanges/${seg(onchange.method)}/body`,
        body: onchange.body,
        hint: `@api.onchange(${onchange.fields.join(", ")})${onchange.description ? `: ${onchange.description}` : ""}`,
        needsBody: true,
      });
    }
    for (const transition of model.workflow?.transitions ?? []) {
      sites.push({
        kind: "transition",
        model: model.name,
        method: `action_${transition.name}`,
        label: `${model.name} transition ${transition.name}`,
        path: `${base}/workflow/transitions/${seg(transition.name)}/body`,
        body: transition.body,
        hint: `"${transition.label}": ${transition.from.join("/")} → ${transition.to}; runs per rec before the state changes (optional)`,
        needsBody: false,
      });
    }
  }
  for (const cron of blueprint.crons) {
    sites.push({
      kind: "cron",
      model: cron.model,
      method: cron.method,
      label: `${cron.model} cron ${cron.method}`,
      path: `/crons/${seg(cron.id)}/body`,
      body: cron.body,
      hint: `scheduled action "${cron.name}", every ${cron.intervalNumber} ${cron.intervalType}; @api.model (self is the empty recordset)`,
      needsBody: true,
    });
  }
  return sites;
}

// ---------------------------------------------------------------------------------------------
// Dangerous code

/**
 * Things a customer's business module never needs and that would let generated code reach the
 * server itself. Deliberately small and obvious: the validator's `dangerous-call` rule warns on a
 * wider set; here an answer is refused and the model told why.
 */
const DANGEROUS: { pattern: RegExp; why: string }[] = [
  { pattern: /^\s*(?:import|from)\s+(os|sys|subprocess|shutil|socket|ctypes|pickle|marshal|importlib|pty)\b/m, why: "imports a system module ($1)" },
  { pattern: /\bsubprocess\b/, why: "uses subprocess" },
  { pattern: /(?<![\w.])eval\s*\(/, why: "calls eval()" },
  { pattern: /(?<![\w.])exec\s*\(/, why: "calls exec()" },
  { pattern: /__import__/, why: "calls __import__" },
  { pattern: /\bos\.(system|popen|exec\w*|spawn\w*|remove|unlink|rmdir|kill)\b/, why: "calls os.$1" },
  { pattern: /(?<![\w.])open\s*\(/, why: "opens files on the server" },
];

/** Why `code` is refused (one reason per kind of danger), or [] when it is fine. */
export function dangerousCode(code: string): string[] {
  const reasons: string[] = [];
  for (const { pattern, why } of DANGEROUS) {
    const match = pattern.exec(code);
    if (match) reasons.push(why.replace("$1", match[1] ?? ""));
  }
  return reasons;
}

/** Problems for every body of `blueprint` that contains dangerous code. */
export function dangerousBodies(blueprint: Blueprint): string[] {
  return bodySites(blueprint).flatMap((site) => {
    const reasons = site.body ? dangerousCode(site.body) : [];
    return reasons.length ? [`${site.label}: the body ${reasons.join(", ")} — a customer module must not do that; use the ORM (self.env[...]) instead`] : [];
  });
}

// ---------------------------------------------------------------------------------------------
// Files and line diffs

/** The module as built: compiled, then the file edits applied (throws like the compiler does). */
export function compiledFiles(blueprint: Blueprint, edits: readonly FileEdit[] = []): ModuleFiles {
  const files = compileModule(blueprint);
  return edits.length ? applyFileEdits(files, edits) : files;
}

export const DIFFED_FILE = /\.(py|xml)$/;

/** A non-blank line that is not only a comment (`# …` in Python, `<!-- … -->` in XML). */
export function isCodeLine(line: string, path: string): boolean {
  const text = line.trim();
  if (!text) return false;
  if (path.endsWith(".py")) return !text.startsWith("#");
  if (path.endsWith(".xml")) return !/^<!--.*-->$/.test(text);
  return true;
}

export function codeLineCount(text: string, path: string): number {
  return text.split("\n").filter((line) => isCodeLine(line, path)).length;
}

export interface RemovedLine {
  /** 1-based, in the file before the change. */
  line: number;
  text: string;
}

/**
 * The code lines of `before` that `after` no longer has. Compared as a multiset of trimmed
 * lines: a line moved elsewhere in the file is kept, a changed line counts as removed (its old
 * text is gone), an added line never counts.
 */
export function removedCodeLines(before: string, after: string | undefined, path: string): RemovedLine[] {
  const remaining = new Map<string, number>();
  for (const line of (after ?? "").split("\n")) {
    if (!isCodeLine(line, path)) continue;
    const key = line.trim();
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  const removed: RemovedLine[] = [];
  before.split("\n").forEach((line, index) => {
    if (!isCodeLine(line, path)) return;
    const key = line.trim();
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    else removed.push({ line: index + 1, text: key });
  });
  return removed;
}

/** `lines 12, 13, 20 (`<menuitem id="…`, …)` for messages. */
export function describeLines(lines: readonly RemovedLine[], max = 4): string {
  const numbers = lines.map((l) => l.line);
  const shown = numbers.length > 8 ? `${numbers.slice(0, 8).join(", ")}, …` : numbers.join(", ");
  const texts = lines.slice(0, max).map((l) => `\`${l.text.length > 70 ? `${l.text.slice(0, 67)}…` : l.text}\``);
  return `line${numbers.length === 1 ? "" : "s"} ${shown} (${texts.join(", ")}${lines.length > max ? ", …" : ""})`;
}
