/**
 * Checks UI tests written by a model (the AI UI-test writer) against the module's blueprint
 * before anything plays them: every menu is one the admin sees (qualified like ./plan.ts does),
 * every field filled or read is on the form of the menu's model, every button is a workflow
 * transition shown in the state the record is in, selection labels and statuses exist, values fit
 * their field. What can be derived is set, not argued about (a field's label and notebook tab,
 * `inline` for editable lists, a missing login, a `back` before "New" from a form, the tiny PNG
 * for images); what is wrong becomes one problem line a model can act on. The tests that pass
 * get `ai-<slug>` ids and their `{{n}}` placeholders replaced by a `UI <n>` tag (unique per test,
 * retagged by the runner's retries), so their values never collide with the plan's or each
 * other's. Pure: no Odoo, no model.
 */
import { allModelFields, findModel, knownFields } from "@/server/odoo/blueprint/model-fields";
import type { Blueprint, Field, Model } from "@/server/odoo/blueprint/schema";
import {
  adminGroups,
  allowed,
  editableList,
  formPlacement,
  hasAll,
  type MenuPath,
  menuPaths,
  nameField,
  TINY_PNG,
  type UiFieldValue,
  type UiStep,
  type UiTest,
} from "./plan";

export const MAX_UI_TESTS = 10;
export const MAX_UI_STEPS = 40;
/** Written tests are tagged `UI 901`, `UI 902`…: far from the plan's own numbers. */
export const FIRST_AI_TAG = 901;
/** The placeholder a test writes where a value must be unique per test. */
export const UNIQUE_PLACEHOLDER = "{{n}}";

export interface UiCheckOptions {
  /** Number of the first test's `UI <n>` tag (default 901). */
  firstTag?: number;
}

export interface InvalidUiTest {
  /** The id as written (the repair round refers to it). */
  id: string;
  name: string;
  problems: string[];
}

export interface UiCheckResult {
  /** Valid tests, normalised, with `ai-` ids and tags in place of `{{n}}`. */
  tests: UiTest[];
  /** Every problem, one line each, naming its test and step. */
  problems: string[];
  /** The tests left out because of their problems. */
  invalid: InvalidUiTest[];
  /** Tests beyond the limit of 10 (dropped unchecked). */
  excess: string[];
}

/** What one model looks like in the UI: form, list, search box, workflow buttons. */
export interface ModelUi {
  model: Model;
  menus: MenuPath[];
  /** Fields a user sees on the form, with the notebook tab holding them (absent = open). */
  form: Map<string, { page?: string }> | null;
  /** Records are created in a row of the list (editable list): no form. */
  inline: boolean;
  listFields: string[];
  /** The field the search box searches when text is typed and Enter pressed. */
  searchField?: string;
  creatable: boolean;
  /** Workflow transitions whose button the admin sees. */
  buttons: NonNullable<Model["workflow"]>["transitions"];
}

/** The facts about a blueprint's UI that checking (and the writer's prompt) need. */
export class UiFacts {
  readonly held: Set<string>;
  readonly menus: MenuPath[];
  readonly models = new Map<string, ModelUi>();

  constructor(readonly bp: Blueprint) {
    this.held = adminGroups(bp);
    this.menus = menuPaths(bp, this.held);
    for (const model of bp.models) {
      const list = bp.views.find((v) => v.type === "list" && v.model === model.name);
      this.models.set(model.name, {
        model,
        menus: this.menus.filter((m) => m.menu.model === model.name),
        form: formPlacement(bp, model),
        inline: editableList(bp, model),
        listFields: list?.type === "list" ? list.fields.map((f) => (typeof f === "string" ? f : f.name)) : [],
        searchField: searchField(bp, model),
        creatable: model.kind === "new" && allowed(bp, this.held, model.name, "create"),
        buttons: (model.workflow?.transitions ?? []).filter((t) => hasAll(this.held, t.groups, bp.module.name)),
      });
    }
  }

  qualify(id: string): string {
    return id.includes(".") ? id : `${this.bp.module.name}.${id}`;
  }

