/** `data/sequences.xml`, `data/cron.xml`, `data/mail_templates.xml`, `demo/demo.xml`. */
import { findModel, knownFields, modelSlug } from "@/server/odoo/blueprint/model-fields";
import { modelXmlId, newModels, type CompileContext } from "./context";
import { pyValue, type PyLiteral } from "./py";
import { el, escText, odooDocument, textEl, type XmlNode } from "./xml";

export function emitSequences(ctx: CompileContext): string | null {
  const models = newModels(ctx).filter((m) => m.sequence);
  if (!models.length) return null;
  return odooDocument(
    models.map((model) =>
      el("record", { id: `seq_${modelSlug(model.name)}`, model: "ir.sequence" }, [
        textEl("field", { name: "name" }, model.description),
        textEl("field", { name: "code" }, model.name),
        textEl("field", { name: "prefix" }, model.sequence!.prefix),
        textEl("field", { name: "padding" }, String(model.sequence!.padding)),
        el("field", { name: "company_id", eval: "False" }),
      ]),
    ),
    { noupdate: true },
  );
}

export function emitCrons(ctx: CompileContext): string | null {
  if (!ctx.bp.crons.length) return null;
  return odooDocument(
    ctx.bp.crons.map((cron) =>
      el("record", { id: cron.id, model: "ir.cron" }, [
        textEl("field", { name: "name" }, cron.name),
        el("field", { name: "model_id", ref: modelXmlId(cron.model) }),
        textEl("field", { name: "state" }, "code"),
        textEl("field", { name: "code" }, `model.${cron.method}()`),
        el("field", { name: "user_id", ref: "base.user_root" }),
        textEl("field", { name: "interval_number" }, String(cron.intervalNumber)),
        textEl("field", { name: "interval_type" }, cron.intervalType),
        ctx.rules.cronNumbercall ? textEl("field", { name: "numbercall" }, "-1") : null,
        ctx.rules.cronNumbercall ? el("field", { name: "doall", eval: "False" }) : null,
        el("field", { name: "active", eval: cron.active ? "True" : "False" }),
      ]),
    ),
    { noupdate: true },
  );
}

/**
 * Turns the blueprint's `{{ object.x }}` text into QWeb for `body_html` (rendered with the qweb
 * engine since 15), one paragraph per line.
 */
export function templateBodyHtml(body: string): string {
  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  const paragraphs = lines.map((line) => {
    const html = line
      .split(/(\{\{[^}]*\}\})/)
      .map((part) => {
        const match = /^\{\{\s*([^}]*?)\s*\}\}$/.exec(part);
        return match ? `<t t-out="${escText(match[1]!).replace(/"/g, "&quot;")}"/>` : escText(part);
      })
      .join("");
    return `<p>${html || "<br/>"}</p>`;
  });
  return `<div>${paragraphs.join("")}</div>`;
}

export function emitMailTemplates(ctx: CompileContext): string | null {
  if (!ctx.bp.mailTemplates.length) return null;
  const records = ctx.bp.mailTemplates.map((t) =>
    el("record", { id: t.id, model: "mail.template" }, [
      textEl("field", { name: "name" }, t.name),
      el("field", { name: "model_id", ref: modelXmlId(t.model) }),
      textEl("field", { name: "subject" }, t.subject),
      textEl("field", { name: "email_from" }, "{{ user.email_formatted }}"),
      { tag: "field", attrs: { name: "body_html", type: "html" }, raw: templateBodyHtml(t.body) },
      el("field", { name: "auto_delete", eval: "True" }),
    ]),
  );
  return odooDocument(records, { noupdate: true });
}

export function emitDemo(ctx: CompileContext): string | null {
  if (!ctx.bp.demo.length) return null;
  const records = ctx.bp.demo.map((record) => {
    const model = findModel(ctx.bp, record.model);
    const known = model ? knownFields(model) : undefined;
    const fields = Object.entries(record.values)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]): XmlNode => {
        const type = known?.get(name)?.type;
        if (value !== null && typeof value === "object") {
          if (type === "many2many" || type === "one2many") return el("field", { name, eval: `[(6, 0, [ref('${value.ref}')])]` });
          return el("field", { name, ref: value.ref });
        }
        if (value === null) return el("field", { name, eval: "False" });
        if (typeof value === "boolean" || typeof value === "number") return el("field", { name, eval: pyValue(value as PyLiteral) });
        return textEl("field", { name }, value);
      });
    return el("record", { id: record.id, model: record.model }, fields);
  });
  return odooDocument(records);
}
