/** Python field declarations (`name = fields.Char(...)`) for a blueprint model. */
import { modelSlug } from "@/server/odoo/blueprint/model-fields";
import type { Compute, Condition, Field, Model } from "@/server/odoo/blueprint/schema";
import { qualify, type CompileContext } from "./context";
import { pyNumber, pyStr, pyValue, type PyLiteral } from "./py";

const FIELD_CLASS: Record<Field["type"], string> = {
  char: "Char",
  text: "Text",
  html: "Html",
  integer: "Integer",
  float: "Float",
  monetary: "Monetary",
  boolean: "Boolean",
  date: "Date",
  datetime: "Datetime",
  selection: "Selection",
  many2one: "Many2one",
  one2many: "One2many",
  many2many: "Many2many",
  binary: "Binary",
  image: "Image",
};

export function computeMethodName(field: Field & { compute?: Compute }): string {
  const compute = field.compute!;
  return compute.kind === "custom" ? compute.method : `_compute_${field.name}`;
}

function defaultExpr(field: Field): string | null {
  const value = field.default;
  if (value === undefined) return null;
  if (value !== null && typeof value === "object") {
    switch (value.dynamic) {
      case "today":
        return field.type === "datetime" ? "fields.Datetime.now" : "fields.Date.context_today";
      case "now":
        return field.type === "date" ? "fields.Date.context_today" : "fields.Datetime.now";
      case "current_user":
        return "lambda self: self.env.user";
      case "current_company":
        return "lambda self: self.env.company";
    }
  }
  if (field.type === "many2one" || field.type === "one2many" || field.type === "many2many") return null;
  if (value === null) return "False";
  if (typeof value === "number" && (field.type === "float" || field.type === "monetary")) return pyNumber(value, true);
  return pyValue(value as PyLiteral);
}

export function fieldDeclaration(ctx: CompileContext, model: Model, field: Field): string {
  const args: string[] = [];
  const kw = (name: string, value: string) => args.push(`${name}=${value}`);
  switch (field.type) {
    case "selection":
      // A related selection takes its options from the target field (Odoo warns otherwise).
      if (field.related) break;
      args.push(`[${field.options.map((o) => `(${pyStr(o.value)}, ${pyStr(o.label)})`).join(", ")}]`);
      break;
    case "many2one":
    case "many2many":
      args.push(pyStr(field.comodel));
      break;
    case "one2many":
      args.push(pyStr(field.comodel), pyStr(field.inverse));
      break;
  }
  kw("string", pyStr(field.string));
  if (field.type === "many2many" && field.relation) kw("relation", pyStr(field.relation));
  if (field.type === "many2many" && field.comodel === model.name) {
    // Both default column names would be <table>_id: a self-relation must name its columns.
    const own = `${modelSlug(model.name)}_id`;
    let other = `${field.name.replace(/_ids?$/, "")}_id`;
    if (other === own) other = `related_${own}`;
    kw("column1", pyStr(own));
    kw("column2", pyStr(other));
  }
  if (field.help) kw("help", pyStr(field.help));
  if (field.related) kw("related", pyStr(field.related));
  const compute = "compute" in field ? field.compute : undefined;
  if (compute) kw("compute", pyStr(computeMethodName(field)));
  const stored = field.store ?? (compute ? compute.kind !== "custom" : undefined);
  if ((compute || field.related) && stored) kw("store", "True");
  if (field.required) kw("required", "True");
  if (field.readonly) kw("readonly", "True");
  if (field.index) kw("index", "True");
  if (field.copy !== undefined) kw("copy", field.copy ? "True" : "False");
  // Extended core models bring their own mail.thread (e.g. sale.order).
  if (field.tracking && (model.kind === "extend" || model.mixins.includes("mail.thread"))) kw("tracking", "True");
  if (field.groups.length) kw("groups", pyStr(field.groups.map((g) => qualify(ctx, g)).join(",")));
  const def = defaultExpr(field);
  if (def !== null) kw("default", def);
  else if (model.currency && field.name === "currency_id" && field.type === "many2one" && !field.related) kw("default", "lambda self: self.env.company.currency_id");
  switch (field.type) {
    case "char":
      if (field.size) kw("size", String(field.size));
      if (field.translate) kw("translate", "True");
      break;
    case "text":
      if (field.translate) kw("translate", "True");
      break;
    case "html":
      if (!field.sanitize) kw("sanitize", "False");
      break;
    case "float":
      if (field.digits) kw("digits", `(${field.digits[0]}, ${field.digits[1]})`);
      break;
    case "monetary":
      if (field.currencyField !== "currency_id") kw("currency_field", pyStr(field.currencyField));
      break;
    case "many2one":
      // Odoo refuses a required many2one whose ondelete is 'set null'.
      kw("ondelete", pyStr(field.required && field.ondelete === "set null" ? "restrict" : field.ondelete));
      if (field.domain?.length) kw("domain", pyStr(domainOf(field.domain)));
      break;
    case "binary":
      if (!field.attachment) kw("attachment", "False");
      break;
    case "image":
      kw("max_width", String(field.maxSize));
      kw("max_height", String(field.maxSize));
      break;
  }
  return `${field.name} = fields.${FIELD_CLASS[field.type]}(${args.join(", ")})`;
}

function domainOf(conditions: readonly Condition[]): string {
  // Evaluated by the web client against the record being edited.
  return `[${conditions
    .map((c) => {
      const v = c.value;
      let value: string;
      if (v !== null && typeof v === "object" && !Array.isArray(v)) {
        value = { today: "context_today().strftime('%Y-%m-%d')", now: "context_today().strftime('%Y-%m-%d 00:00:00')", current_user: "uid", current_company: "allowed_company_ids[0]" }[v.dynamic];
      } else value = v === null ? "False" : pyValue(v as PyLiteral);
      return `(${pyStr(c.field)}, ${pyStr(c.op)}, ${value})`;
    })
    .join(", ")}]`;
}

