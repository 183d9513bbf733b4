/**
 * New items for the form, shaped like a parsed blueprint (defaults filled in) so the form never
 * has to guess whether `required` or `fields` is present. Names are unique and valid where a
 * sensible one exists; the user renames them.
 */
import { CORE_MODEL_MODULES } from "@/server/odoo/blueprint/field-rules";
import type { Blueprint, Field, FieldType, Model, View, ViewType } from "@/server/odoo/blueprint/schema";

export const fieldTypes: ReadonlyArray<{ value: FieldType; label: string }> = [
  { value: "char", label: "Text (char)" },
  { value: "text", label: "Long text" },
  { value: "html", label: "Rich text (html)" },
  { value: "integer", label: "Integer" },
  { value: "float", label: "Decimal (float)" },
  { value: "monetary", label: "Amount (monetary)" },
  { value: "boolean", label: "Checkbox (boolean)" },
  { value: "date", label: "Date" },
  { value: "datetime", label: "Date & time" },
  { value: "selection", label: "Selection" },
  { value: "many2one", label: "Link to one (many2one)" },
  { value: "one2many", label: "Lines (one2many)" },
  { value: "many2many", label: "Tags (many2many)" },
  { value: "binary", label: "File (binary)" },
  { value: "image", label: "Image" },
];

export const relationalTypes = new Set<FieldType>(["many2one", "one2many", "many2many"]);
/** Types whose schema variant accepts a `compute`. */
export const computableTypes = new Set<FieldType>([
  "char", "text", "integer", "float", "monetary", "boolean", "date", "datetime", "selection", "many2one",
]);

export const viewTypes: ReadonlyArray<{ value: ViewType; label: string }> = [
  { value: "list", label: "List" },
  { value: "form", label: "Form" },
  { value: "search", label: "Search" },
  { value: "kanban", label: "Kanban" },
  { value: "calendar", label: "Calendar" },
  { value: "pivot", label: "Pivot" },
  { value: "graph", label: "Graph" },
  { value: "inherit", label: "Inherited view" },
];

/** Core models offered as relation targets, most common first. */
export const coreModels: readonly string[] = Object.keys(CORE_MODEL_MODULES);

export const commonDepends: readonly string[] = [
  "base", "mail", "contacts", "product", "uom", "sale", "sale_management", "purchase", "stock", "account",
  "hr", "project", "crm", "fleet", "maintenance", "calendar", "event", "website", "portal", "analytic",
];

export const categories: readonly string[] = [
  "Uncategorized", "Operations", "Sales", "Inventory", "Accounting", "Human Resources", "Services",
  "Marketing", "Productivity", "Website", "Manufacturing", "Tools", "Administration",
];

export function uniqueName(base: string, taken: Iterable<string>, separator = "_"): string {
  const names = new Set(taken);
  if (!names.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}${separator}${n}`;
    if (!names.has(candidate)) return candidate;
  }
}

export function newModel(blueprint: Blueprint): Model {
  const prefix = (blueprint.module.name || "x").replace(/[^a-z0-9_]/g, "") || "x";
  const name = uniqueName(`${prefix}.record`, blueprint.models.map((m) => m.name));
  return {
    name,
    kind: "new",
    description: "New record",
    mixins: [],
    companyAware: false,
    currency: false,
    onchanges: [],
    fields: [
      { name: "name", type: "char", string: "Name", required: true, readonly: false, index: false, tracking: false, groups: [], translate: false },
    ],
    sqlConstraints: [],
    constraints: [],
  };
}

/** Every method name the model's class already has (computes, constraints, onchanges). */
function methodNames(model: Model): string[] {
  return [
    ...model.fields.flatMap((f) => ("compute" in f && f.compute ? [f.compute.kind === "custom" ? f.compute.method : `_compute_${f.name}`] : [])),
    ...model.constraints.map((c) => (c.kind === "custom" ? c.method : `_check_${c.field}_${c.kind}`)),
    ...model.onchanges.map((o) => o.method),
  ];
}

/** A custom constraint on the model's first field, without a body (the coder writes it). */
export function newCustomConstraint(model: Model): Model["constraints"][number] {
  const first = model.fields[0]?.name ?? "name";
  return { kind: "custom", method: uniqueName(`_check_${first}`, methodNames(model)), fields: [first], message: "This value is not allowed." };
}

export function newOnchange(model: Model): Model["onchanges"][number] {
  const first = model.fields[0]?.name ?? "name";
  return { method: uniqueName(`_onchange_${first}`, methodNames(model)), fields: [first], description: "" };
}

export function newField(model: Model): Field {
  const taken = model.fields.map((f) => f.name);
  return {
    name: uniqueName(taken.includes("name") ? "new_field" : "name", taken),
    type: "char",
    string: "New field",
    required: false,
    readonly: false,
    index: false,
    tracking: false,
    groups: [],
    translate: false,
  };
}

const commonKeys = [
  "name", "string", "help", "required", "readonly", "index", "copy", "tracking", "groups", "default", "related", "store",
] as const;

/**
 * The same field as another type: shared settings kept, the new type's own settings given
 * defaults, the old type's dropped (a `size` on a date would be silently stripped by zod).
 */
export function changeFieldType(field: Field, type: FieldType, targets: readonly string[]): Field {
  const common: Record<string, unknown> = {};
  for (const key of commonKeys) if (field[key] !== undefined) common[key] = field[key];
  // A default of the old type rarely fits the new one (validated by the reference checker).
  delete common.default;
  const compute = "compute" in field && computableTypes.has(type) ? { compute: field.compute } : {};
  const comodel = "comodel" in field ? field.comodel : (targets[0] ?? "res.partner");
  const specific: Record<FieldType, Record<string, unknown>> = {
    char: { translate: false },
    text: { translate: false },
    html: { sanitize: true },
    integer: {},
    float: {},
    monetary: { currencyField: "currency_id" },
    boolean: {},
    date: {},
    datetime: {},
    selection: { options: "options" in field ? field.options : [{ value: "draft", label: "Draft" }] },
    many2one: { comodel, ondelete: "set null" },
    one2many: { comodel, inverse: "" },
    many2many: { comodel },
    binary: { attachment: true },
    image: { maxSize: 1024 },
  };
  return { ...common, ...(compute.compute ? compute : {}), type, ...specific[type] } as Field;
}

export function newView(type: ViewType, model: Model): View {
  const fieldNames = model.fields.map((f) => f.name);
  const first = fieldNames[0] ?? "name";
  const dateField = model.fields.find((f) => f.type === "date" || f.type === "datetime")?.name ?? first;
  switch (type) {
    case "list":
      return { type, model: model.name, fields: fieldNames.slice(0, 6), decorations: [] };
    case "form":
      return {
        type,
        model: model.name,
        title: fieldNames.includes("name") ? "name" : undefined,
        groups: [{ fields: fieldNames.filter((n) => n !== "name").slice(0, 8) }].filter((g) => g.fields.length > 0),
        pages: [],
        chatter: model.mixins.includes("mail.thread"),
      };
    case "search":
      return { type, model: model.name, fields: fieldNames.slice(0, 3), filters: [], groupBy: [] };
    case "kanban":
      return { type, model: model.name, title: first, fields: [] };
    case "calendar":
      return { type, model: model.name, dateStart: dateField, mode: "month" };
    case "pivot":
      return { type, model: model.name, rows: [first], cols: [], measures: [] };
    case "graph":
      return { type, model: model.name, chart: "bar", groupBy: first, measures: [] };
    case "inherit":
      return { type, model: model.name, inheritId: "", anchor: first, position: "after", fields: [first] };
  }
}
