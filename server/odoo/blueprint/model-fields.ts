/**
 * The fields a blueprint model ends up with: declared ones plus those the compiler generates
 * (workflow state, sequence number, company, currency) and those its mixins bring. Shared by the
 * reference checker and the compiler so both agree on what exists.
 */
import type { Blueprint, Field, FieldType, Model } from "./schema";

export interface KnownField {
  name: string;
  type: FieldType;
  comodel?: string;
  origin: "declared" | "generated" | "mixin" | "magic";
  /** Stored, writable, non-computed (what tests and demo data may set). */
  settable: boolean;
}

/** Columns every model has. */
const MAGIC_FIELDS: [string, FieldType, string?][] = [
  ["id", "integer"],
  ["display_name", "char"],
  ["create_date", "datetime"],
  ["create_uid", "many2one", "res.users"],
  ["write_date", "datetime"],
  ["write_uid", "many2one", "res.users"],
];

const MAIL_THREAD_FIELDS: [string, FieldType, string?][] = [
  ["message_ids", "one2many", "mail.message"],
  ["message_follower_ids", "one2many", "mail.followers"],
  ["message_partner_ids", "many2many", "res.partner"],
  ["message_is_follower", "boolean"],
  ["message_attachment_count", "integer"],
  ["has_message", "boolean"],
  ["message_needaction", "boolean"],
  ["message_has_error", "boolean"],
];
const ACTIVITY_FIELDS: [string, FieldType, string?][] = [
  ["activity_ids", "one2many", "mail.activity"],
  ["activity_state", "selection"],
  ["activity_user_id", "many2one", "res.users"],
  ["activity_type_id", "many2one", "mail.activity.type"],
  ["activity_date_deadline", "date"],
  ["activity_summary", "char"],
  ["my_activity_date_deadline", "date"],
];

export function isSettable(field: Field): boolean {
  return !("compute" in field && field.compute) && !field.related;
}

/** Fields the compiler adds to a `new` model (none for extensions). */
export function generatedFields(model: Model): Field[] {
  if (model.kind !== "new") return [];
  const declared = new Set(model.fields.map((field) => field.name));
  const out: Field[] = [];
  const common = { help: undefined, required: false, readonly: false, index: false, tracking: false, groups: [] as string[] };
  if (model.sequence && !declared.has(model.sequence.field)) {
    out.push({ ...common, name: model.sequence.field, string: "Reference", type: "char", translate: false, required: true, readonly: true, copy: false, default: "New" });
  }
  if (model.workflow && !declared.has(model.workflow.field)) {
    out.push({
      ...common,
      name: model.workflow.field,
      string: "Status",
      type: "selection",
      options: model.workflow.states,
      required: true,
      copy: false,
      default: model.workflow.states[0]!.value,
      tracking: model.mixins.includes("mail.thread"),
    });
  }
  if (model.companyAware && !declared.has("company_id")) {
    out.push({ ...common, name: "company_id", string: "Company", type: "many2one", comodel: "res.company", ondelete: "restrict", required: true, index: true, default: { dynamic: "current_company" } });
  }
  if (model.currency && !declared.has("currency_id")) {
    out.push({
      ...common,
      name: "currency_id",
      string: "Currency",
      type: "many2one",
      comodel: "res.currency",
      ondelete: "restrict",
      ...(model.companyAware ? { related: "company_id.currency_id" } : { required: true }),
    });
  }
  return out;
}

/** Every field known to exist on a blueprint model, by name. */
export function knownFields(model: Model): Map<string, KnownField> {
  const map = new Map<string, KnownField>();
  const add = (name: string, type: FieldType, origin: KnownField["origin"], comodel?: string, settable = false) => {
    if (!map.has(name)) map.set(name, { name, type, comodel, origin, settable });
  };
  for (const field of model.fields) {
    add(field.name, field.type, "declared", "comodel" in field ? field.comodel : undefined, isSettable(field));
  }
  for (const field of generatedFields(model)) {
    add(field.name, field.type, "generated", "comodel" in field ? field.comodel : undefined, false);
  }
  for (const [name, type, comodel] of MAGIC_FIELDS) add(name, type, "magic", comodel);
  if (model.mixins.includes("mail.thread")) for (const [name, type, comodel] of MAIL_THREAD_FIELDS) add(name, type, "mixin", comodel);
  if (model.mixins.includes("mail.activity.mixin")) for (const [name, type, comodel] of ACTIVITY_FIELDS) add(name, type, "mixin", comodel);
  return map;
}

/** Declared + generated fields in emission order (generated ones first, as Odoo modules usually do). */
export function allModelFields(model: Model): Field[] {
  const generated = generatedFields(model);
  const byName = new Set(generated.map((field) => field.name));
  return [...generated, ...model.fields.filter((field) => !byName.has(field.name))];
}

export function findModel(blueprint: Blueprint, name: string): Model | undefined {
  return blueprint.models.find((model) => model.name === name);
}

/** `fleet.maintenance.log` → `fleet_maintenance_log` (file names, xml ids, tables). */
export function modelSlug(name: string): string {
  return name.replace(/\./g, "_");
}
