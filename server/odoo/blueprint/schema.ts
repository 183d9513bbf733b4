/**
 * The Module Blueprint: a typed, versioned description of an Odoo addon. One zod schema serves
 * the blueprint editor's form, tRPC inputs, the AI's structured output and pipeline events; the
 * compiler turns it into files for a target Odoo version.
 *
 * Names are checked here (shape); cross-references (a view naming a field that exists, a menu
 * naming a model the module has) are checked by `validateBlueprint` in ./references.ts, because
 * zod object schemas cannot see their siblings cleanly.
 */
import { z } from "zod";
import { odooVersions } from "@/lib/odoo-versions";
import { dependencyNameSchema, moduleNameSchema } from "@/server/odoo/module-name";

export const BLUEPRINT_SCHEMA_VERSION = 1;

const identifier = /^[a-z][a-z0-9_]*$/;

/** `fleet.maintenance`, `res.partner`: dotted lower-case words. */
export const modelNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, "Model names are dotted lower-case words, e.g. fleet.maintenance.log")
  .max(64);

/** Columns Odoo manages itself: a blueprint may not declare them. */
export const RESERVED_FIELD_NAMES = new Set([
  "id",
  "create_uid",
  "create_date",
  "write_uid",
  "write_date",
  "display_name",
  "__last_update",
]);

export const fieldNameSchema = z
  .string()
  .regex(identifier, "Field names are lower-case snake_case, e.g. next_due_date")
  .max(63)
  .refine((name) => !RESERVED_FIELD_NAMES.has(name), "This field name is reserved by Odoo");

/** A local xml id (within the module), e.g. `group_manager`. */
export const localIdSchema = z.string().regex(identifier, "Use lower-case snake_case ids").max(120);

/** An xml id, local (`group_manager`) or qualified (`base.group_user`). */
export const xmlIdSchema = z
  .string()
  .regex(/^([a-z][a-z0-9_]*\.)?[a-z][a-z0-9_]*$/, "xml ids look like group_manager or base.group_user");

const label = z.string().trim().min(1).max(120);

// ---------------------------------------------------------------------------------------------
// Values and conditions

export const literalSchema = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);
export type Literal = z.infer<typeof literalSchema>;

/** Dynamic values the compiler knows how to express in Python, domains and view expressions. */
export const dynamicValueSchema = z.object({
  dynamic: z.enum(["today", "now", "current_user", "current_company"]),
});

export const valueSchema = z.union([literalSchema, dynamicValueSchema]);

export const conditionOperators = ["=", "!=", ">", ">=", "<", "<=", "in", "not in", "ilike", "not ilike"] as const;

/** One term of a domain, or of a view's invisible/readonly/required condition. */
export const conditionSchema = z.object({
  field: fieldNameSchema,
  op: z.enum(conditionOperators).default("="),
  value: z.union([valueSchema, z.array(literalSchema).max(50)]),
});
export type Condition = z.infer<typeof conditionSchema>;

/** All conditions must hold (AND); enough for filters, rules and decorations customers ask for. */
export const conditionsSchema = z.array(conditionSchema).max(10);

// ---------------------------------------------------------------------------------------------
// Fields

const fieldCommon = {
  name: fieldNameSchema,
  string: label,
  help: z.string().max(500).optional(),
  required: z.boolean().default(false),
  readonly: z.boolean().default(false),
  index: z.boolean().default(false),
  copy: z.boolean().optional(),
  tracking: z.boolean().default(false),
  /** Security groups (xml ids) that may see the field. */
  groups: z.array(xmlIdSchema).max(5).default([]),
  default: valueSchema.optional(),
  /** `partner_id.country_id`: a related field (read through relations, not stored unless `store`). */
  related: z
    .string()
    .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, "related paths look like partner_id.email")
    .optional(),
  store: z.boolean().optional(),
};

export const selectionOptionSchema = z.object({
  value: z.string().regex(identifier, "Selection keys are lower-case snake_case").max(60),
  label,
});

/**
 * Computed fields the compiler writes itself, by formula kind; `custom` names a method whose body
 * is written later (by the AI coder) or given here.
 */
