/**
 * Generated UI tests: a plan derived from the blueprint alone (no Odoo, no version), as plain JSON,
 * that the runner (./runner.ts) plays with Playwright against a sandbox's live Odoo.
 *
 * Every test starts with its own login (each runs in a fresh browser context) and is self-contained:
 * a record that needs a record of another of the module's models (a required many2one) creates
 * that one first, through the UI, in the same test. Values are chosen per field type from the same
 * solved samples as the generated Python tests (./compiler/test-values.ts), so they satisfy the
 * blueprint's SQL checks and Python constraints, and carry the test's number so that tests sharing
 * one database never collide on unique constraints.
 */
import { findModel, knownFields, modelSlug } from "@/server/odoo/blueprint/model-fields";
import { blueprintSchema, type Blueprint, type BlueprintInput, type Field, type Model } from "@/server/odoo/blueprint/schema";
import { dayString, planSamples, type Sample } from "@/server/odoo/compiler/test-values";
import { CONFIG_MENU, orderedMenus, ROOT_MENU } from "@/server/odoo/compiler/emit-menus";

/** How one field of a form is filled. */
export type UiFieldValue =
  /** char, text, integer, float, monetary: typed as is. */
  | { kind: "text"; value: string; multiline?: boolean }
  /** `2024-01-11` or `2024-01-11 09:00:00`; the runner types it in the user's (en_US) format. */
  | { kind: "date"; value: string; datetime: boolean }
  /** A selection, by its option's label. */
  | { kind: "select"; label: string }
  /** many2one / many2many: type `search` in the autocomplete and pick the first record it offers. */
  | { kind: "relation"; search: string; many: boolean }
  | { kind: "checkbox"; checked: boolean }
  /** A tiny PNG for required image/binary fields. */
  | { kind: "file"; name: string; base64: string };

export type UiStep =
  | { kind: "login" }
  /** Opens a menu by its path of names (shown to people) and xml ids (what the runner clicks). */
  | { kind: "openMenu"; path: string[]; xmlids: string[] }
  /** The action's first view (list or kanban) is shown, with no error dialog. */
  | { kind: "expectView"; views: ("list" | "kanban")[] }
  /** `inline`: the list is editable, so the record is created in a new row of the list. */
  | { kind: "clickNew"; inline?: boolean }
  /** `page`: the notebook tab holding the field (hidden until clicked). */
  | { kind: "fill"; field: string; label: string; page?: string; inline?: boolean; value: UiFieldValue }
  | { kind: "save"; inline?: boolean }
  /** Remembers a field's displayed value (e.g. a sequence number) as `${into}` for later steps. */
  | { kind: "readField"; field: string; into: string }
  /** Back to the list through the breadcrumb. */
  | { kind: "back" }
  /** Types into the search box and validates (searches the search view's first field). */
  | { kind: "search"; text: string }
  /** A row (list) or card (kanban) shows `text`; any record when text is absent. */
  | { kind: "expectRecord"; text?: string }
  | { kind: "clickButton"; name: string; label: string }
  | { kind: "expectStatus"; label: string }
  /**
   * The form's field shows `text` (contained, case-insensitive; `${name}` substituted). An ISO
   * date (`2024-03-22`, or `${today}`) is compared as the form shows dates. `page` as for fill.
   */
  | { kind: "expectField"; field: string; text: string; page?: string }
  /**
   * The step before it made Odoo refuse: an error dialog (validation, user error) or a red
   * notification ("Invalid fields") shows, containing `text` when given; the runner closes it.
   */
  | { kind: "expectError"; text?: string }
  /** Opens the first record (list row or kanban card) that shows `text` in its form. */
  | { kind: "openRecord"; text: string };

export interface UiTest {
  /** Stable, file-name safe: used in screenshot keys. */
  id: string;
  /** What a person reads in the results: "Books: create and find a record". */
  name: string;
  /** Part of the quick (happy-path) selection. */
  happy: boolean;
  steps: UiStep[];
}

export interface UiTestPlan {
  module: string;
  quick: boolean;
  tests: UiTest[];
}

export interface PlanOptions {
  /** Happy path only: create + find for the main model and one workflow button. */
  quick?: boolean;
}

