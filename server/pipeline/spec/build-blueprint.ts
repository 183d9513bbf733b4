/**
 * From what the drafter recognised to a Module Blueprint that compiles and validates: one model
 * per entity (a required name first), views every Odoo user expects (list, form, search; kanban
 * for workflows, calendar for dated records, pivot for amounts), a menu per model, user and
 * manager groups with access rules on every model.
 */
import type { OdooVersion } from "@/lib/odoo-versions";
import { isCoreModule } from "@/server/odoo/core-modules";
import type { z } from "zod";
import { type Blueprint, type BlueprintInput, blueprintSchema, type fieldSchema, type Workflow } from "@/server/odoo/blueprint/schema";
import { type DraftEntity, type DraftField, isCancelState, type Recognised } from "./recognise";
import { snake } from "./text";

export interface BuildInput {
  title: string;
  moduleName: string;
  odooVersion: OdooVersion;
  description: string;
  depends: string[];
  /** Core modules available through depends (with what they bring). */
  modules: Set<string>;
}

/** Model names start with a short form of the module name: unique, and never a core prefix. */
export function modelPrefix(moduleName: string): string {
  let parts = moduleName.split("_").filter(Boolean);
  while (parts.length > 1 && parts.join("_").length > 24) parts = parts.slice(0, -1);
  let prefix = parts.join("_").slice(0, 24).replace(/_+$/, "");
  // "sale_order_extras" shortened to "sale" would put our models among Odoo's own sale.* models.
  if (isCoreModule(prefix) || prefix.length < 2) prefix = `x_${prefix}`.slice(0, 24);
  return prefix;
}

const TRANSITION_VERBS: Record<string, [string, string]> = {
  confirmed: ["confirm", "Confirm"],
  done: ["done", "Mark as Done"],
  scheduled: ["schedule", "Schedule"],
  in_progress: ["start", "Start"],
  started: ["start", "Start"],
  approved: ["approve", "Approve"],
  submitted: ["submit", "Submit"],
  sent: ["send", "Mark as Sent"],
  validated: ["validate", "Validate"],
  closed: ["close", "Close"],
  completed: ["complete", "Complete"],
  finished: ["finish", "Finish"],
  paid: ["mark_paid", "Mark as Paid"],
  cancelled: ["cancel", "Cancel"],
  canceled: ["cancel", "Cancel"],
  rejected: ["reject", "Reject"],
  refused: ["refuse", "Refuse"],
  returned: ["mark_returned", "Mark as Returned"],
  borrowed: ["lend", "Lend"],
  booked: ["book", "Book"],
  planned: ["plan", "Plan"],
  open: ["open", "Open"],
  published: ["publish", "Publish"],
  delivered: ["deliver", "Deliver"],
  invoiced: ["invoice", "Invoice"],
  ordered: ["order", "Order"],
  received: ["receive", "Receive"],
  archived: ["archive", "Archive"],
  lost: ["mark_lost", "Mark as Lost"],
  won: ["mark_won", "Mark as Won"],
  ready: ["mark_ready", "Mark as Ready"],
};

/** draft → confirmed → done as primary buttons; cancel-like states from any open state, and back. */
export function workflowFor(states: { value: string; label: string }[]): Workflow {
  const cancels = states.filter((s) => isCancelState(s.value));
  const chain = cancels.length === states.length ? states : states.filter((s) => !isCancelState(s.value));
  const used = new Set<string>();
  const unique = (name: string) => {
    let candidate = name;
    for (let n = 2; used.has(candidate); n += 1) candidate = `${name}_${n}`;
    used.add(candidate);
    return candidate;
  };
  const verb = (state: { value: string; label: string }): [string, string] =>
    TRANSITION_VERBS[state.value] ?? [snake(["to", state.value], 40), `Set to ${state.label}`];
  const transitions: Workflow["transitions"] = [];
  for (let i = 0; i + 1 < chain.length; i += 1) {
    const [name, label] = verb(chain[i + 1]!);
    transitions.push({ name: unique(name), label, from: [chain[i]!.value], to: chain[i + 1]!.value, primary: true, groups: [] });
  }
  if (cancels.length > 0 && chain !== states) {
    const open = chain.slice(0, -1).map((s) => s.value);
    for (const cancel of cancels) {
      const [name, label] = verb(cancel);
      const from = open.length ? open : [chain[0]!.value];
      transitions.push({ name: unique(name), label, from, to: cancel.value, primary: false, groups: [] });
    }
    transitions.push({
      name: unique("reset"),
      label: `Reset to ${chain[0]!.label}`,
      from: cancels.map((s) => s.value),
      to: chain[0]!.value,
      primary: false,
      groups: [],
    });
  }
  return {
    field: "state",
    states,
    transitions,
    statusbarVisible: chain.map((s) => s.value),
  };
}