export const computeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("sum"), source: fieldNameSchema, field: fieldNameSchema }),
  z.object({ kind: z.literal("count"), source: fieldNameSchema }),
  z.object({
    kind: z.literal("date_add"),
    from: fieldNameSchema,
    days: z.union([z.number().int(), fieldNameSchema]),
  }),
  z.object({ kind: z.literal("date_diff"), start: fieldNameSchema, end: fieldNameSchema }),
  z.object({
    kind: z.literal("concat"),
    fields: z.array(fieldNameSchema).min(2).max(6),
    separator: z.string().max(10).default(" "),
  }),
  z.object({ kind: z.literal("product"), fields: z.array(fieldNameSchema).min(2).max(4) }),
  z.object({ kind: z.literal("percentage"), numerator: fieldNameSchema, denominator: fieldNameSchema }),
  z.object({
    kind: z.literal("custom"),
    method: z.string().regex(/^_compute_[a-z0-9_]+$/, "Compute methods are named _compute_<something>"),
    depends: z.array(z.string().regex(/^[a-z][a-z0-9_.]*$/)).max(20),
    /** Python statements for the method body (indented by the compiler); `pass`-safe when absent. */
    body: z.string().max(20_000).optional(),
  }),
]);
export type Compute = z.infer<typeof computeSchema>;

export const fieldSchema = z.discriminatedUnion("type", [
  z.object({ ...fieldCommon, type: z.literal("char"), size: z.number().int().positive().max(4096).optional(), translate: z.boolean().default(false), compute: computeSchema.optional() }),
  z.object({ ...fieldCommon, type: z.literal("text"), translate: z.boolean().default(false), compute: computeSchema.optional() }),
  z.object({ ...fieldCommon, type: z.literal("html"), sanitize: z.boolean().default(true) }),
  z.object({ ...fieldCommon, type: z.literal("integer"), compute: computeSchema.optional() }),
  z.object({
    ...fieldCommon,
    type: z.literal("float"),
    digits: z.tuple([z.number().int().min(1).max(32), z.number().int().min(0).max(16)]).optional(),
    compute: computeSchema.optional(),
  }),
  z.object({ ...fieldCommon, type: z.literal("monetary"), currencyField: fieldNameSchema.default("currency_id"), compute: computeSchema.optional() }),
  z.object({ ...fieldCommon, type: z.literal("boolean"), compute: computeSchema.optional() }),
  z.object({ ...fieldCommon, type: z.literal("date"), compute: computeSchema.optional() }),
  z.object({ ...fieldCommon, type: z.literal("datetime"), compute: computeSchema.optional() }),
  z.object({
    ...fieldCommon,
    type: z.literal("selection"),
    options: z.array(selectionOptionSchema).min(1).max(50),
    compute: computeSchema.optional(),
  }),
  z.object({
    ...fieldCommon,
    type: z.literal("many2one"),
    comodel: modelNameSchema,
    ondelete: z.enum(["set null", "restrict", "cascade"]).default("set null"),
    domain: conditionsSchema.optional(),
    compute: computeSchema.optional(),
  }),
  z.object({ ...fieldCommon, type: z.literal("one2many"), comodel: modelNameSchema, inverse: fieldNameSchema }),
  z.object({
    ...fieldCommon,
    type: z.literal("many2many"),
    comodel: modelNameSchema,
    /** Relation table; generated from the two model names when absent. */
    relation: z.string().regex(identifier).max(63).optional(),
  }),
  z.object({ ...fieldCommon, type: z.literal("binary"), attachment: z.boolean().default(true) }),
  z.object({ ...fieldCommon, type: z.literal("image"), maxSize: z.number().int().min(64).max(4096).default(1024) }),
]);
export type Field = z.infer<typeof fieldSchema>;
export type FieldType = Field["type"];

// ---------------------------------------------------------------------------------------------
// Models, rules, workflow, sequences

export const sqlConstraintSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("unique"), name: localIdSchema, fields: z.array(fieldNameSchema).min(1).max(5), message: label }),
  z.object({
    kind: z.literal("check"),
    name: localIdSchema,
    field: fieldNameSchema,
    op: z.enum([">", ">=", "<", "<=", "!="]),
    /** A number, or another field of the same model. */
    value: z.union([z.number(), fieldNameSchema]),
    message: label,
  }),
]);

