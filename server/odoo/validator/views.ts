/**
 * Records and views in data files: every `<field name>` of a record exists on its model, every
 * field a view names exists on the model it is checked against (x2many sub-views, `<groupby>` and
 * xpath targets switch model), action view modes, 19's renamed security fields. The version-only
 * view rules live in ./view-rules.ts.
 */
import type { OdooVersion } from "@/lib/odoo-versions";
import type { DataFile } from "./data-files";
import type { ModelIndex } from "./model-index";
import { localId } from "./references";
import type { Emit, Finding } from "./types";
import { checkViewVersionRules } from "./view-rules";
import { attrLine, type XmlElement, walkXml } from "./xml/parse";

export type ViewContext = { version: OdooVersion; moduleName: string; index: ModelIndex; emit: Emit };

const SUB_VIEWS = new Set(["list", "tree", "form", "kanban", "graph", "pivot", "calendar", "search"]);

/** 19 renamed these; a `<field>` with the old name fails to load. */
const RENAMED_19: Record<string, Record<string, string>> = {
  "res.users": { groups_id: "group_ids" },
  "res.groups": { users: "user_ids", category_id: "privilege_id" },
};

const fieldChild = (record: XmlElement, name: string) => record.children.find((child) => child.name === "field" && child.attrs.name === name);

/**
 * A field that exists only when a module outside this one's dependencies is installed: the view
 * or record fails to load on a database without it.
 */
function checkFieldModule(model: string, field: string, path: string, line: number, ctx: ViewContext): void {
  const addons = ctx.index.missingAddonsFor(model, field);
  if (!addons) return;
  const doubt = ctx.index.doubtAbout(model);
  ctx.emit({
    severity: doubt ? "warning" : "error",
    file: path,
    line,
    rule: "field-depends-missing",
    message: `${model}.${field} comes from ${addons.join(" or ")}, which this module does not depend on; add it to "depends"${doubt ? ` (unless ${doubt.replace(/^it /, "the field ")})` : ""}.`,
  });
}

/** Records of every loaded data file, with the file they come from. */
function* records(dataFiles: DataFile[]): Generator<{ file: DataFile; record: XmlElement }> {
  for (const file of dataFiles) {
    if (!file.xml) continue;
    const found: XmlElement[] = [];
    walkXml(file.xml, (element) => {
      if (element.name === "record") {
        found.push(element);
        return false;
      }
    });
    for (const record of found) yield { file, record };
  }
}

export function checkRecords(dataFiles: DataFile[], ctx: ViewContext): void {
  const { index, version, emit } = ctx;
  // Own views' models, so an inherited view without <field name="model"> can use its parent's.
  const viewModels = new Map<string, string>();
  for (const { record } of records(dataFiles)) {
    const model = fieldChild(record, "model")?.text.trim();
    if (record.attrs.model === "ir.ui.view" && record.attrs.id && model) viewModels.set(record.attrs.id, model);
  }

  for (const { file, record } of records(dataFiles)) {
    const model = record.attrs.model;
    if (!model) continue;
    const known = index.fieldsOf(model);
    for (const child of record.children) {
      if (child.name !== "field" || !child.attrs.name) continue;
      const name = child.attrs.name;
      const renamed = version === "19" ? RENAMED_19[model]?.[name] : undefined;
      if (renamed) {
        emit({ severity: "error", file: file.path, line: child.line, rule: "security-field-renamed", message: `Odoo 19 renamed ${model}.${name} to ${renamed}.` });
      } else if (known && !known.has(name) && !PSEUDO_FIELDS[model]?.test(name)) {
        const doubt = index.doubtAbout(model);
        emit({
          severity: doubt ? "warning" : "error",
          file: file.path,
          line: child.line,
          rule: "record-field-unknown",
          message: `${model} has no field "${name}" in Odoo ${version}${doubt ? ` as far as we know (${doubt})` : ""}.`,
        });
      }
      else if (known) checkFieldModule(model, name, file.path, child.line, ctx);
      if (name === "view_mode") checkViewMode(child, file.path, ctx);
    }
    if (model === "ir.ui.view") checkView(record, file.path, viewModels, ctx);
  }

  for (const file of dataFiles) {
    const known = file.csv ? index.fieldsOf(file.csv.model) : undefined;
    if (!file.csv || !known) continue;
    for (const column of file.csv.header) {
      const name = column.replace(/[:/](id|\.id)$/, "").replace(/\/id$/, "");
      if (name !== "id" && name !== "" && !known.has(name)) {
        const doubt = index.doubtAbout(file.csv.model);
        emit({ severity: doubt ? "warning" : "error", file: file.path, line: 1, rule: "record-field-unknown", message: `${file.csv.model} has no field "${name}" (CSV column "${column}")${doubt ? ` as far as we know (${doubt})` : ""}.` });
      } else if (name !== "id" && name !== "") checkFieldModule(file.csv.model, name, file.path, 1, ctx);
    }
  }
}

