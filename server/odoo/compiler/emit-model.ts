/** `models/<model>.py`: one Python class per blueprint model (new model or `_inherit` extension). */
import { constraintMethodName } from "@/server/odoo/blueprint/methods";
import { allModelFields, modelSlug } from "@/server/odoo/blueprint/model-fields";
import type { Model } from "@/server/odoo/blueprint/schema";
import type { CompileContext } from "./context";
import { computeMethodName, fieldDeclaration } from "./emit-fields";
import { computeMethod, customBody, noImports, serverCondition } from "./emit-methods";
import { indent, pyClassName, pyNumber, pyStr, pyTuple } from "./py";

/** Core models that already inherit mail.thread and mail.activity.mixin. */
const CORE_MAIL_MODELS = new Set([
  "res.partner", "res.users", "sale.order", "purchase.order", "account.move", "crm.lead", "project.project",
  "project.task", "hr.employee", "product.template", "product.product", "stock.picking", "maintenance.equipment",
  "maintenance.request", "fleet.vehicle", "event.event", "helpdesk.ticket", "mrp.production", "repair.order",
]);

export function modelFilePath(model: Model): string {
  return `models/${modelSlug(model.name)}.py`;
}

export function emitModel(ctx: CompileContext, model: Model): string {
  const tr = (text: string) => {
    if (ctx.rules.translateCall === "_") imports.underscore = true;
    return `${ctx.rules.translateCall}(${pyStr(text)})`;
  };
  const imports = noImports();
  const fields = allModelFields(model);
  const lines: string[] = [];
  const head: string[] = [];
  if (model.kind === "new") {
    head.push(`_name = ${pyStr(model.name)}`);
    if (model.mixins.length) head.push(`_inherit = [${model.mixins.map(pyStr).join(", ")}]`);
  } else {
    // Re-inheriting a mixin a core model already has duplicates its fields (Odoo refuses to load).
    const extra = model.mixins.filter((mixin) => !CORE_MAIL_MODELS.has(model.name) || !mixin.startsWith("mail."));
    head.push(extra.length ? `_inherit = [${[model.name, ...extra].map(pyStr).join(", ")}]` : `_inherit = ${pyStr(model.name)}`);
  }
  if (model.kind === "new") head.push(`_description = ${pyStr(model.description)}`);
  if (model.order) head.push(`_order = ${pyStr(model.order)}`);
  const recName = model.recName ?? (model.kind === "new" && !fields.some((f) => f.name === "name") ? fields.find((f) => f.type === "char")?.name : undefined);
  if (recName) head.push(`_rec_name = ${pyStr(recName)}`);
  lines.push(indent(head.join("\n")));

  const sequenceField = model.sequence?.field;
  const declarations = fields.map((field) => {
    // A sequence number is assigned in create(): the field starts as 'New' and is never copied.
    if (field.name === sequenceField && field.type === "char") {
      field = { ...field, default: field.default ?? "New", copy: false, readonly: true };
    }
    return fieldDeclaration(ctx, model, field);
  });
  if (declarations.length) lines.push(indent(declarations.join("\n")));

  if (model.sqlConstraints.length) {
    const defs = model.sqlConstraints.map((c) => {
      const definition = c.kind === "unique" ? `UNIQUE(${c.fields.join(", ")})` : `CHECK(${c.field} ${c.op} ${typeof c.value === "number" ? pyNumber(c.value) : c.value})`;
      return { name: c.name, definition, message: c.message };
    });
    if (ctx.rules.sqlConstraintStyle === "sql_constraints") {
      lines.push(indent(`_sql_constraints = [\n${defs.map((d) => `    (${pyStr(d.name)}, ${pyStr(d.definition)}, ${pyStr(d.message)}),`).join("\n")}\n]`));
    } else {
      lines.push(indent(defs.map((d) => `_${d.name} = models.Constraint(\n    ${pyStr(d.definition)},\n    ${pyStr(d.message)},\n)`).join("\n")));
    }
  }

  const seenMethods = new Set<string>();
  for (const field of fields) {
    const compute = "compute" in field ? field.compute : undefined;
    if (!compute) continue;
    const name = computeMethodName(field);
    if (seenMethods.has(name)) continue;
    seenMethods.add(name);
    lines.push(computeMethod(model, field, compute, imports));
  }

  // @api.constrains only accepts fields the model stores itself (Odoo warns on related ones).
  const watchable = (names: string[]) => {
    const own = names.filter((name) => {
      const field = fields.find((f) => f.name === name);
      return !field || (!field.related && !("compute" in field && field.compute && field.store === false));
    });
    return own.length ? own : names.slice(0, 1);
  };
  model.constraints.forEach((c, index) => {
    imports.validationError = true;
    const methodName = constraintMethodName(model, index);
    if (c.kind === "custom") {
      // The rule lives in the body (which raises ValidationError itself); none yet → it passes.
      const body = customBody(c.body, imports) ?? `# Not written yet: ${oneLine(c.message)}\nfor rec in self:\n    pass`;
      lines.push(indent(`@api.constrains(${watchable(c.fields).map(pyStr).join(", ")})\ndef ${methodName}(self):\n${indent(body)}`));
      return;
    }
    let watched: string[];
    let test: string;
    if (c.kind === "lte") {
      watched = [c.field, c.other];
      test = `rec.${c.field} and rec.${c.other} and rec.${c.field} > rec.${c.other}`;
    } else if (c.kind === "positive") {
      watched = [c.field];
      test = c.allowZero ? `rec.${c.field} < 0` : `rec.${c.field} <= 0`;
    } else {
      watched = [...new Set([c.field, c.when.field])];
      test = `${serverCondition(c.when)} and not rec.${c.field}`;
    }
    watched = watchable(watched);
    lines.push(
      indent(`@api.constrains(${watched.map(pyStr).join(", ")})\ndef ${methodName}(self):\n    for rec in self:\n        if ${test}:\n            raise ValidationError(${tr(c.message)})`),
    );
  });

  // Onchanges run in the form only (never on create/write); without a body they do nothing.
  for (const o of model.onchanges) {
    const body = customBody(o.body, imports) ?? `${o.description.trim() ? `# Not written yet: ${oneLine(o.description)}\n` : ""}for rec in self:\n    pass`;
    lines.push(indent(`@api.onchange(${o.fields.map(pyStr).join(", ")})\ndef ${o.method}(self):\n${indent(body)}`));
  }

  if (model.sequence) {
    const f = model.sequence.field;
    lines.push(
      indent(
        `@api.model_create_multi\ndef create(self, vals_list):\n    for vals in vals_list:\n        if not vals.get(${pyStr(f)}) or vals[${pyStr(f)}] == 'New':\n            vals[${pyStr(f)}] = self.env['ir.sequence'].next_by_code(${pyStr(model.name)}) or 'New'\n    return super().create(vals_list)`,
      ),
    );
  }

  if (model.workflow) {
    const wf = model.workflow;
    for (const t of wf.transitions) {
      imports.userError = true;
      // The transition's own statements run per record once its status is checked, before the
      // state changes (so they may still refuse with UserError).
      const body = customBody(t.body, imports);
      lines.push(
        indent(
          `def action_${t.name}(self):\n    for rec in self:\n        if rec.${wf.field} not in ${pyTuple(t.from.map(pyStr))}:\n            raise UserError(${tr(`"${t.label}" is not possible in the current status.`)})\n${body ? `${indent(body, 2)}\n` : ""}    self.write({${pyStr(wf.field)}: ${pyStr(t.to)}})\n    return True`,
        ),
      );
    }
  }

  for (const cron of ctx.bp.crons.filter((c) => c.model === model.name)) {
    const given = customBody(cron.body, imports);
    if (!given) imports.logging = true;
    const body = given ?? `_logger.info(${pyStr(`Scheduled action "${cron.name}" ran`)})\nreturn True`;
    lines.push(indent(`@api.model\ndef ${cron.method}(self):\n${indent(body)}`));
  }

  const header: string[] = [];
  if (imports.logging) header.push("import logging");
  const fromDatetime = [imports.date && "date", imports.datetime && "datetime", imports.timedelta && "timedelta"].filter(Boolean);
  if (fromDatetime.length) header.push(`from datetime import ${fromDatetime.join(", ")}`);
  if (header.length) header.push("");
  if (imports.relativedelta) header.push("from dateutil.relativedelta import relativedelta", "");
  header.push(`from odoo import ${[imports.underscore && "_", "api", imports.command && "Command", "fields", "models"].filter(Boolean).join(", ")}`);
  const exceptions = [imports.userError && "UserError", imports.validationError && "ValidationError"].filter(Boolean);
  if (exceptions.length) header.push(`from odoo.exceptions import ${exceptions.join(", ")}`);
  if (imports.logging) header.push("", "_logger = logging.getLogger(__name__)");

  return `${header.join("\n")}\n\n\nclass ${pyClassName(model.name)}(models.Model):\n${lines.join("\n\n")}\n`;
}

/** Free text as a single comment line. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export function emitModelsInit(models: Model[]): string {
  return models.map((model) => `from . import ${modelSlug(model.name)}\n`).join("");
}