export const pythonConstraintSchema = z.discriminatedUnion("kind", [
  /** `field` ≤ `other` (dates, numbers), when both are set. */
  z.object({ kind: z.literal("lte"), field: fieldNameSchema, other: fieldNameSchema, message: label }),
  /** `field` > 0 (or ≥ 0 with allowZero), when set. */
  z.object({ kind: z.literal("positive"), field: fieldNameSchema, allowZero: z.boolean().default(false), message: label }),
  /** `field` must be set when `when` holds. */
  z.object({ kind: z.literal("required_if"), field: fieldNameSchema, when: conditionSchema, message: label }),
  /**
   * Logic the kinds above cannot express: `@api.constrains(*fields)` on `method`, whose body (the
   * AI coder writes it, or the user) loops over `self` and raises ValidationError(message) itself.
   * Without a body the method only passes.
   */
  z.object({
    kind: z.literal("custom"),
    method: z.string().regex(/^_check_[a-z0-9_]+$/, "Constraint methods are named _check_<something>"),
    fields: z.array(fieldNameSchema).min(1).max(10),
    message: label,
    body: z.string().max(20_000).optional(),
  }),
]);

/** `@api.onchange(*fields)` on `method`: a body (AI coder or user) that sets other fields of `self`. */
export const onchangeSchema = z.object({
  method: z.string().regex(/^_onchange_[a-z0-9_]+$/, "Onchange methods are named _onchange_<something>"),
  fields: z.array(fieldNameSchema).min(1).max(10),
  /** What it does, for people and for the coder that writes the body. */
  description: z.string().max(500).default(""),
  body: z.string().max(20_000).optional(),
});
export type Onchange = z.infer<typeof onchangeSchema>;

export const workflowSchema = z.object({
  /** The selection field holding the state; created by the compiler. */
  field: fieldNameSchema.default("state"),
  states: z.array(selectionOptionSchema).min(2).max(12),
  /** Transitions become header buttons calling `action_<name>`. */
  transitions: z
    .array(
      z.object({
        name: z.string().regex(identifier).max(40),
        label,
        from: z.array(z.string().regex(identifier)).min(1),
        to: z.string().regex(identifier),
        primary: z.boolean().default(false),
        groups: z.array(xmlIdSchema).max(3).default([]),
        /**
         * Python statements run for each record (`rec`) before its state changes, e.g. stamping a
         * date or checking a condition with UserError; written by the AI coder or the user.
         */
        body: z.string().max(20_000).optional(),
      }),
    )
    .max(20),
  /** States shown in the statusbar even when not reached; default: all but terminal ones. */
  statusbarVisible: z.array(z.string().regex(identifier)).optional(),
});
export type Workflow = z.infer<typeof workflowSchema>;

export const sequenceSchema = z.object({
  /** The char field that receives the number on create (created by the compiler when missing). */
  field: fieldNameSchema.default("name"),
  /** Literal text plus Odoo's placeholders, e.g. `MNT/%(year)s/`. */
  prefix: z
    .string()
    .max(40)
    .regex(/^([A-Za-z0-9/_\-. ]|%\((year|y|month|day)\)s)*$/, "Use letters, digits, / - _ . and %(year)s %(month)s %(day)s"),
  padding: z.number().int().min(1).max(10).default(4),
});

export const mixins = ["mail.thread", "mail.activity.mixin"] as const;

export const modelSchema = z
  .object({
    name: modelNameSchema,
    /** `new`: a model of this module; `extend`: add to an existing one (`_inherit`). */
    kind: z.enum(["new", "extend"]).default("new"),
    description: label,
    order: z
      .string()
      .regex(/^[a-z][a-z0-9_]*( (asc|desc))?(, ?[a-z][a-z0-9_]*( (asc|desc))?)*$/i)
      .optional(),
    recName: fieldNameSchema.optional(),
    mixins: z.array(z.enum(mixins)).max(2).default([]),
    /** Adds company_id (default: the user's company) and a multi-company record rule. */
    companyAware: z.boolean().default(false),
    /** Adds currency_id related to the company's currency (needed by monetary fields). */
    currency: z.boolean().default(false),
    fields: z.array(fieldSchema).max(150).default([]),
    sqlConstraints: z.array(sqlConstraintSchema).max(20).default([]),
    constraints: z.array(pythonConstraintSchema).max(30).default([]),
    onchanges: z.array(onchangeSchema).max(30).default([]),
    workflow: workflowSchema.optional(),
    sequence: sequenceSchema.optional(),
  })
  .superRefine((model, ctx) => {
    const seen = new Set<string>();
    model.fields.forEach((field, index) => {
      if (seen.has(field.name)) {
        ctx.addIssue({ code: "custom", path: ["fields", index, "name"], message: `Field ${field.name} is declared twice` });
      }
      seen.add(field.name);
    });
    if (model.kind === "extend" && (model.workflow || model.sequence || model.companyAware)) {
      ctx.addIssue({
        code: "custom",
        path: ["kind"],
        message: "Workflow, sequence and companyAware are for new models; an extension only adds fields",
      });
    }
  });