const NOT_IN_GROUPS = new Set(["one2many", "many2many", "text"]);

export function buildBlueprint(input: BuildInput, rec: Recognised): Blueprint {
  const prefix = modelPrefix(input.moduleName);
  const modelOf = (key: string) => `${prefix}.${key}`;
  const mail = input.modules.has("mail");
  const firstSentence = input.description.split(/(?<=[.!?])\s|\n/)[0]?.trim() ?? "";

  const fieldOf = (entity: DraftEntity, field: DraftField): z.input<typeof fieldSchema> => {
    const common = { name: field.name, string: field.label.slice(0, 120) || field.name, required: field.required ?? false };
    switch (field.type) {
      case "many2one": {
        const comodel = field.target!.kind === "entity" ? modelOf(field.target!.key) : field.target!.model;
        return { ...common, type: "many2one", comodel, ondelete: field.cascade ? "cascade" : "set null", index: true };
      }
      case "one2many":
        return { ...common, type: "one2many", comodel: modelOf((field.target as { key: string }).key), inverse: field.inverse!, copy: false };
      case "many2many": {
        const comodel = field.target!.kind === "entity" ? modelOf(field.target!.key) : field.target!.model;
        // An explicit table name: two modules drafted with the same words must not share one.
        const relation = `${prefix}_${entity.key}_${field.name}`.slice(0, 58).replace(/_+$/, "") + "_rel";
        return { ...common, type: "many2many", comodel, relation };
      }
      case "selection":
        return { ...common, type: "selection", options: field.options!, default: field.default as string | undefined };
      case "float":
        return { ...common, type: "float", default: typeof field.default === "number" ? field.default : undefined };
      case "boolean":
        return { ...common, type: "boolean", default: typeof field.default === "boolean" ? field.default : undefined };
      case "image":
        return { ...common, type: "image", maxSize: 1024 };
      default:
        return { ...common, type: field.type };
    }
  };

  const models: BlueprintInput["models"] = rec.entities.map((entity) => {
    const fields = [
      { name: "name", type: "char" as const, string: entity.lineOf ? "Description" : "Name", required: true },
      ...entity.fields.map((field) => fieldOf(entity, field)),
    ];
    return {
      name: modelOf(entity.key),
      description: entity.label.slice(0, 120),
      mixins: mail && !entity.lineOf ? (["mail.thread", "mail.activity.mixin"] as const).slice() : [],
      currency: entity.fields.some((f) => f.type === "monetary"),
      companyAware: entity.companyAware ?? false,
      fields,
      workflow: entity.states && entity.states.length >= 2 ? workflowFor(entity.states) : undefined,
      sqlConstraints: entity.fields
        .filter((f) => f.unique)
        .map((f) => ({ kind: "unique" as const, name: `${f.name}_uniq`, fields: [f.name], message: `Another ${entity.label.toLowerCase()} already has this ${f.label.toLowerCase()}.`.slice(0, 120) })),
    };
  });

  const views: NonNullable<BlueprintInput["views"]> = [];
  for (const entity of rec.entities) {
    const model = modelOf(entity.key);
    const hasWorkflow = Boolean(entity.states && entity.states.length >= 2);
    const inGroups = entity.fields.filter((f) => !NOT_IN_GROUPS.has(f.type));
    const inList = entity.fields.filter((f) => !NOT_IN_GROUPS.has(f.type) && f.type !== "image" && f.type !== "binary").slice(0, 6);
    const groupable = entity.fields.filter((f) => f.type === "many2one" || f.type === "selection");
    const numbers = entity.fields.filter((f) => f.type === "monetary" || f.type === "float" || f.type === "integer");
    const listFields = ["name", ...inList.map((f) => f.name), ...(hasWorkflow ? ["state"] : [])];

    if (entity.lineOf) {
      const parentField = entity.fields.find((f) => f.target?.kind === "entity" && f.target.key === entity.lineOf);
      views.push({ type: "list", model, editable: "bottom", fields: listFields.filter((f) => f !== parentField?.name) });
    } else {
      views.push({
        type: "list",
        model,
        fields: listFields,
        decorations: hasWorkflow ? decorationsFor(entity) : [],
      });
    }
    const half = Math.ceil(inGroups.length / 2);
    const groups = inGroups.length > 6
      ? [{ fields: inGroups.slice(0, half).map((f) => f.name) }, { fields: inGroups.slice(half).map((f) => f.name) }]
      : inGroups.length
        ? [{ fields: inGroups.map((f) => f.name) }]
        : [];
    const texts = entity.fields.filter((f) => f.type === "text");
    const pages = [
      ...entity.fields.filter((f) => f.type === "one2many" || f.type === "many2many").map((f) => ({ title: f.label.slice(0, 120), fields: [f.name] })),
      ...(texts.length ? [{ title: "Notes", fields: texts.map((f) => f.name) }] : []),
    ];
    views.push({ type: "form", model, title: "name", groups, pages, chatter: mail && !entity.lineOf });
    if (entity.lineOf) continue;

    const users = entity.fields.find((f) => f.type === "many2one" && f.target?.kind === "core" && f.target.model === "res.users");
    const cancels = (entity.states ?? []).filter((s) => isCancelState(s.value)).map((s) => s.value);
    const final = hasWorkflow ? entity.states!.filter((s) => !isCancelState(s.value)).slice(-1)[0]?.value : undefined;
    views.push({
      type: "search",
      model,
      fields: ["name", ...entity.fields.filter((f) => f.type === "many2one" || f.type === "char").slice(0, 4).map((f) => f.name)],
      filters: [
        ...(users ? [{ name: "mine", label: "Mine", domain: [{ field: users.name, op: "=" as const, value: { dynamic: "current_user" as const } }] }] : []),
        ...(hasWorkflow && final ? [{ name: "open", label: "Open", domain: [{ field: "state", op: "not in" as const, value: [final, ...cancels] }] }] : []),
      ],
      groupBy: [...(hasWorkflow ? ["state"] : []), ...groupable.slice(0, 3).map((f) => f.name)],
    });
    if (hasWorkflow) {
      views.push({ type: "kanban", model, groupBy: "state", title: "name", fields: inList.slice(0, 3).map((f) => f.name) });
    }
    const dated = entity.fields.find((f) => f.type === "datetime") ?? entity.fields.find((f) => f.type === "date");
    if (dated) views.push({ type: "calendar", model, dateStart: dated.name, mode: "month" });
    if (numbers.length && groupable.length) {
      views.push({ type: "pivot", model, rows: [groupable[0]!.name], measures: numbers.slice(0, 3).map((f) => f.name) });
    }
  }

  const menus: NonNullable<BlueprintInput["menus"]> = rec.entities.map((entity, index) => ({
    id: `menu_${entity.key}`.slice(0, 120),
    name: entity.pluralLabel.slice(0, 120),
    model: modelOf(entity.key),
    configuration: Boolean(entity.lineOf),
    sequence: (index + 1) * 10,
  }));

  const acls: NonNullable<NonNullable<BlueprintInput["security"]>["acls"]> = rec.entities.flatMap((entity) => [
    { model: modelOf(entity.key), group: "group_user", read: true, write: true, create: true, unlink: Boolean(entity.lineOf) },
    { model: modelOf(entity.key), group: "group_manager", read: true, write: true, create: true, unlink: true },
  ]);

  const depends = input.depends.length ? [...new Set(input.depends)].sort() : ["base"];
  return blueprintSchema.parse({
    module: {
      name: input.moduleName,
      title: input.title,
      summary: firstSentence.slice(0, 200),
      description: input.description.trim().slice(0, 20_000),
      category: "Uncategorized",
      odooVersion: input.odooVersion,
      depends,
      application: true,
    },
    models,
    views,
    menus,
    security: {
      groups: [
        { id: "group_user", name: "User", implied: ["base.group_user"] },
        { id: "group_manager", name: "Manager", implied: ["group_user"], addAdmin: true },
      ],
      acls,
      rules: rec.entities
        .filter((e) => e.companyAware)
        .map((e) => ({ id: `rule_${e.key}_company`, name: `${e.label}: own companies only`.slice(0, 120), model: modelOf(e.key), kind: "company" as const })),
    },
    tests: { generate: true },
  } satisfies BlueprintInput);
}

function decorationsFor(entity: DraftEntity) {
  const states = entity.states ?? [];
  const cancels = states.filter((s) => isCancelState(s.value)).map((s) => s.value);
  const final = states.filter((s) => !isCancelState(s.value)).slice(-1)[0];
  return [
    ...(final ? [{ style: "success" as const, when: [{ field: "state", op: "=" as const, value: final.value }] }] : []),
    ...(cancels.length ? [{ style: "muted" as const, when: [{ field: "state", op: "in" as const, value: cancels }] }] : []),
  ];
}
