/** Method bodies of a model class: computes by formula kind, and conditions evaluated on `rec`. */
import { knownFields } from "@/server/odoo/blueprint/model-fields";
import type { Compute, Condition, Field, Model } from "@/server/odoo/blueprint/schema";
import { computeMethodName } from "./emit-fields";
import { dedentBody, indent, pyStr, pyValue, type PyLiteral } from "./py";

/** What a model file must import, collected while its methods are written. */
export interface Imports {
  timedelta: boolean;
  date: boolean;
  datetime: boolean;
  relativedelta: boolean;
  underscore: boolean;
  command: boolean;
  userError: boolean;
  validationError: boolean;
  logging: boolean;
}

export function noImports(): Imports {
  return { timedelta: false, date: false, datetime: false, relativedelta: false, underscore: false, command: false, userError: false, validationError: false, logging: false };
}

/** A condition evaluated in Python on `rec` (server side). */
export function serverCondition(c: Condition): string {
  const v = c.value;
  let value: string;
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    value = { today: "fields.Date.context_today(rec)", now: "fields.Datetime.now()", current_user: "rec.env.user", current_company: "rec.env.company" }[v.dynamic];
  } else value = v === null ? "False" : pyValue(v as PyLiteral);
  const left = `rec.${c.field}`;
  switch (c.op) {
    case "=":
      return `${left} == ${value}`;
    case "in":
    case "not in":
      return `${left} ${c.op} ${value}`;
    case "ilike":
      return `${value}.lower() in (${left} or '').lower()`;
    case "not ilike":
      return `${value}.lower() not in (${left} or '').lower()`;
    default:
      return `${left} ${c.op} ${value}`;
  }
}

function zeroOf(field: Field | undefined): string {
  if (!field) return "False";
  if (field.type === "integer") return "0";
  if (field.type === "float" || field.type === "monetary") return "0.0";
  return "False";
}

export function computeMethod(model: Model, field: Field, compute: Compute, imports: Imports): string {
  const fields = knownFields(model);
  const name = computeMethodName(field);
  const target = `rec.${field.name}`;
  let depends: string[];
  let body: string;
  switch (compute.kind) {
    case "sum":
      depends = [`${compute.source}.${compute.field}`];
      body = `for rec in self:\n    ${target} = sum(rec.${compute.source}.mapped(${pyStr(compute.field)}))`;
      break;
    case "count":
      depends = [compute.source];
      body = `for rec in self:\n    ${target} = len(rec.${compute.source})`;
      break;
    case "date_add": {
      imports.timedelta = true;
      const days = typeof compute.days === "number" ? String(compute.days) : `rec.${compute.days} or 0`;
      depends = typeof compute.days === "number" ? [compute.from] : [compute.from, compute.days];
      body = `for rec in self:\n    ${target} = rec.${compute.from} + timedelta(days=${days}) if rec.${compute.from} else False`;
      break;
    }
    case "date_diff":
      depends = [compute.start, compute.end];
      body = `for rec in self:\n    ${target} = (rec.${compute.end} - rec.${compute.start}).days if rec.${compute.start} and rec.${compute.end} else 0`;
      break;
    case "concat": {
      depends = compute.fields;
      const parts = compute.fields.map((name) => {
        const type = fields.get(name)?.type;
        if (type === "many2one") return `rec.${name}.display_name or ''`;
        if (type === "char" || type === "text" || type === "selection" || type === undefined) return `rec.${name} or ''`;
        return `str(rec.${name}) if rec.${name} else ''`;
      });
      body = `for rec in self:\n    parts = [${parts.join(", ")}]\n    ${target} = ${pyStr(compute.separator)}.join(part for part in parts if part)`;
      break;
    }
    case "product":
      depends = compute.fields;
      body = `for rec in self:\n    ${target} = ${compute.fields.map((f) => `rec.${f}`).join(" * ")}`;
      break;
    case "percentage":
      depends = [compute.numerator, compute.denominator];
      body = `for rec in self:\n    ${target} = 100.0 * rec.${compute.numerator} / rec.${compute.denominator} if rec.${compute.denominator} else 0.0`;
      break;
    case "custom": {
      depends = compute.depends;
      const given = compute.body ? dedentBody(compute.body) : null;
      const targets = model.fields.filter((f) => "compute" in f && f.compute?.kind === "custom" && f.compute.method === compute.method);
      body = given ?? `for rec in self:\n${targets.map((f) => `    rec.${f.name} = ${zeroOf(f)}`).join("\n")}`;
      noteBodyImports(body, imports);
      break;
    }
  }
  const decorator = depends.length ? `@api.depends(${depends.map(pyStr).join(", ")})\n` : "";
  return indent(`${decorator}def ${name}(self):\n${indent(body)}`);
}

/**
 * Notes the imports a hand- or AI-written body relies on. Names are matched where they are not an
 * attribute (`rec.date.year` is not the `date` class); an import a body does not need in the end
 * (a local variable that happens to be called `date`) is harmless.
 */
export function noteBodyImports(body: string, imports: Imports) {
  const bare = (name: string) => new RegExp(`(^|[^.\\w])${name}\\b`, "m").test(body);
  if (bare("timedelta")) imports.timedelta = true;
  if (/(^|[^.\w])date\.(today|fromisoformat|fromtimestamp)\b|(^|[^.\w])date\(/m.test(body)) imports.date = true;
  if (/(^|[^.\w])datetime\.(now|combine|strptime|fromisoformat|min|max|today)\b|(^|[^.\w])datetime\(/m.test(body)) imports.datetime = true;
  if (bare("relativedelta")) imports.relativedelta = true;
  if (/(^|[^.\w])_\(/m.test(body)) imports.underscore = true;
  if (/(^|[^.\w])Command\./m.test(body)) imports.command = true;
  if (/\bUserError\b/.test(body)) imports.userError = true;
  if (/\bValidationError\b/.test(body)) imports.validationError = true;
  if (/\b_logger\b/.test(body)) imports.logging = true;
}

/** A custom method body, normalised (see dedentBody), with its imports noted; null when empty. */
export function customBody(body: string | undefined, imports: Imports): string | null {
  const given = body ? dedentBody(body) : null;
  if (given) noteBodyImports(given, imports);
  return given;
}