/** The groups the sandbox's admin user has: core admin groups plus the module's `addAdmin` ones. */
export function adminGroups(bp: Blueprint): Set<string> {
  const qualify = (id: string) => (id.includes(".") ? id : `${bp.module.name}.${id}`);
  const groups = new Set(["base.group_user", "base.group_system", "base.group_erp_manager", "base.group_partner_manager"]);
  const byId = new Map(bp.security.groups.map((g) => [qualify(g.id), g]));
  const seen = new Set<string>();
  const add = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    groups.add(id);
    for (const implied of byId.get(id)?.implied ?? []) add(qualify(implied));
  };
  for (const group of bp.security.groups) if (group.addAdmin) add(qualify(group.id));
  return groups;
}

export function hasAll(held: Set<string>, needed: string[], module: string): boolean {
  return needed.every((g) => held.has(g.includes(".") ? g : `${module}.${g}`));
}

/** Whether the admin may do `perm` on the model, per the ACLs the compiler emits. */
export function allowed(bp: Blueprint, held: Set<string>, model: string, perm: "read" | "create"): boolean {
  const acls = bp.security.acls.filter((a) => a.model === model);
  // No ACL row: the compiler grants base.group_user everything.
  if (!acls.length) return findModel(bp, model)?.kind === "new";
  return acls.some((a) => a[perm] && (!a.group || hasAll(held, [a.group], bp.module.name)));
}

/** Menus that open a model and that the admin sees, with their path of names and xml ids. */
export function menuPaths(bp: Blueprint, held: Set<string>) {
  const byId = new Map(bp.menus.map((m) => [m.id, m]));
  const q = (id: string) => `${bp.module.name}.${id}`;
  const out: { menu: Blueprint["menus"][number]; path: string[]; xmlids: string[] }[] = [];
  for (const menu of orderedMenus(bp)) {
    if (!menu.model) continue;
    const chain: Blueprint["menus"] = [];
    let visible = true;
    for (let m: Blueprint["menus"][number] | undefined = menu; m; m = m.parent ? byId.get(m.parent) : undefined) {
      chain.unshift(m);
      if (!hasAll(held, m.groups, bp.module.name)) visible = false;
    }
    if (!visible || !allowed(bp, held, menu.model, "read")) continue;
    const top = chain[0]!;
    const folder = !top.parent && top.configuration ? [{ name: "Configuration", xmlid: q(CONFIG_MENU) }] : [];
    const parts = [{ name: bp.module.title, xmlid: q(ROOT_MENU) }, ...folder, ...chain.map((m) => ({ name: m.name, xmlid: q(m.id) }))];
    out.push({ menu, path: parts.map((p) => p.name), xmlids: parts.map((p) => p.xmlid) });
  }
  return out;
}

export type MenuPath = ReturnType<typeof menuPaths>[number];

export const TINY_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

/** Where each field sits in the model's form: absent when the blueprint's form leaves it out. */
export function formPlacement(bp: Blueprint, model: Model): Map<string, { page?: string }> | null {
  const form = bp.views.find((v) => v.type === "form" && v.model === model.name);
  // No form view: Odoo generates one with every field.
  if (!form || form.type !== "form") return null;
  const name = (f: string | { name: string }) => (typeof f === "string" ? f : f.name);
  const placed = new Map<string, { page?: string }>();
  if (form.title) placed.set(form.title, {});
  const groups = form.groups.length || form.pages.length ? form.groups : [{ fields: model.fields.map((f) => f.name) }];
  for (const g of groups) for (const f of g.fields) placed.set(name(f), {});
  form.pages.forEach((p, index) => {
    // The first tab is open by default; others are clicked first.
    for (const f of p.fields) if (!placed.has(name(f))) placed.set(name(f), index === 0 ? {} : { page: p.title });
  });
  return placed;
}

/** Fields a `required_if` constraint wants set once the workflow reaches `state`. */
function requiredInState(model: Model, state: string): string[] {
  const wf = model.workflow;
  if (!wf) return [];
  return model.constraints.flatMap((c) => {
    if (c.kind !== "required_if" || c.when.field !== wf.field) return [];
    const { op, value } = c.when;
    const hit = op === "=" ? value === state : op === "in" && Array.isArray(value) ? value.includes(state) : false;
    return hit ? [c.field] : [];
  });
}

/** Fields hidden by a condition in the form: not fillable when the record is created. */
function conditionallyHidden(bp: Blueprint, model: Model): Set<string> {
  const form = bp.views.find((v) => v.type === "form" && v.model === model.name);
  if (form?.type !== "form") return new Set();
  const all = [...form.groups.flatMap((g) => g.fields), ...form.pages.flatMap((p) => p.fields)];
  return new Set(all.flatMap((f) => (typeof f !== "string" && f.invisible?.length ? [f.name] : [])));
}

