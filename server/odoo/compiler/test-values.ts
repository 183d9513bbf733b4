/**
 * Sample values for generated tests: one valid record per model, chosen so that every SQL check
 * and Python constraint of the blueprint holds, plus helpers to describe values that break them.
 */
import { isSettable, modelSlug } from "@/server/odoo/blueprint/model-fields";
import type { Blueprint, Field, Model } from "@/server/odoo/blueprint/schema";
import { pyNumber, pyStr } from "./py";

export type Sample =
  | { kind: "num"; value: number; float: boolean; varies: boolean }
  | { kind: "day"; day: number; datetime: boolean; varies: boolean }
  | { kind: "expr"; py: string; literal?: string; related?: boolean };

const BASE_DAY = Date.UTC(2024, 0, 1);

export function dayString(day: number, datetime: boolean): string {
  const date = new Date(BASE_DAY + day * 86_400_000).toISOString().slice(0, 10);
  return datetime ? `${date} 09:00:00` : date;
}

/** Python expression for a sample (may use `n`, the record's index in a test). */
export function samplePy(sample: Sample): string {
  switch (sample.kind) {
    case "num":
      return sample.varies ? `${pyNumber(sample.value, sample.float)} + n` : pyNumber(sample.value, sample.float);
    case "day": {
      const text = pyStr(dayString(sample.day, sample.datetime));
      if (!sample.varies) return text;
      const cls = sample.datetime ? "Datetime" : "Date";
      return `fields.${cls}.add(fields.${cls}.to_${sample.datetime ? "datetime" : "date"}(${text}), days=n)`;
    }
    case "expr":
      return sample.py;
  }
}

/** How tests obtain a record of a core comodel for a required many2one. */
function coreRecord(comodel: string): string {
  switch (comodel) {
    case "res.users":
      return "self.env.user.id";
    case "res.company":
      return "self.env.company.id";
    case "res.currency":
      return "self.env.company.currency_id.id";
    case "res.partner":
      return "self.env['res.partner'].create({'name': 'Test Partner %s' % n}).id";
    case "res.country":
      return "self.env.ref('base.us').id";
    case "product.product":
    case "product.template":
      return `self.env[${pyStr(comodel)}].create({'name': 'Test Product %s' % n}).id`;
    default:
      return `self.env[${pyStr(comodel)}].search([], limit=1).id`;
  }
}

function charSample(field: Field & { type: "char" | "text" }): Sample {
  const label = field.type === "char" && field.size ? field.string.slice(0, Math.max(1, field.size - 4)) : field.string;
  return { kind: "expr", py: `${pyStr(`${label} %s`)} % n`, literal: pyStr(`${label} 0`) };
}

/** Fields whose values the test helper writes, and the solved sample for each. */
export function planSamples(bp: Blueprint, model: Model): Map<string, Sample> {
  const plan = new Map<string, Sample>();
  const uniqueFields = new Set(model.sqlConstraints.flatMap((c) => (c.kind === "unique" ? c.fields : [])));
  const skip = new Set([model.sequence?.field, model.workflow?.field].filter(Boolean) as string[]);
  // A custom constraint's rule is Python we cannot read, so a sample could break it. Its optional
  // fields are left empty (custom constraints skip records whose inputs are not set, as the coder
  // is told to write them); required ones keep their plain samples, which grow in declaration
  // order (2, 3, … and 2024-01-10, -15, …) so "start before end" or "less than" rules hold.
  for (const c of model.constraints) {
    if (c.kind !== "custom") continue;
    for (const name of c.fields) if (!model.fields.find((f) => f.name === name)?.required) skip.add(name);
  }
  let numIndex = 0;
  let dayIndex = 0;
  for (const field of model.fields) {
    if (skip.has(field.name) || !isSettable(field)) continue;
    const varies = uniqueFields.has(field.name);
    switch (field.type) {
      case "char":
      case "text":
        plan.set(field.name, charSample(field));
        break;
      case "html":
        plan.set(field.name, { kind: "expr", py: "'<p>Test</p>'" });
        break;
      case "integer":
      case "float":
      case "monetary":
        plan.set(field.name, { kind: "num", value: 2 + numIndex++, float: field.type !== "integer", varies });
        break;
      case "boolean":
      {
        // The field's own default (so `active` stays True); otherwise False, which keeps
        // conditions like "required when X is ticked" out of the way of the base record.
        const value = field.name === "active" || field.default === true;
        plan.set(field.name, { kind: "expr", py: value ? "True" : "False", literal: value ? "True" : "False" });
      }
        break;
      case "date":
      case "datetime":
        plan.set(field.name, { kind: "day", day: 10 + 5 * dayIndex++, datetime: field.type === "datetime", varies });
        break;
      case "selection":
        plan.set(field.name, { kind: "expr", py: pyStr(field.options[0]!.value), literal: pyStr(field.options[0]!.value) });
        break;
      case "many2one":
        if (!field.required) break;
        // A cycle of required links cannot be built record by record: leave it to the caller.
        if (requiredPathBack(bp, field.comodel, model.name)) break;
        plan.set(field.name, {
          kind: "expr",
          related: true,
          py: bp.models.some((m) => m.name === field.comodel && m.kind === "new") ? `self._create_${modelSlug(field.comodel)}(n).id` : coreRecord(field.comodel),
        });
        break;
      case "binary":
      case "image":
        if (field.required) plan.set(field.name, { kind: "expr", py: `${pyStr(TINY_PNG)}` });
        break;
      default:
        break;
    }
  }
  solve(model, plan);
  return plan;
}