  /** A menu by its xml ids (full, or the last one, qualified or not), else by its path of names. */
  menu(step: { path: string[]; xmlids: string[] }): MenuPath | undefined {
    const key = (parts: string[]) => parts.map((p) => p.trim().toLowerCase()).join(" / ");
    const xmlids = step.xmlids.map((x) => this.qualify(x));
    const last = xmlids[xmlids.length - 1];
    return (
      this.menus.find((m) => key(m.xmlids) === key(xmlids)) ??
      this.menus.find((m) => m.xmlids[m.xmlids.length - 1] === last) ??
      this.menus.find((m) => key(m.path) === key(step.path)) ??
      this.menus.find((m) => step.path.length > 0 && m.path[m.path.length - 1]!.toLowerCase() === step.path[step.path.length - 1]!.trim().toLowerCase())
    );
  }

  /** Whether a field shows on the model's form (no form view: Odoo's generated one shows all). */
  onForm(ui: ModelUi, field: string): boolean {
    if (!ui.form) return allModelFields(ui.model).some((f) => f.name === field);
    return ui.form.has(field);
  }

  visibleToAdmin(field: Field): boolean {
    return hasAll(this.held, field.groups, this.bp.module.name);
  }
}

/** The search box searches the search view's first field, else the model's name. */
function searchField(bp: Blueprint, model: Model): string | undefined {
  const search = bp.views.find((v) => v.type === "search" && v.model === model.name);
  if (search?.type === "search" && search.fields.length) {
    const first = search.fields[0]!;
    return typeof first === "string" ? first : first.name;
  }
  return nameField(model) ?? (knownFields(model).has("name") ? "name" : undefined);
}

/** A value as long as it will be once `{{n}}` is a tag and a retry has retagged it. */
const expandedLength = (value: string) => value.split(UNIQUE_PLACEHOLDER).join("UI 901r1").length;
const VAR = /\$\{([a-z_]+)\}/g;
const HAS_VAR = /\$\{[a-z_]+\}/;
const NUMBER: Record<string, RegExp> = { integer: /^-?\d+$/, float: /^-?\d+(\.\d+)?$/, monetary: /^-?\d+(\.\d+)?$/ };
const ISO = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/;

interface State {
  ui?: ModelUi;
  view: "start" | "list" | "form" | "row";
  /** The record's workflow state when known (a new record, then the buttons clicked). */
  status?: string;
  /** Fields filled since "New" (null: not creating a record). */
  creating: Set<string> | null;
  /** A save was refused: the form holds unsaved values, so only fill/save/expect may follow. */
  refused: boolean;
  vars: Set<string>;
}

const AFTER_REFUSAL = new Set<UiStep["kind"]>(["fill", "save", "expectField", "expectStatus", "expectError"]);
const ASSERTIONS = new Set<UiStep["kind"]>(["expectView", "expectRecord", "expectField", "expectStatus", "expectError"]);

class TestChecker {
  readonly problems: string[] = [];
  private readonly state: State = { view: "start", creating: null, refused: false, vars: new Set(["today"]) };
  private index = 0;
  private steps: UiStep[] = [];
  /** After a menu that does not exist, the steps that follow cannot be judged. */
  private halted = false;

  constructor(
    private readonly facts: UiFacts,
    private readonly test: UiTest,
  ) {}

  run(): UiTest {
    const input = this.test.steps;
    const out: UiStep[] = [];
    if (input[0]?.kind !== "login") out.push({ kind: "login" });
    this.steps = input;
    input.forEach((step, index) => {
      this.index = index;
      if (this.halted) return;
      if (this.state.refused && !AFTER_REFUSAL.has(step.kind)) {
        this.problem(step, "the save before was refused, so the form still holds unsaved values: end the test after expectError (or correct a field and save again)");
        this.state.refused = false;
      }
      out.push(...this.step(step, input[index + 1]));
    });
    if (out.length > MAX_UI_STEPS) this.problems.push(`${this.who()}: ${out.length} steps; a test has at most ${MAX_UI_STEPS}: split it`);
    if (!input.some((s) => ASSERTIONS.has(s.kind))) {
      this.problems.push(`${this.who()}: checks nothing; end with expectRecord, expectField, expectStatus or expectError`);
    }
    return { ...this.test, steps: out };
  }

  private who(): string {
    return `test "${this.test.id}"`;
  }