function checkViewMode(field: XmlElement, path: string, { version, emit }: ViewContext) {
  const modes = field.text.split(",").map((mode) => mode.trim());
  if (Number(version) >= 18 && modes.includes("tree")) {
    emit({ severity: "error", file: path, line: field.line, rule: "view-mode-tree", message: `Odoo ${version} has no "tree" view mode; use "list".` });
  }
  if (Number(version) <= 17 && modes.includes("list")) {
    emit({ severity: "warning", file: path, line: field.line, rule: "view-mode-list", message: `Odoo ${version} calls the list view "tree" in view_mode.` });
  }
}

function checkView(record: XmlElement, path: string, viewModels: Map<string, string>, ctx: ViewContext) {
  const inheritRef = fieldChild(record, "inherit_id")?.attrs.ref;
  let model = fieldChild(record, "model")?.text.trim() || null;
  if (!model && inheritRef) {
    const parent = localId(inheritRef, ctx.moduleName);
    model = parent ? (viewModels.get(parent) ?? null) : null;
  }
  const arch = fieldChild(record, "arch");
  if (!arch) return;
  if (model && !ctx.index.fieldsOf(model)) {
    const parent = ctx.index.missingParentOf(model);
    const why = parent ? `inherits "${parent}", which is not in the core catalogue` : "is not in this module nor in the core catalogue";
    ctx.emit({ severity: "info", file: path, line: record.line, rule: "view-model-unknown", message: `Model "${model}" ${why}; its view fields were not checked.` });
    model = null;
  }
  const isQweb = fieldChild(record, "type")?.text.trim() === "qweb";
  if (isQweb) return;
  for (const root of arch.children) checkArch(root, { model, loose: false }, path, ctx, []);
}

type Frame = { tag: string };

/**
 * The model content is checked against. `loose`: the content was placed next to a target that
 * is not a field (`//notebook`, `//div[@name='x']`), which may sit inside a sub-view of another
 * model; a field missing there is then a warning unless no known comodel has it either.
 */
type Scope = { model: string | null; loose: boolean };

/**
 * The model an xpath's target lives in: `//field[@name='order_line']//field[@name='x']` or
 * `//field[@name='order_line']/list` → the line model. Every field step but a final one descends
 * into its comodel. A field step naming no field of the current model means the target sits in a
 * sub-view we cannot see: unknown (null).
 */