/**
 * Fields the user fills when creating a record: required ones without a default, plus those the
 * model's constraints read — an integer left at 0 breaks "must be positive" on save, and the two
 * sides of an "A ≤ B" take the solved samples together, so a date filled later in the workflow
 * (a done date) still lands after the one set now. Fields a workflow state requires, or that
 * the form hides by a condition, are left for the workflow step that needs them.
 */
function fieldsToFill(bp: Blueprint, model: Model): Field[] {
  const skip = new Set([model.sequence?.field, model.workflow?.field].filter(Boolean));
  const later = new Set((model.workflow?.states ?? []).flatMap((s) => requiredInState(model, s.value)));
  const hidden = conditionallyHidden(bp, model);
  const constrained = new Set<string>();
  for (const c of model.constraints) {
    if (c.kind === "positive") constrained.add(c.field);
    if (c.kind === "lte") constrained.add(c.field).add(c.other);
  }
  for (const c of model.sqlConstraints) {
    if (c.kind === "check") {
      constrained.add(c.field);
      if (typeof c.value === "string") constrained.add(c.value);
    }
  }
  return model.fields.filter(
    (f) =>
      ((f.required && f.default === undefined) || (constrained.has(f.name) && !later.has(f.name) && !hidden.has(f.name))) &&
      !skip.has(f.name) &&
      !("compute" in f && f.compute) &&
      !f.related &&
      f.type !== "one2many",
  );
}

/** A list the blueprint makes editable: "New" adds a row in the list, not a form. */
export function editableList(bp: Blueprint, model: Model): boolean {
  const list = bp.views.find((v) => v.type === "list" && v.model === model.name);
  return list?.type === "list" && !!list.editable;
}

/** The field a record is found by in the list: its name if the user types it. */
export function nameField(model: Model): string | undefined {
  if (model.recName) return model.recName;
  return knownFields(model).has("name") ? "name" : undefined;
}

interface Creation {
  steps: UiStep[];
  /** Text that identifies the record in lists and autocompletes, when known before saving. */
  display?: string;
  /** The value typed into the record's name field. */
  nameValue?: string;
  /** Created in a row of an editable list (no form, no breadcrumb). */
  inline: boolean;
}

class Planner {
  readonly held: Set<string>;
  readonly menus: MenuPath[];

  constructor(readonly bp: Blueprint) {
    this.held = adminGroups(bp);
    this.menus = menuPaths(bp, this.held);
  }

  /** The menu a model is created from: one without a domain filter, else the first. */
  menuOf(model: string): MenuPath | undefined {
    const all = this.menus.filter((m) => m.menu.model === model);
    return all.find((m) => !m.menu.domain?.length) ?? all[0];
  }

  creatable(model: Model): boolean {
    return model.kind === "new" && !!this.menuOf(model.name) && allowed(this.bp, this.held, model.name, "create");
  }

  /** Steps that open the model's menu, create a record (after its prerequisites) and save it. */
  create(model: Model, n: number, trail: Set<string> = new Set()): Creation | null {
    const menu = this.menuOf(model.name);
    if (!menu || trail.has(model.name)) return null;
    const inner = new Set(trail).add(model.name);
    const samples = planSamples(this.bp, model);
    const inline = editableList(this.bp, model);
    const placement = inline ? null : formPlacement(this.bp, model);
    const flag = inline ? { inline: true } : {};
    const before: UiStep[] = [];
    const fills: UiStep[] = [];
    const values = new Map<string, string>();
    for (const field of fieldsToFill(this.bp, model)) {
      const value = this.valueFor(field, samples.get(field.name), n, inner, before);
      if (!value) continue;
      if (value.kind === "text") values.set(field.name, value.value);
      const page = placement?.get(field.name)?.page;
      fills.push({ kind: "fill", field: field.name, label: field.string, ...(page ? { page } : {}), ...flag, value });
    }
    const name = nameField(model);
    return {
      steps: [...before, { kind: "openMenu", path: menu.path, xmlids: menu.xmlids }, { kind: "clickNew", ...flag }, ...fills, { kind: "save", ...flag }],
      nameValue: name ? values.get(name) : undefined,
      display: (name ? values.get(name) : undefined) ?? this.listed(model, values),
      inline,
    };
  }