  private problem(step: UiStep, message: string): void {
    const what = "field" in step ? `${step.kind} ${step.field}` : step.kind;
    this.problems.push(`${this.who()} step ${this.index + 1} (${what}): ${message}`);
  }

  private needView(step: UiStep, views: State["view"][], hint: string): boolean {
    if (views.includes(this.state.view)) return true;
    this.problem(step, hint);
    return false;
  }

  private needModel(step: UiStep): ModelUi | null {
    if (this.state.ui) return this.state.ui;
    this.problem(step, "no menu of the module was opened before (openMenu)");
    return null;
  }

  private checkVars(step: UiStep, text: string): void {
    for (const [, name] of text.matchAll(VAR)) {
      if (!this.state.vars.has(name!)) this.problem(step, `\${${name}} is not remembered by an earlier readField (only \${today} is built in)`);
    }
  }

  private step(step: UiStep, next: UiStep | undefined): UiStep[] {
    const s = this.state;
    const refusedNext = next?.kind === "expectError";
    switch (step.kind) {
      case "login":
        if (this.index > 0) this.problem(step, "log in once, as the first step (each test starts logged out)");
        return this.index > 0 ? [] : [step];
      case "openMenu": {
        const menu = this.facts.menu(step);
        if (!menu) {
          this.problem(step, `no menu ${step.path.join(" / ")} (${step.xmlids.join(", ")}); use one of: ${this.facts.menus.map((m) => m.xmlids[m.xmlids.length - 1]).join(", ")}`);
          this.halted = true;
          return [step];
        }
        s.ui = menu.menu.model ? this.facts.models.get(menu.menu.model) : undefined;
        if (!s.ui) this.problem(step, `the menu opens ${menu.menu.model ?? "nothing"}, not a model of this module`);
        Object.assign(s, { view: "list", status: undefined, creating: null });
        return [{ kind: "openMenu", path: menu.path, xmlids: menu.xmlids }];
      }
      case "expectView":
        this.needView(step, ["list"], "expectView checks the list right after openMenu or back");
        return [step];
      case "clickNew": {
        const ui = this.needModel(step);
        if (!ui) return [step];
        const out: UiStep[] = [];
        // From a saved form, "New" is reached through the list.
        if (s.view === "form" && !ui.inline) {
          out.push({ kind: "back" });
          s.view = "list";
        }
        if (!this.needView(step, ["list"], "clickNew needs the list (openMenu or back first)")) return [step];
        if (!ui.creatable) this.problem(step, `the admin cannot create ${ui.model.description} records here`);
        out.push(ui.inline ? { kind: "clickNew", inline: true } : { kind: "clickNew" });
        Object.assign(s, { view: ui.inline ? "row" : "form", status: ui.model.workflow?.states[0]?.value, creating: new Set<string>() });
        return out;
      }
      case "fill":
        return [this.fill(step)];
      case "save": {
        if (!this.needView(step, ["form", "row"], "save needs an open form (clickNew or openRecord first)")) return [step];
        const ui = s.ui!;
        if (s.creating && !refusedNext) {
          // Declared fields only: the compiler gives the ones it generates their values.
          const missing = ui.model.fields.filter(
            (f) => f.required && f.default === undefined && !s.creating!.has(f.name) && f.name !== ui.model.sequence?.field && f.name !== ui.model.workflow?.field && f.type !== "one2many" && !("compute" in f && f.compute) && !f.related,
          );
          if (missing.length) this.problem(step, `required field(s) not filled before saving: ${missing.map((f) => `${f.name} ("${f.string}")`).join(", ")}`);
        }
        const inline = s.view === "row";
        s.refused = refusedNext;
        if (!refusedNext) {
          s.creating = null;
          if (inline) s.view = "list";
        }
        return [inline ? { kind: "save", inline: true } : { kind: "save" }];
      }
      case "readField": {
        if (!this.needView(step, ["form"], "readField reads the open form")) return [step];
        this.formField(step, step.field, false);
        s.vars.add(step.into);
        return [step];
      }
      case "back":
        if (!this.needView(step, ["form"], "back leaves a form for the list (a list row is saved with save)")) return [step];
        Object.assign(s, { view: "list", status: undefined, creating: null });
        return [step];
      case "search":
        this.needView(step, ["list"], "search types in the list's search box (openMenu or back first)");
        this.checkVars(step, step.text);
        return [step];
      case "expectRecord":
        this.needView(step, ["list"], "expectRecord looks at the list (openMenu or back first)");
        if (step.text) this.checkVars(step, step.text);
        return [step];
      case "openRecord": {
        if (!this.needView(step, ["list"], "openRecord clicks a record of the list (openMenu or back first)") || !s.ui) return [step];
        this.checkVars(step, step.text);
        if (s.ui?.inline) this.problem(step, `${s.ui.model.description} records are edited in the list (no form to open)`);
        Object.assign(s, { view: "form", status: undefined, creating: null });
        return [step];
      }
      case "clickButton":
        return [this.button(step, refusedNext)];
      case "expectStatus": {
        if (!this.needView(step, ["form"], "expectStatus reads the open form's status bar")) return [step];
        const wf = s.ui!.model.workflow;
        if (!wf) {
          this.problem(step, `${s.ui!.model.description} has no workflow (no status)`);
          return [step];
        }
        const want = step.label.trim().toLowerCase();
        const state = wf.states.find((st) => st.label.toLowerCase() === want || st.value === want);
        if (!state) {
          this.problem(step, `no status "${step.label}"; the statuses are ${wf.states.map((st) => `"${st.label}"`).join(", ")}`);
          return [step];
        }
        if (s.status && s.status !== state.value) {
          this.problem(step, `the record is "${wf.states.find((st) => st.value === s.status)?.label}" at this point, not "${state.label}"`);
        }
        return [{ kind: "expectStatus", label: state.label }];
      }
      case "expectField": {
        if (!this.needView(step, ["form"], "expectField reads the open form")) return [step];
        const placed = this.formField(step, step.field, true);
        this.checkVars(step, step.text);
        return [{ kind: "expectField", field: step.field, text: step.text, ...(placed?.page ? { page: placed.page } : {}) }];
      }
      case "expectError": {
        const previous = this.steps[this.index - 1]?.kind;
        if (!previous || !["save", "clickButton", "fill"].includes(previous)) {
          this.problem(step, "expectError follows the step Odoo refuses (save, clickButton, or a fill whose onchange warns)");
        }
        return [step];
      }
    }
  }