function xpathScope(expr: string, model: string | null, index: ModelIndex): Scope {
  const steps = [...expr.matchAll(/field\[([^\]]*@name\s*=[^\]]*)\]/g)];
  let current = model;
  steps.forEach((step, position) => {
    if (!current) return;
    const fields = index.fieldsOf(current);
    // `[@name='a' or @name='b']`: the alternative this model has.
    const names = [...step[1]!.matchAll(/@name\s*=\s*['"](\w+)['"]/g)].map((match) => match[1]!);
    const name = names.find((candidate) => !fields || fields.has(candidate));
    if (!name) {
      current = null;
      return;
    }
    const last = position === steps.length - 1;
    const descends = !last || /^\s*\/+\s*(list|tree|form|kanban)\b/.test(expr.slice(step.index! + step[0].length));
    if (descends) current = index.comodelOf(current, name);
  });
  const endsOnField = steps.length > 0 && /field\[[^\]]*\]\s*$/.test(expr.trim());
  return { model: current, loose: !endsOnField && !/\/(list|tree|form|kanban)\s*$/.test(expr.trim()) };
}

/** Names a record may set although they are not stored fields of the model. */
const PSEUDO_FIELDS: Record<string, RegExp> = {
  "ir.property": /^value$/,
  "res.users": /^(in_group_\d+|sel_groups_[\d_]+)$/,
};

/** Known comodels of a model's relational fields that have `field`: where loose content may live. */
function onSomeComodel(model: string, field: string, index: ModelIndex): boolean {
  for (const name of index.fieldsOf(model) ?? []) {
    const comodel = index.comodelOf(model, name);
    if (comodel && comodel !== model && index.fieldsOf(comodel)?.has(field)) return true;
  }
  return false;
}

function checkArch(element: XmlElement, scope: Scope, path: string, ctx: ViewContext, ancestors: Frame[]): void {
  const { version, index, emit } = ctx;
  const { model } = scope;
  const add = (severity: Finding["severity"], line: number, rule: string, message: string) => emit({ severity, file: path, line, rule, message });
  const { attrs } = element;

  checkViewVersionRules(element, ancestors.map((frame) => frame.tag), add, version);

  const unknownField = (name: string, line: number, what: string) => {
    const fields = model ? index.fieldsOf(model) : undefined;
    if (!fields) return;
    if (fields.has(name)) return checkFieldModule(model!, name, path, line, ctx);
    if (scope.loose && onSomeComodel(model!, name, index)) return;
    const doubt = scope.loose ? "unless the xpath target sits in a sub-view of another model" : index.doubtAbout(model!);
    add(doubt ? "warning" : "error", line, "view-field-unknown", `${what} does not exist on ${model}${doubt ? ` as far as we know (${doubt})` : ""}.`);
  };

  let childScope: Scope = scope;
  if (element.name === "field" && attrs.name && !attrs.position) {
    unknownField(attrs.name, attrLine(element, "name"), `Field "${attrs.name}"`);
    // Sub-views of a relational field describe the comodel.
    childScope = { model: model ? index.comodelOf(model, attrs.name) : null, loose: false };
  } else if (element.name === "field" && attrs.position) {
    const fields = model ? index.fieldsOf(model) : undefined;
    if (fields && attrs.name && !fields.has(attrs.name)) {
      // A locator matches the first <field name> anywhere in the parent view, sub-views included.
      add("warning", attrLine(element, "name"), "view-field-unknown", `The view looks for field "${attrs.name}", which ${model} does not have; unless a sub-view of the parent shows it, the view fails to install.`);
      childScope = { model: null, loose: false };
    }
  } else if (element.name === "xpath" && attrs.expr) {
    childScope = xpathScope(attrs.expr, model, index);
  } else if (attrs.position) {
    // A non-field locator (<notebook position="inside">, <div name="x" position="after">).
    childScope = { model, loose: true };
  } else if (element.name === "groupby" && attrs.name) {
    // List views' <groupby name="m2o"> rows describe the comodel.
    childScope = { model: model ? index.comodelOf(model, attrs.name) : null, loose: false };
  } else if (element.name === "filter" && model) {
    const groupBy = /['"]group_by['"]\s*:\s*['"](\w+)/.exec(attrs.context ?? "")?.[1];
    if (groupBy) unknownField(groupBy, attrLine(element, "context"), `Filter groups by "${groupBy}", which`);
  }
  if (element.name === "attribute" || attrs.position === "attributes") {
    // <attribute name="..."> children set attributes, they are not fields.
    for (const child of element.children) checkArch(child, { model: null, loose: false }, path, ctx, [...ancestors, { tag: element.name }]);
    return;
  }

  const frames = [...ancestors, { tag: element.name }];
  for (const child of element.children) {
    const isSubView = element.name === "field" && !attrs.position && SUB_VIEWS.has(child.name);
    const switches = isSubView || element.name === "xpath" || element.name === "groupby" || attrs.position !== undefined;
    checkArch(child, switches ? childScope : scope, path, ctx, frames);
  }
}