export type Model = z.infer<typeof modelSchema>;

// ---------------------------------------------------------------------------------------------
// Views

const viewField = z.object({
  name: fieldNameSchema,
  widget: z.string().regex(/^[a-z][a-z0-9_]*$/).max(40).optional(),
  /** Lists: `show`/`hide` makes the column optional. */
  optional: z.enum(["show", "hide"]).optional(),
  invisible: conditionsSchema.optional(),
  readonly: conditionsSchema.optional(),
  required: conditionsSchema.optional(),
  /** Lists: aggregate in the footer. */
  sum: z.boolean().optional(),
  string: label.optional(),
});
export type ViewField = z.infer<typeof viewField>;
const viewFields = z.array(z.union([fieldNameSchema, viewField])).max(80);

const decorations = ["danger", "warning", "success", "info", "muted", "bf"] as const;

export const viewSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("list"),
    model: modelNameSchema,
    fields: viewFields.min(1),
    editable: z.enum(["top", "bottom"]).optional(),
    decorations: z.array(z.object({ style: z.enum(decorations), when: conditionsSchema.min(1) })).max(6).default([]),
  }),
  z.object({
    type: z.literal("form"),
    model: modelNameSchema,
    /** Shown large at the top of the sheet (usually the name). */
    title: fieldNameSchema.optional(),
    groups: z.array(z.object({ title: label.optional(), fields: viewFields.min(1) })).max(8).default([]),
    pages: z.array(z.object({ title: label, fields: viewFields.min(1) })).max(10).default([]),
    /** Chatter at the bottom (needs the mail.thread mixin). */
    chatter: z.boolean().default(false),
  }),
  z.object({
    type: z.literal("search"),
    model: modelNameSchema,
    fields: viewFields.default([]),
    filters: z.array(z.object({ name: localIdSchema, label, domain: conditionsSchema.min(1) })).max(20).default([]),
    groupBy: z.array(fieldNameSchema).max(10).default([]),
  }),
  z.object({
    type: z.literal("kanban"),
    model: modelNameSchema,
    groupBy: fieldNameSchema.optional(),
    title: fieldNameSchema,
    fields: z.array(fieldNameSchema).max(8).default([]),
  }),
  z.object({
    type: z.literal("calendar"),
    model: modelNameSchema,
    dateStart: fieldNameSchema,
    dateStop: fieldNameSchema.optional(),
    color: fieldNameSchema.optional(),
    mode: z.enum(["day", "week", "month"]).default("month"),
  }),
  z.object({
    type: z.literal("pivot"),
    model: modelNameSchema,
    rows: z.array(fieldNameSchema).min(1).max(3),
    cols: z.array(fieldNameSchema).max(3).default([]),
    measures: z.array(fieldNameSchema).max(5).default([]),
  }),
  z.object({
    type: z.literal("graph"),
    model: modelNameSchema,
    chart: z.enum(["bar", "line", "pie"]).default("bar"),
    groupBy: fieldNameSchema,
    measures: z.array(fieldNameSchema).max(3).default([]),
  }),
  /** Adds fields to a core view of an extended model, next to an anchor field. */
  z.object({
    type: z.literal("inherit"),
    model: modelNameSchema,
    inheritId: z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$/, "The core view's xml id, e.g. base.view_partner_form"),
    anchor: fieldNameSchema,
    position: z.enum(["after", "before", "inside", "replace"]).default("after"),
    fields: viewFields.min(1),
  }),
]);
export type View = z.infer<typeof viewSchema>;
export type ViewType = View["type"];

// ---------------------------------------------------------------------------------------------
// Menus, security, data

export const menuSchema = z.object({
  id: localIdSchema,
  name: label,
  /** Opens the model's window action; a menu without a model is a folder. */
  model: modelNameSchema.optional(),
  /** Parent menu id (local); absent → under the app's root menu. */
  parent: localIdSchema.optional(),
  /** Under the app's Configuration folder. */
  configuration: z.boolean().default(false),
  sequence: z.number().int().min(0).max(1000).default(10),
  groups: z.array(xmlIdSchema).max(3).default([]),
  /** Filter the action's records. */
  domain: conditionsSchema.optional(),
});

export const groupSchema = z.object({
  id: localIdSchema,
  name: label,
  implied: z.array(xmlIdSchema).max(5).default([]),
  /** Put the admin user in this group at install (so the preview shows everything). */
  addAdmin: z.boolean().default(false),
});

