/** Window actions: one per model opened by a menu, plus one per menu that filters its records. */
import type { Condition } from "@/server/odoo/blueprint/schema";
import { domainExpr } from "./conditions";
import type { CompileContext } from "./context";
import { el, textEl, type XmlNode } from "./xml";

/** View types of a model's window action, in Odoo's usual order (the first one opens). */
export function actionViewModes(ctx: CompileContext, model: string): string[] {
  const types = new Set(ctx.bp.views.filter((v) => v.model === model).map((v) => v.type));
  const order = ["list", "kanban", "form", "calendar", "pivot", "graph"] as const;
  const modes = order.filter((t) => types.has(t)).map((t) => (t === "list" ? ctx.rules.listTag : t));
  // Odoo generates default list/form views for types the blueprint does not define.
  if (!types.has("list") && !types.has("kanban")) modes.unshift(ctx.rules.listTag);
  if (!types.has("form")) modes.push("form");
  return modes;
}

export function actionRecord(ctx: CompileContext, id: string, name: string, model: string, domain?: Condition[]): XmlNode {
  return el("record", { id, model: "ir.actions.act_window" }, [
    textEl("field", { name: "name" }, name),
    textEl("field", { name: "res_model" }, model),
    textEl("field", { name: "view_mode" }, actionViewModes(ctx, model).join(",")),
    domain?.length ? textEl("field", { name: "domain" }, domainExpr(domain)) : null,
    el("field", { name: "help", type: "html" }, [textEl("p", { class: "o_view_nocontent_smiling_face" }, `Create your first ${name.toLowerCase()}`)]),
  ].filter((n): n is XmlNode => !!n));
}

/** Models that get a window action (they are opened by a menu). */
export function modelsWithActions(ctx: CompileContext): string[] {
  return [...new Set(ctx.bp.menus.filter((m) => m.model).map((m) => m.model!))];
}