/** Whether `from` reaches `to` through required many2one fields of new models. */
function requiredPathBack(bp: Blueprint, from: string, to: string, seen = new Set<string>()): boolean {
  if (from === to) return true;
  if (seen.has(from)) return false;
  seen.add(from);
  const model = bp.models.find((m) => m.name === from && m.kind === "new");
  return !!model?.fields.some((f) => f.type === "many2one" && f.required && requiredPathBack(bp, f.comodel, to, seen));
}

/** A 1×1 PNG, base64: enough for required image/binary fields. */
const TINY_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

function numeric(sample: Sample | undefined): number | undefined {
  if (!sample) return undefined;
  if (sample.kind === "num") return sample.value;
  if (sample.kind === "day") return sample.day;
  return undefined;
}

function setNumeric(sample: Sample, value: number) {
  if (sample.kind === "num") sample.value = value;
  else if (sample.kind === "day") sample.day = value;
}

export function holds(op: string, a: number, b: number): boolean {
  switch (op) {
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case "!=":
      return a !== b;
    default:
      return true;
  }
}

/** Smallest move of `a` that satisfies `a op b`. */
function satisfy(op: string, b: number): number {
  switch (op) {
    case ">":
      return b + 1;
    case "<":
      return b - 1;
    case "!=":
      return b + 1;
    default:
      return b;
  }
}

/** A value of `a` that breaks `a op b`. */
export function violate(op: string, b: number): number {
  switch (op) {
    case ">":
    case "<":
    case "!=":
      return b;
    case ">=":
      return b - 1;
    case "<=":
      return b + 1;
    default:
      return b;
  }
}

function solve(model: Model, plan: Map<string, Sample>) {
  for (let pass = 0; pass < 8; pass++) {
    let changed = false;
    const fix = (field: string, op: string, b: number | undefined) => {
      const sample = plan.get(field);
      const a = numeric(sample);
      if (a === undefined || b === undefined || holds(op, a, b)) return;
      setNumeric(sample!, satisfy(op, b));
      changed = true;
    };
    for (const c of model.sqlConstraints) {
      if (c.kind !== "check") continue;
      fix(c.field, c.op, typeof c.value === "number" ? c.value : numeric(plan.get(c.value)));
    }
    for (const c of model.constraints) {
      if (c.kind === "lte") fix(c.field, "<=", numeric(plan.get(c.other)));
      if (c.kind === "positive") fix(c.field, c.allowZero ? ">=" : ">", 0);
    }
    if (!changed) return;
  }
}

/** A sample with a different numeric value (for violations and explicit test inputs). */
export function withNumber(sample: Sample, value: number): Sample {
  if (sample.kind === "num") return { ...sample, value, varies: false };
  if (sample.kind === "day") return { ...sample, day: value, varies: false };
  return sample;
}

export { numeric as sampleNumber };