  /** A field the form shows (for readField / expectField); its tab when in a notebook. */
  private formField(step: UiStep, name: string, statusHint: boolean): { page?: string } | null {
    const ui = this.state.ui!;
    const known = knownFields(ui.model);
    if (statusHint && name === ui.model.workflow?.field) {
      this.problem(step, "the status is checked with expectStatus");
      return null;
    }
    if (!known.has(name)) {
      this.problem(step, `${ui.model.name} has no field "${name}"; its fields: ${allModelFields(ui.model).map((f) => f.name).join(", ")}`);
      return null;
    }
    if (!this.facts.onForm(ui, name)) {
      this.problem(step, `"${name}" is not on the form of ${ui.model.name}; the form shows: ${[...(ui.form?.keys() ?? [])].join(", ")}`);
      return null;
    }
    const field = allModelFields(ui.model).find((f) => f.name === name);
    if (field && !this.facts.visibleToAdmin(field)) this.problem(step, `"${name}" is only shown to the groups ${field.groups.join(", ")}`);
    return ui.form?.get(name) ?? {};
  }

  private fill(step: Extract<UiStep, { kind: "fill" }>): UiStep {
    const s = this.state;
    if (!this.needView(step, ["form", "row"], "fill needs an open form (clickNew or openRecord first)")) return step;
    const ui = s.ui!;
    const field = allModelFields(ui.model).find((f) => f.name === step.field);
    if (!field) {
      this.problem(step, `${ui.model.name} has no field "${step.field}"; its fields: ${allModelFields(ui.model).map((f) => f.name).join(", ")}`);
      return step;
    }
    const computed = "compute" in field && !!field.compute;
    if (computed || field.related || field.readonly || field.type === "one2many" || field.name === ui.model.sequence?.field || field.name === ui.model.workflow?.field) {
      const why = computed ? "computed" : field.related ? "related" : field.type === "one2many" ? "a one2many list" : field.name === ui.model.workflow?.field ? "the status (use clickButton)" : "read-only";
      this.problem(step, `"${field.name}" is ${why}: it cannot be filled (check it with expectField)`);
      return step;
    }
    const row = s.view === "row";
    if (row && !ui.listFields.includes(field.name)) {
      this.problem(step, `"${field.name}" is not a column of the editable list of ${ui.model.name}; the columns: ${ui.listFields.join(", ")}`);
      return step;
    }
    if (!row && !this.facts.onForm(ui, field.name)) {
      this.problem(step, `"${field.name}" is not on the form of ${ui.model.name}; the form shows: ${[...(ui.form?.keys() ?? [])].join(", ")}`);
      return step;
    }
    if (!this.facts.visibleToAdmin(field)) this.problem(step, `"${field.name}" is only shown to the groups ${field.groups.join(", ")}`);
    const value = this.value(step, field, step.value);
    s.creating?.add(field.name);
    const page = row ? undefined : ui.form?.get(field.name)?.page;
    return { kind: "fill", field: field.name, label: field.string, ...(page ? { page } : {}), ...(row ? { inline: true } : {}), value: value ?? step.value };
  }

