/**
 * Cross-reference checks the zod schema cannot express: every view, menu, ACL, rule, cron, demo
 * record and template names a model the blueprint defines or extends; fields named anywhere exist
 * on their model; relations, computes, workflows and groups are coherent.
 *
 * For `extend` models the core model's own fields are unknown here, so unknown names are allowed.
 */
import { checkDefault, CORE_MODEL_MODULES, dependsClosure, MODEL_ATTRIBUTES, MODULE_CLOSURE, PYTHON_KEYWORDS } from "./field-rules";
import { duplicateMethods } from "./methods";
import { knownFields, type KnownField } from "./model-fields";
import type { Blueprint, Condition, Model, ViewField } from "./schema";

export interface ReferenceProblem {
  path: string;
  message: string;
}

export class BlueprintReferenceError extends Error {
  constructor(readonly problems: ReferenceProblem[]) {
    super(`The blueprint has ${problems.length} reference problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `- ${p.path}: ${p.message}`).join("\n")}`);
    this.name = "BlueprintReferenceError";
  }
}

const DATE_TYPES = new Set(["date", "datetime"]);
const NUMBER_TYPES = new Set(["integer", "float", "monetary"]);

export function checkBlueprintReferences(bp: Blueprint): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const models = new Map<string, Model>();
  bp.models.forEach((model, i) => {
    if (models.has(model.name)) add(`models[${i}].name`, `Model ${model.name} is declared twice`);
    models.set(model.name, model);
  });
  const fieldsOf = new Map<string, Map<string, KnownField>>([...models].map(([name, model]) => [name, knownFields(model)]));
  const groupIds = new Set(bp.security.groups.map((g) => g.id));
  const deps = dependsClosure(bp);

  // Only conclusive when every dependency's own dependencies are known here.
  const closureComplete = bp.module.depends.every((name) => name in MODULE_CLOSURE);
  const checkExternal = (path: string, id: string) => {
    const prefix = id.split(".")[0]!;
    if (closureComplete && prefix !== bp.module.name && !deps.has(prefix)) {
      add(path, `${id} belongs to the "${prefix}" module: add it to module.depends`);
    }
  };
  const checkGroup = (path: string, id: string) => {
    if (id.includes(".")) checkExternal(path, id);
    else if (!groupIds.has(id)) add(path, `Unknown group "${id}": declare it under security.groups or use a qualified id like base.group_user`);
  };
  const checkModel = (path: string, name: string): Model | undefined => {
    const model = models.get(name);
    if (!model) add(path, `Model ${name} is not defined or extended by this blueprint`);
    return model;
  };
  /** Field must exist on a new model; on an extension only declared fields are known. */
  const checkField = (path: string, modelName: string, field: string, accept?: (f: KnownField) => string | null) => {
    const model = models.get(modelName);
    if (!model) return;
    const known = fieldsOf.get(modelName)!.get(field);
    if (!known) {
      if (model.kind === "new") add(path, `Field ${field} does not exist on ${modelName}`);
      return;
    }
    const problem = accept?.(known);
    if (problem) add(path, problem);
  };
  const checkConditions = (path: string, modelName: string, conditions: readonly Condition[] | undefined) => {
    conditions?.forEach((c, i) => checkField(`${path}[${i}].field`, modelName, c.field));
  };
  const checkViewField = (path: string, modelName: string, vf: string | ViewField) => {
    const spec = typeof vf === "string" ? { name: vf } : vf;
    checkField(path, modelName, spec.name);
    for (const key of ["invisible", "readonly", "required"] as const) checkConditions(`${path}.${key}`, modelName, spec[key]);
  };
  const isDate = (f: KnownField) => (DATE_TYPES.has(f.type) ? null : `${f.name} must be a date or datetime field`);
  const isNumber = (f: KnownField) => (NUMBER_TYPES.has(f.type) ? null : `${f.name} must be a numeric field`);

  bp.models.forEach((model, mi) => {
    const at = `models[${mi}]`;
    const known = fieldsOf.get(model.name)!;
    const isNew = model.kind === "new";
    const has = (path: string, name: string, accept?: (f: KnownField) => string | null) => checkField(path, model.name, name, accept);
    if (model.recName) has(`${at}.recName`, model.recName);
    if (model.order && isNew) {
      for (const part of model.order.split(",")) has(`${at}.order`, part.trim().split(" ")[0]!);
    }
    if (model.companyAware && model.fields.some((f) => f.name === "company_id")) add(`${at}.fields`, "companyAware adds company_id itself: do not declare it");
    if (model.currency && model.fields.some((f) => f.name === "currency_id")) add(`${at}.fields`, "currency adds currency_id itself: do not declare it");

    model.fields.forEach((field, fi) => {
      const fp = `${at}.fields[${fi}]`;
      if (PYTHON_KEYWORDS.has(field.name)) add(`${fp}.name`, `${field.name} is a Python keyword and cannot be a field name`);
      else if (MODEL_ATTRIBUTES.has(field.name)) add(`${fp}.name`, `${field.name} would hide the ORM's own ${field.name}; choose another name`);
      const defaultProblem = checkDefault(field);
      if (defaultProblem) add(`${fp}.default`, defaultProblem);
      if (field.tracking && isNew && !model.mixins.includes("mail.thread")) add(`${fp}.tracking`, "Tracking needs the mail.thread mixin on the model");
      field.groups.forEach((g, gi) => checkGroup(`${fp}.groups[${gi}]`, g));
      if (field.related && isNew) has(`${fp}.related`, field.related.split(".")[0]!);
      if ("comodel" in field) {
        const module = CORE_MODEL_MODULES[field.comodel];
        if (!models.has(field.comodel) && module && !deps.has(module)) {
          add(`${fp}.comodel`, `${field.comodel} comes with the "${module}" module: add it to module.depends`);
        }
      }
      if (field.type === "one2many") {
        const comodel = models.get(field.comodel);
        if (comodel) {
          const inverse = fieldsOf.get(field.comodel)!.get(field.inverse);
          if (!inverse) add(`${fp}.inverse`, `${field.comodel} has no field ${field.inverse} (the inverse many2one of ${field.name})`);
          else if (inverse.type !== "many2one" || inverse.comodel !== model.name) add(`${fp}.inverse`, `${field.comodel}.${field.inverse} must be a many2one to ${model.name}`);
        } else if (!CORE_MODEL_MODULES[field.comodel]) {
          // unknown core comodel: cannot be checked here
        }
      }
      if (field.type === "many2many" && !field.relation) {
        if (field.comodel === model.name) add(`${fp}.relation`, "A many2many to its own model needs an explicit relation table name");
        else if (model.fields.some((other, oi) => oi !== fi && other.type === "many2many" && other.comodel === field.comodel && !other.relation)) {
          add(`${fp}.relation`, `Two many2many fields to ${field.comodel} would share one table: give each a relation name`);
        }
      }
      if (field.type === "monetary" && isNew && !known.has(field.currencyField)) {
        add(`${fp}.currencyField`, `Monetary field ${field.name} needs a currency field ${field.currencyField}: set currency: true on the model or declare it`);
      }
      if (field.type === "many2one" && field.domain) checkConditions(`${fp}.domain`, field.comodel, field.domain);
      const compute = "compute" in field ? field.compute : undefined;
      if (!compute) return;
      const cp = `${fp}.compute`;
      switch (compute.kind) {
        case "sum":
        case "count": {
          const source = known.get(compute.source);
          if (!source) {
            if (isNew) add(`${cp}.source`, `Field ${compute.source} does not exist on ${model.name}`);
            break;
          }
          if (!["one2many", "many2many"].includes(source.type)) add(`${cp}.source`, `${compute.source} must be a one2many or many2many field`);
          if (compute.kind === "sum" && source.comodel && models.has(source.comodel)) {
            checkField(`${cp}.field`, source.comodel, compute.field, isNumber);
          }
          break;
        }
        case "date_add":
          has(`${cp}.from`, compute.from, isDate);
          if (typeof compute.days === "string") has(`${cp}.days`, compute.days, isNumber);
          break;
        case "date_diff":
          has(`${cp}.start`, compute.start, isDate);
          has(`${cp}.end`, compute.end, isDate);
          break;
        case "concat":
          compute.fields.forEach((f, i) => has(`${cp}.fields[${i}]`, f));
          break;
        case "product":
          compute.fields.forEach((f, i) => has(`${cp}.fields[${i}]`, f, isNumber));
          break;
        case "percentage":
          has(`${cp}.numerator`, compute.numerator, isNumber);
          has(`${cp}.denominator`, compute.denominator, isNumber);
          break;
        case "custom":
          compute.depends.forEach((d, i) => has(`${cp}.depends[${i}]`, d.split(".")[0]!));
          break;
      }
    });

    const constraintNames = new Set<string>();
    model.sqlConstraints.forEach((c, ci) => {
      if (constraintNames.has(c.name)) add(`${at}.sqlConstraints[${ci}].name`, `Constraint ${c.name} is declared twice`);
      constraintNames.add(c.name);
      const cp = `${at}.sqlConstraints[${ci}]`;
      if (c.kind === "unique") c.fields.forEach((f, i) => has(`${cp}.fields[${i}]`, f));
      else {
        has(`${cp}.field`, c.field);
        if (typeof c.value === "string") has(`${cp}.value`, c.value);
      }
    });
    model.constraints.forEach((c, ci) => {
      const cp = `${at}.constraints[${ci}]`;
      if (c.kind === "custom") {
        c.fields.forEach((name, fi) => has(`${cp}.fields[${fi}]`, name));
        return;
      }
      has(`${cp}.field`, c.field);
      if (c.kind === "lte") has(`${cp}.other`, c.other);
      if (c.kind === "required_if") has(`${cp}.when.field`, c.when.field);
    });
    model.onchanges.forEach((o, oi) => o.fields.forEach((name, fi) => has(`${at}.onchanges[${oi}].fields[${fi}]`, name)));
    for (const { method, first } of duplicateMethods(model)) {
      add(`${at}.${method.path}`, `${method.name} is also the name of the ${first.origin} method at ${at}.${first.path}; Python would keep only one: rename it`);
    }

    if (model.workflow) {
      const wf = model.workflow;
      const states = new Set(wf.states.map((s) => s.value));
      if (states.size !== wf.states.length) add(`${at}.workflow.states`, "State values must be unique");
      const transitionNames = new Set(wf.transitions.map((t) => t.name));
      if (transitionNames.size !== wf.transitions.length) add(`${at}.workflow.transitions`, "Transition names must be unique (each becomes an action_<name> method)");
      const declared = model.fields.find((f) => f.name === wf.field);
      if (declared && declared.type !== "selection") add(`${at}.workflow.field`, `${wf.field} is declared but is not a selection field`);
      wf.transitions.forEach((t, ti) => {
        const tp = `${at}.workflow.transitions[${ti}]`;
        t.from.forEach((s, si) => {
          if (!states.has(s)) add(`${tp}.from[${si}]`, `Unknown state "${s}"`);
        });
        if (!states.has(t.to)) add(`${tp}.to`, `Unknown state "${t.to}"`);
        t.groups.forEach((g, gi) => checkGroup(`${tp}.groups[${gi}]`, g));
      });
      wf.statusbarVisible?.forEach((s, si) => {
        if (!states.has(s)) add(`${at}.workflow.statusbarVisible[${si}]`, `Unknown state "${s}"`);
      });
    }
    if (model.sequence) {
      const declared = model.fields.find((f) => f.name === model.sequence!.field);
      if (declared && declared.type !== "char") add(`${at}.sequence.field`, `${declared.name} must be a char field to hold a sequence number`);
    }
  });

  bp.views.forEach((view, vi) => {
    const at = `views[${vi}]`;
    const model = checkModel(`${at}.model`, view.model);
    if (!model) return;
    const field = (path: string, name: string, accept?: (f: KnownField) => string | null) => checkField(path, view.model, name, accept);
    switch (view.type) {
      case "list":
        view.fields.forEach((f, i) => checkViewField(`${at}.fields[${i}]`, view.model, f));
        view.decorations.forEach((d, i) => checkConditions(`${at}.decorations[${i}].when`, view.model, d.when));
        break;
      case "form":
        if (view.title) field(`${at}.title`, view.title);
        view.groups.forEach((g, gi) => g.fields.forEach((f, i) => checkViewField(`${at}.groups[${gi}].fields[${i}]`, view.model, f)));
        view.pages.forEach((p, pi) => p.fields.forEach((f, i) => checkViewField(`${at}.pages[${pi}].fields[${i}]`, view.model, f)));
        if (view.chatter && model.kind === "new" && !model.mixins.includes("mail.thread")) add(`${at}.chatter`, `The chatter needs the mail.thread mixin on ${view.model}`);
        break;
      case "search":
        view.fields.forEach((f, i) => checkViewField(`${at}.fields[${i}]`, view.model, f));
        view.filters.forEach((f, i) => checkConditions(`${at}.filters[${i}].domain`, view.model, f.domain));
        view.groupBy.forEach((g, i) => field(`${at}.groupBy[${i}]`, g));
        break;
      case "kanban":
        field(`${at}.title`, view.title);
        if (view.groupBy) field(`${at}.groupBy`, view.groupBy);
        view.fields.forEach((f, i) => field(`${at}.fields[${i}]`, f));
        break;
      case "calendar":
        field(`${at}.dateStart`, view.dateStart, isDate);
        if (view.dateStop) field(`${at}.dateStop`, view.dateStop, isDate);
        if (view.color) field(`${at}.color`, view.color);
        break;
      case "pivot":
        [...view.rows, ...view.cols].forEach((f, i) => field(`${at}.rows/cols[${i}]`, f));
        view.measures.forEach((f, i) => field(`${at}.measures[${i}]`, f, isNumber));
        break;
      case "graph":
        field(`${at}.groupBy`, view.groupBy);
        view.measures.forEach((f, i) => field(`${at}.measures[${i}]`, f, isNumber));
        break;
      case "inherit":
        checkExternal(`${at}.inheritId`, view.inheritId);
        if (model.kind === "new") add(`${at}.inheritId`, "Inherited views are for extended models (kind: extend)");
        view.fields.forEach((f, i) => checkViewField(`${at}.fields[${i}]`, view.model, f));
        break;
    }
  });

  const menuIds = new Map(bp.menus.map((m) => [m.id, m]));
  if (menuIds.size !== bp.menus.length) add("menus", "Menu ids must be unique");
  bp.menus.forEach((menu, mi) => {
    const at = `menus[${mi}]`;
    if (menu.model) {
      checkModel(`${at}.model`, menu.model);
      checkConditions(`${at}.domain`, menu.model, menu.domain);
    }
    if (menu.parent) {
      const parent = menuIds.get(menu.parent);
      if (!parent) add(`${at}.parent`, `Unknown parent menu "${menu.parent}"`);
      else if (parent.model) add(`${at}.parent`, `Parent menu "${menu.parent}" opens a model; only folders (menus without a model) can have children`);
      const seen = new Set([menu.id]);
      for (let p = parent; p?.parent; p = menuIds.get(p.parent)) {
        if (seen.has(p.id)) {
          add(`${at}.parent`, "Menu parents form a cycle");
          break;
        }
        seen.add(p.id);
      }
    }
    menu.groups.forEach((g, gi) => checkGroup(`${at}.groups[${gi}]`, g));
  });

  bp.security.groups.forEach((group, gi) => group.implied.forEach((g, i) => checkGroup(`security.groups[${gi}].implied[${i}]`, g)));
  bp.security.acls.forEach((acl, i) => {
    checkModel(`security.acls[${i}].model`, acl.model);
    if (acl.group) checkGroup(`security.acls[${i}].group`, acl.group);
  });
  bp.security.rules.forEach((rule, i) => {
    const model = checkModel(`security.rules[${i}].model`, rule.model);
    rule.groups.forEach((g, gi) => checkGroup(`security.rules[${i}].groups[${gi}]`, g));
    if (model && rule.kind === "company" && model.kind === "new" && !fieldsOf.get(model.name)!.has("company_id")) {
      add(`security.rules[${i}].kind`, `${rule.model} has no company_id: set companyAware on the model`);
    }
  });

  const localIds = new Set<string>([...groupIds]);
  bp.demo.forEach((record, i) => {
    const at = `demo[${i}]`;
    checkModel(`${at}.model`, record.model);
    for (const [name, value] of Object.entries(record.values)) {
      checkField(`${at}.values.${name}`, record.model, name);
      if (value === null || typeof value !== "object") continue;
      if (value.ref.includes(".")) checkExternal(`${at}.values.${name}`, value.ref);
      else if (!localIds.has(value.ref)) add(`${at}.values.${name}`, `Demo reference "${value.ref}" is not a record defined earlier in this module`);
    }
    localIds.add(record.id);
  });

  const cronMethods = new Set<string>();
  bp.crons.forEach((cron, i) => {
    checkModel(`crons[${i}].model`, cron.model);
    const key = `${cron.model}:${cron.method}`;
    if (cronMethods.has(key)) add(`crons[${i}].method`, `${cron.method} is already a scheduled action of ${cron.model}`);
    cronMethods.add(key);
  });
  bp.mailTemplates.forEach((template, i) => checkModel(`mailTemplates[${i}].model`, template.model));

  // Ids the compiler generates itself.
  const ids = new Map<string, string>([
    ["menu_root", "the app's root menu"],
    ["menu_configuration", "the Configuration menu"],
  ]);
  const claim = (id: string, path: string) => {
    const other = ids.get(id);
    if (other) add(path, `xml id "${id}" is also used by ${other}`);
    else ids.set(id, path);
  };
  bp.security.groups.forEach((g, i) => claim(g.id, `security.groups[${i}].id`));
  bp.security.rules.forEach((r, i) => claim(r.id, `security.rules[${i}].id`));
  bp.menus.forEach((m, i) => claim(m.id, `menus[${i}].id`));
  bp.demo.forEach((d, i) => claim(d.id, `demo[${i}].id`));
  bp.crons.forEach((c, i) => claim(c.id, `crons[${i}].id`));
  bp.mailTemplates.forEach((t, i) => claim(t.id, `mailTemplates[${i}].id`));
  return problems;
}