  valueFor(field: Field, sample: Sample | undefined, n: number, trail: Set<string>, before: UiStep[]): UiFieldValue | null {
    const tag = `UI ${n}`;
    switch (field.type) {
      case "char":
      case "text": {
        const room = field.type === "char" && field.size ? Math.max(1, field.size - tag.length - 1) : 60;
        return { kind: "text", value: `${field.string.slice(0, room)} ${tag}`.slice(0, field.type === "char" && field.size ? field.size : 200), ...(field.type === "text" ? { multiline: true } : {}) };
      }
      case "html":
        return { kind: "text", value: `${field.string} ${tag}`, multiline: true };
      case "integer":
      case "float":
      case "monetary": {
        const base = sample?.kind === "num" ? sample.value : 1;
        // Unique numbers differ per test; others keep the solved value (constraints hold).
        return { kind: "text", value: String(sample?.kind === "num" && sample.varies ? base + n : base) };
      }
      case "date":
      case "datetime": {
        const day = sample?.kind === "day" ? sample.day + (sample.varies ? n : 0) : 10;
        return { kind: "date", value: dayString(day, field.type === "datetime"), datetime: field.type === "datetime" };
      }
      case "selection":
        return { kind: "select", label: field.options[0]!.label };
      case "boolean":
        return { kind: "checkbox", checked: true };
      case "many2one":
      case "many2many": {
        const comodel = findModel(this.bp, field.comodel);
        if (comodel && comodel.kind === "new" && this.creatable(comodel)) {
          const made = this.create(comodel, n, trail);
          if (made) {
            before.push(...made.steps);
            return { kind: "relation", search: made.display ?? "", many: field.type === "many2many" };
          }
        }
        return { kind: "relation", search: "", many: field.type === "many2many" };
      }
      case "binary":
      case "image":
        return { kind: "file", name: "omb.png", base64: TINY_PNG };
      default:
        return null;
    }
  }

  /** A typed value the list (or kanban card) shows, when the name is not one of them. */
  listed(model: Model, values: Map<string, string>): string | undefined {
    const shown = new Set<string>();
    for (const view of this.bp.views) {
      if (view.model !== model.name) continue;
      if (view.type === "list") for (const f of view.fields) shown.add(typeof f === "string" ? f : f.name);
      if (view.type === "kanban") [view.title, ...view.fields].forEach((f) => shown.add(f));
    }
    return [...values].find(([field]) => shown.has(field))?.[1];
  }

  /** Create, save, back to the list, find it there. */
  createAndFind(model: Model, n: number): UiTest | null {
    const made = this.create(model, n);
    if (!made) return null;
    const steps: UiStep[] = [{ kind: "login" }, ...made.steps];
    const name = nameField(model);
    // Searching narrows the list by name only; other shown values are just looked for.
    let byName = made.nameValue;
    if (!byName && name && model.sequence?.field === name && !made.inline) {
      steps.push({ kind: "readField", field: name, into: "reference" });
      byName = "${reference}";
    }
    const text = byName ?? made.display;
    if (!made.inline) steps.push({ kind: "back" });
    if (byName && this.searchable(model, name)) steps.push({ kind: "search", text: byName });
    steps.push({ kind: "expectRecord", ...(text ? { text } : {}) });
    const menu = this.menuOf(model.name)!;
    return { id: `create-${modelSlug(model.name)}`, name: `${menu.menu.name}: create and find a record`, happy: false, steps };
  }

  /**
   * Typing in the search box searches the search view's first field, or the model's name when
   * it has no search view: only then does a search by name narrow the list to our record.
   */
  searchable(model: Model, name: string | undefined): boolean {
    if (!name) return false;
    const search = this.bp.views.find((v) => v.type === "search" && v.model === model.name);
    if (search?.type === "search") {
      const first = search.fields[0];
      return !!first && (typeof first === "string" ? first : first.name) === name;
    }
    return !model.recName || model.recName === name;
  }