  /** The value normalised for the field's type, or null (with a problem) when it does not fit. */
  private value(step: UiStep, field: Field, value: UiFieldValue): UiFieldValue | null {
    const bad = (expected: string) => {
      this.problem(step, `${field.type} field "${field.name}" takes ${expected}, not ${JSON.stringify(value)}`);
      return null;
    };
    const textOf = value.kind === "text" ? value.value : value.kind === "relation" ? value.search : value.kind === "date" ? value.value : null;
    if (textOf !== null) this.checkVars(step, textOf);
    switch (field.type) {
      case "char":
      case "text":
      case "html": {
        if (value.kind !== "text") return bad('{"kind": "text", "value": "…"}');
        if (field.type === "char" && field.size && expandedLength(value.value) > field.size) {
          this.problem(step, `"${value.value}" is too long for "${field.name}" (at most ${field.size} characters, and {{n}} becomes 6 to 8)`);
        }
        if (this.unique(field) && !value.value.includes(UNIQUE_PLACEHOLDER) && !HAS_VAR.test(value.value) && !/\bUI \d+\b/.test(value.value)) {
          this.problem(step, `"${field.name}" must be unique: put {{n}} in the value (e.g. "${value.value.slice(0, 20)} {{n}}") so a retry or another run does not collide`);
        }
        return { kind: "text", value: value.value, ...(field.type === "char" ? {} : { multiline: true }) };
      }
      case "integer":
      case "float":
      case "monetary": {
        if (value.kind !== "text") return bad('{"kind": "text", "value": "<number>"}');
        if (!NUMBER[field.type]!.test(value.value.trim()) && !HAS_VAR.test(value.value)) return bad("a plain number such as 12 or 3.5");
        return { kind: "text", value: value.value.trim() };
      }
      case "date":
      case "datetime": {
        const text = value.kind === "date" || value.kind === "text" ? value.value.trim() : null;
        if (text === null || !(ISO.test(text) || text === "${today}")) return bad("an ISO date such as 2024-03-01 (datetimes 2024-03-01 09:00:00) or ${today}");
        const iso = field.type === "datetime" && text.length === 10 && text !== "${today}" ? `${text} 09:00:00` : text;
        return { kind: "date", value: iso, datetime: field.type === "datetime" };
      }
      case "selection": {
        if (value.kind !== "select") return bad('{"kind": "select", "label": "<option label>"}');
        const want = value.label.trim().toLowerCase();
        const option = field.options.find((o) => o.label.toLowerCase() === want || o.value === want);
        if (!option) return bad(`one of the labels ${field.options.map((o) => `"${o.label}"`).join(", ")}`);
        return { kind: "select", label: option.label };
      }
      case "boolean":
        if (value.kind !== "checkbox") return bad('{"kind": "checkbox", "checked": true}');
        return value;
      case "many2one":
      case "many2many": {
        const search = value.kind === "relation" ? value.search : value.kind === "text" ? value.value : null;
        if (search === null) return bad('{"kind": "relation", "search": "<text of the record to pick>"}');
        return { kind: "relation", search, many: field.type === "many2many" };
      }
      case "binary":
      case "image":
        return { kind: "file", name: "omb.png", base64: TINY_PNG };
      default:
        return bad("nothing (it cannot be filled)");
    }
  }