export const aclSchema = z.object({
  model: modelNameSchema,
  /** Group xml id; absent → every user (no group). */
  group: xmlIdSchema.optional(),
  read: z.boolean().default(true),
  write: z.boolean().default(false),
  create: z.boolean().default(false),
  unlink: z.boolean().default(false),
});

export const recordRuleSchema = z.object({
  id: localIdSchema,
  name: label,
  model: modelNameSchema,
  /** `own`: records the user created; `company`: records of the user's companies. */
  kind: z.enum(["own", "company"]),
  groups: z.array(xmlIdSchema).max(3).default([]),
});

export const securitySchema = z.object({
  groups: z.array(groupSchema).max(10).default([]),
  acls: z.array(aclSchema).max(100).default([]),
  rules: z.array(recordRuleSchema).max(30).default([]),
});

export const demoRecordSchema = z.object({
  id: localIdSchema,
  model: modelNameSchema,
  /** Field → value; `{ ref: "xml_id" }` for relations. */
  values: z.record(fieldNameSchema, z.union([literalSchema, z.object({ ref: xmlIdSchema })])),
});

export const cronSchema = z.object({
  id: localIdSchema,
  name: label,
  model: modelNameSchema,
  method: z.string().regex(/^_cron_[a-z0-9_]+$/, "Cron methods are named _cron_<something>"),
  intervalNumber: z.number().int().min(1).max(1000).default(1),
  intervalType: z.enum(["minutes", "hours", "days", "weeks", "months"]).default("days"),
  /** Python statements for the method body; when absent it logs and returns. */
  body: z.string().max(20_000).optional(),
  active: z.boolean().default(true),
});

export const mailTemplateSchema = z.object({
  id: localIdSchema,
  name: label,
  model: modelNameSchema,
  subject: z.string().max(200),
  /** Plain text with `{{ object.field }}` placeholders, rendered as inline_template. */
  body: z.string().max(5000),
});

export const testsSchema = z.object({
  /** Generate TransactionCase tests from what the blueprint declares. */
  generate: z.boolean().default(true),
});

// ---------------------------------------------------------------------------------------------
// The blueprint

export const licenses = ["LGPL-3", "AGPL-3", "GPL-3", "OPL-1", "OEEL-1", "Other proprietary"] as const;

export const moduleInfoSchema = z.object({
  name: moduleNameSchema,
  title: label,
  summary: z.string().trim().max(200).default(""),
  description: z.string().max(20_000).default(""),
  category: z.string().trim().min(1).max(80).default("Uncategorized"),
  author: z.string().trim().min(1).max(120).default("Odoo Module Builder"),
  website: z.url().optional(),
  license: z.enum(licenses).default("LGPL-3"),
  odooVersion: z.enum(odooVersions),
  depends: z.array(dependencyNameSchema).max(30).default(["base"]),
  application: z.boolean().default(true),
  icon: z
    .object({
      color: z.string().regex(/^#[0-9a-fA-F]{6}$/, "Use a hex colour like #714B67").default("#714B67"),
      letter: z.string().regex(/^[A-Z0-9]$/, "One capital letter or digit").optional(),
    })
    .default({ color: "#714B67" }),
});

export const blueprintSchema = z.object({
  schemaVersion: z.literal(BLUEPRINT_SCHEMA_VERSION).default(BLUEPRINT_SCHEMA_VERSION),
  module: moduleInfoSchema,
  models: z.array(modelSchema).max(40).default([]),
  views: z.array(viewSchema).max(200).default([]),
  menus: z.array(menuSchema).max(60).default([]),
  security: securitySchema.default({ groups: [], acls: [], rules: [] }),
  demo: z.array(demoRecordSchema).max(200).default([]),
  crons: z.array(cronSchema).max(20).default([]),
  mailTemplates: z.array(mailTemplateSchema).max(20).default([]),
  tests: testsSchema.default({ generate: true }),
});

/** A blueprint as written (defaults optional). */
export type BlueprintInput = z.input<typeof blueprintSchema>;
/** A parsed blueprint (defaults applied): what the compiler consumes. */
export type Blueprint = z.output<typeof blueprintSchema>;

/** The JSON Schema of a blueprint as written, for editors, integrators and LLM tool definitions. */
export function blueprintJsonSchema() {
  return z.toJSONSchema(blueprintSchema, { io: "input", unrepresentable: "any" });
}