  /** Buttons of the workflow the admin can click, each with a path of clicks from the first state. */
  transitions(model: Model): { transition: NonNullable<Model["workflow"]>["transitions"][number]; path: NonNullable<Model["workflow"]>["transitions"] }[] {
    const wf = model.workflow;
    if (!wf) return [];
    const usable = wf.transitions.filter((t) => hasAll(this.held, t.groups, this.bp.module.name));
    // Breadth-first from the initial state: the shortest click path into each state.
    const reach = new Map<string, typeof usable>([[wf.states[0]!.value, []]]);
    const queue = [wf.states[0]!.value];
    while (queue.length) {
      const state = queue.shift()!;
      for (const t of usable) {
        if (t.from.includes(state) && !reach.has(t.to)) {
          reach.set(t.to, [...reach.get(state)!, t]);
          queue.push(t.to);
        }
      }
    }
    const out = [];
    // An editable list never opens the form, where the workflow's buttons are.
    if (editableList(this.bp, model)) return [];
    for (const t of usable) {
      const from = t.from.find((s) => reach.has(s));
      if (from !== undefined) out.push({ transition: t, path: reach.get(from)! });
    }
    return out;
  }

  workflowTest(model: Model, t: ReturnType<Planner["transitions"]>[number], n: number): UiTest | null {
    const made = this.create(model, n);
    if (!made) return null;
    const label = (state: string) => model.workflow!.states.find((s) => s.value === state)?.label ?? state;
    const steps: UiStep[] = [{ kind: "login" }, ...made.steps];
    const samples = planSamples(this.bp, model);
    const placement = formPlacement(this.bp, model);
    for (const step of [...t.path, t.transition]) {
      // "Set the done date before closing": what the target state requires is filled first.
      for (const name of requiredInState(model, step.to)) {
        const field = model.fields.find((f) => f.name === name);
        // No prerequisite records here (that would leave the form): relations pick what exists.
        const value = field && this.valueFor(field, samples.get(name), n, new Set(this.bp.models.map((m) => m.name)), []);
        const page = placement?.get(name)?.page;
        if (field && value) steps.push({ kind: "fill", field: name, label: field.string, ...(page ? { page } : {}), value });
      }
      steps.push({ kind: "clickButton", name: `action_${step.name}`, label: step.label }, { kind: "expectStatus", label: label(step.to) });
    }
    const menu = this.menuOf(model.name)!;
    return {
      id: `workflow-${modelSlug(model.name)}-${t.transition.name}`,
      name: `${menu.menu.name}: "${t.transition.label}" moves the status to ${label(t.transition.to)}`,
      happy: false,
      steps,
    };
  }
}

/** The model the happy path is about: the first top-level menu's model that can be created. */
function mainModel(planner: Planner): Model | undefined {
  const models = planner.bp.models.filter((m) => planner.creatable(m));
  const byMenu = [...planner.menus].sort((a, b) => a.path.length - b.path.length || a.menu.sequence - b.menu.sequence);
  for (const entry of byMenu) {
    const model = models.find((m) => m.name === entry.menu.model);
    if (model) return model;
  }
  return models[0];
}

export function planUiTests(input: Blueprint | BlueprintInput, options: PlanOptions = {}): UiTestPlan {
  const bp = blueprintSchema.parse(input);
  const planner = new Planner(bp);
  const quick = options.quick ?? false;
  const main = mainModel(planner);
  const creatable = bp.models.filter((m) => planner.creatable(m));
  // The happy path's workflow button: the main model's first button usable from the initial
  // state (else its first reachable one), or another model's when the main one has no workflow.
  const wfModel = [main, ...creatable].find((m) => m && planner.transitions(m).length);
  const wfChoices = wfModel ? planner.transitions(wfModel) : [];
  const happyTransition = (wfChoices.find((t) => t.path.length === 0) ?? wfChoices[0])?.transition.name;

  // The full list is always built, so a test has the same values (its number) in both modes.
  const tests: UiTest[] = [];
  for (const entry of planner.menus) {
    tests.push({
      id: `menu-${entry.menu.id}`,
      name: `${entry.path.join(" / ")}: the menu opens its view`,
      happy: false,
      steps: [{ kind: "login" }, { kind: "openMenu", path: entry.path, xmlids: entry.xmlids }, { kind: "expectView", views: ["list", "kanban"] }],
    });
  }
  let n = 0;
  for (const model of creatable) {
    const test = planner.createAndFind(model, ++n);
    if (test) tests.push({ ...test, happy: model.name === main?.name });
  }
  for (const model of creatable) {
    for (const t of planner.transitions(model)) {
      const test = planner.workflowTest(model, t, ++n);
      if (test) tests.push({ ...test, happy: model === wfModel && t.transition.name === happyTransition });
    }
  }
  return { module: bp.module.name, quick, tests: quick ? tests.filter((t) => t.happy) : tests };
}