  /** A field of a single-field unique constraint: its values must differ between runs. */
  private unique(field: Field): boolean {
    return this.state.ui!.model.sqlConstraints.some((c) => c.kind === "unique" && c.fields.length === 1 && c.fields[0] === field.name);
  }

  private button(step: Extract<UiStep, { kind: "clickButton" }>, refusedNext: boolean): UiStep {
    const s = this.state;
    if (!this.needView(step, ["form"], "clickButton clicks a button of the open form's header")) return step;
    const ui = s.ui!;
    const wf = ui.model.workflow;
    const name = step.name.replace(/^action_/, "");
    const all = wf?.transitions ?? [];
    const t = all.find((x) => x.name === name) ?? all.find((x) => x.label.toLowerCase() === step.label.trim().toLowerCase());
    if (!wf || !t) {
      const buttons = ui.buttons.map((b) => `action_${b.name} ("${b.label}")`).join(", ");
      this.problem(step, `no button ${step.name} on the form of ${ui.model.name}; ${buttons ? `its buttons: ${buttons}` : "it has no buttons"}`);
      s.status = undefined;
      return step;
    }
    if (!ui.buttons.includes(t)) this.problem(step, `"${t.label}" is only shown to the groups ${t.groups.join(", ")}`);
    const label = (value: string) => wf.states.find((st) => st.value === value)?.label ?? value;
    if (s.status && !t.from.includes(s.status)) {
      this.problem(step, `"${t.label}" is only shown when the status is ${t.from.map((f) => `"${label(f)}"`).join(" or ")}; here it is "${label(s.status)}"`);
    }
    if (!refusedNext) s.status = t.to;
    s.creating = null;
    return { kind: "clickButton", name: `action_${t.name}`, label: t.label };
  }
}

/** `ai-` + a file-name-safe slug of the id (or name). */
export function aiTestId(id: string, name: string): string {
  const slug = (text: string) =>
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/, "");
  const base = slug(id) || slug(name) || "test";
  return base.startsWith("ai-") ? base : `ai-${base}`;
}

/**
 * The written tests that fit the blueprint (normalised, `ai-` ids, tagged values) and the
 * problems of the others. At most 10 tests are looked at; the rest are dropped.
 */
export function checkUiTests(tests: readonly UiTest[], blueprint: Blueprint, options: UiCheckOptions = {}): UiCheckResult {
  const facts = new UiFacts(blueprint);
  const first = options.firstTag ?? FIRST_AI_TAG;
  const problems: string[] = [];
  const invalid: InvalidUiTest[] = [];
  const valid: UiTest[] = [];
  const excess = tests.slice(MAX_UI_TESTS).map((t) => t.id);
  if (excess.length) problems.push(`only ${MAX_UI_TESTS} tests are kept; dropped: ${excess.join(", ")}`);
  for (const test of tests.slice(0, MAX_UI_TESTS)) {
    const checker = new TestChecker(facts, test);
    const checked = checker.run();
    if (checker.problems.length) {
      problems.push(...checker.problems);
      invalid.push({ id: test.id, name: test.name, problems: checker.problems });
    } else valid.push(checked);
  }
  const ids = new Set<string>();
  let happy = 0;
  const out = valid.map((test, index) => {
    let id = aiTestId(test.id, test.name);
    for (let n = 2; ids.has(id); n += 1) id = `${aiTestId(test.id, test.name)}-${n}`;
    ids.add(id);
    const tagged = JSON.parse(JSON.stringify(test.steps).split(UNIQUE_PLACEHOLDER).join(`UI ${first + index}`)) as UiStep[];
    // Quick runs play the happy tests only: a few at most.
    const isHappy = test.happy && happy < 2;
    if (isHappy) happy += 1;
    return { id, name: test.name.replace(/\s+/g, " ").trim(), happy: isHappy, steps: tagged };
  });
  return { tests: out, problems, invalid, excess };
}
