/** `views/<model>_views.xml`: the blueprint's views of one model, plus its window action(s). */
import { findModel, knownFields, modelSlug } from "@/server/odoo/blueprint/model-fields";
import type { Condition, Model, View, ViewField } from "@/server/odoo/blueprint/schema";
import { conditionFields, domainExpr, pythonExpr } from "./conditions";
import { actionXmlId, qualify, type CompileContext } from "./context";
import { actionRecord, modelsWithActions } from "./emit-actions";
import { pyStr } from "./py";
import { el, odooDocument, textEl, type Attrs, type XmlNode } from "./xml";

type Place = "list" | "form" | "search" | "inherit";

export function viewsFilePath(model: string): string {
  return `views/${modelSlug(model)}_views.xml`;
}

const normalise = (field: string | ViewField): ViewField => (typeof field === "string" ? { name: field } : field);

function modifiers(ctx: CompileContext, vf: ViewField): Attrs {
  const kinds = (["invisible", "readonly", "required"] as const).filter((k) => vf[k]?.length);
  if (!kinds.length) return {};
  if (ctx.rules.usesAttrs) {
    return { attrs: `{${kinds.map((k) => `${pyStr(k)}: ${domainExpr(vf[k] as Condition[])}`).join(", ")}}` };
  }
  return Object.fromEntries(kinds.map((k) => [k, pythonExpr(vf[k] as Condition[])]));
}

function fieldNode(ctx: CompileContext, model: Model | undefined, vf: ViewField, place: Place): XmlNode {
  const type = model ? knownFields(model).get(vf.name)?.type : undefined;
  let widget = vf.widget;
  if (!widget && type === "image") widget = "image";
  if (!widget && type === "many2many" && place !== "search") widget = "many2many_tags";
  const attrs: Attrs = { name: vf.name, string: vf.string, widget };
  if (type === "image" && place === "form" && !vf.widget) attrs.class = "oe_avatar";
  if (place === "list") {
    attrs.optional = vf.optional;
    if (vf.sum) attrs.sum = "Total";
  }
  if (place !== "search") Object.assign(attrs, modifiers(ctx, vf));
  return el("field", attrs);
}

/** Fields read by modifiers/decorations must be in the view (17+ rejects the view otherwise). */
function hiddenFields(ctx: CompileContext, present: Set<string>, needed: string[], place: "list" | "form"): XmlNode[] {
  const out: XmlNode[] = [];
  for (const name of needed) {
    if (present.has(name)) continue;
    present.add(name);
    out.push(el("field", { name, [place === "list" ? ctx.rules.columnInvisibleAttr : "invisible"]: place === "list" && ctx.rules.columnInvisibleAttr === "column_invisible" ? "True" : "1" }));
  }
  return out;
}

function neededByFields(model: Model | undefined, fields: ViewField[]): string[] {
  const needed: string[] = [];
  const known = model ? knownFields(model) : undefined;
  for (const vf of fields) {
    needed.push(...conditionFields(vf.invisible), ...conditionFields(vf.readonly), ...conditionFields(vf.required));
    const decl = model?.fields.find((f) => f.name === vf.name);
    if (decl?.type === "monetary" && known?.has(decl.currencyField)) needed.push(decl.currencyField);
  }
  return needed;
}

function viewRecord(id: string, name: string, model: string, arch: XmlNode, extra: XmlNode[] = []): XmlNode {
  return el("record", { id, model: "ir.ui.view" }, [
    textEl("field", { name: "name" }, name),
    textEl("field", { name: "model" }, model),
    ...extra,
    el("field", { name: "arch", type: "xml" }, [arch]),
  ]);
}

function listArch(ctx: CompileContext, model: Model | undefined, view: Extract<View, { type: "list" }>): XmlNode {
  const fields = view.fields.map(normalise);
  const present = new Set(fields.map((f) => f.name));
  const attrs: Attrs = { string: model?.description, editable: view.editable };
  for (const d of view.decorations) attrs[`decoration-${d.style}`] = pythonExpr(d.when);
  const needed = [...neededByFields(model, fields), ...view.decorations.flatMap((d) => conditionFields(d.when))];
  const children = [...fields.map((f) => fieldNode(ctx, model, f, "list")), ...hiddenFields(ctx, present, needed, "list")];
  return el(ctx.rules.listTag, attrs, children);
}

function formArch(ctx: CompileContext, model: Model | undefined, view: Extract<View, { type: "form" }>): XmlNode {
  // A form the blueprint left empty shows the model's own fields rather than a blank sheet.
  const groups = view.groups.length || view.pages.length || !model ? view.groups : [{ title: undefined, fields: model.fields.map((f) => f.name).filter((f) => f !== view.title) }];
  const all = [...groups.flatMap((g) => g.fields), ...view.pages.flatMap((p) => p.fields)].map(normalise);
  const present = new Set(all.map((f) => f.name));
  const wf = model?.workflow;
  const header: XmlNode[] = [];
  if (wf) {
    present.add(wf.field);
    for (const t of wf.transitions) {
      const hidden: Condition[] = [{ field: wf.field, op: "not in", value: t.from }];
      const visibility = ctx.rules.usesAttrs ? { attrs: `{'invisible': ${domainExpr(hidden)}}` } : { invisible: pythonExpr(hidden) };
      header.push(
        el("button", {
          name: `action_${t.name}`,
          string: t.label,
          type: "object",
          class: t.primary ? "oe_highlight" : undefined,
          groups: t.groups.length ? t.groups.map((g) => qualify(ctx, g)).join(",") : undefined,
          ...visibility,
        }),
      );
    }
    const terminal = new Set(wf.states.map((s) => s.value).filter((s) => !wf.transitions.some((t) => t.from.includes(s))));
    const visible = wf.statusbarVisible ?? wf.states.map((s) => s.value).filter((s) => !terminal.has(s) || s === wf.states[wf.states.length - 1]!.value);
    header.push(el("field", { name: wf.field, widget: "statusbar", statusbar_visible: visible.join(",") }));
  }
  const sheet: XmlNode[] = [];
  if (view.title) {
    present.add(view.title);
    sheet.push(el("div", { class: "oe_title" }, [el("h1", {}, [el("field", { name: view.title, placeholder: knownTitle(model, view.title) })])]));
  }
  const groupNodes = groups.map((g) => el("group", { string: g.title }, g.fields.map((f) => fieldNode(ctx, model, normalise(f), "form"))));
  if (groupNodes.length === 1) sheet.push(groupNodes[0]!);
  else if (groupNodes.length > 1) sheet.push(el("group", {}, groupNodes));
  if (view.pages.length) {
    const known = model ? knownFields(model) : undefined;
    sheet.push(
      el(
        "notebook",
        {},
        view.pages.map((p) => {
          const fields = p.fields.map(normalise);
          const wide = fields.length === 1 && ["one2many", "many2many", "html", "text"].includes(known?.get(fields[0]!.name)?.type ?? "");
          const nodes = fields.map((f) => fieldNode(ctx, model, f, "form"));
          return el("page", { string: p.title, name: `page_${p.title.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "")}` }, wide ? nodes : [el("group", {}, nodes)]);
        }),
      ),
    );
  }
  const hidden = hiddenFields(ctx, present, neededByFields(model, all), "form");
  if (hidden.length) sheet.push(el("group", { invisible: "1" }, hidden));
  const children: XmlNode[] = [];
  if (header.length) children.push(el("header", {}, header));
  children.push(el("sheet", {}, sheet.length ? sheet : [el("group", {}, [])]));
  if (view.chatter) {
    const activities = model?.mixins.includes("mail.activity.mixin") ?? true;
    children.push(
      ctx.rules.chatterTag === "chatter"
        ? el("chatter")
        : el("div", { class: "oe_chatter" }, [
            el("field", { name: "message_follower_ids" }),
            activities ? el("field", { name: "activity_ids" }) : null,
            el("field", { name: "message_ids" }),
          ]),
    );
  }
  return el("form", { string: model?.description }, children);
}

function knownTitle(model: Model | undefined, name: string): string | undefined {
  const field = model?.fields.find((f) => f.name === name);
  if (model?.sequence?.field === name) return undefined;
  return field?.string;
}

function searchArch(ctx: CompileContext, model: Model | undefined, view: Extract<View, { type: "search" }>): XmlNode {
  const children: XmlNode[] = view.fields.map((f) => fieldNode(ctx, model, normalise(f), "search"));
  if (view.filters.length) {
    children.push(...view.filters.map((f) => el("filter", { name: f.name, string: f.label, domain: domainExpr(f.domain) })));
  }
  if (view.groupBy.length) {
    const filters = view.groupBy.map((name) =>
      el("filter", { name: `group_by_${name}`, string: labelOf(model, name) ?? name, context: `{'group_by': ${pyStr(name)}}` }),
    );
    children.push(el("group", ctx.rules.searchGroupAttrs ? { expand: "0", string: "Group By" } : {}, filters));
  }
  return el("search", { string: model?.description }, children);
}

function labelOf(model: Model | undefined, name: string): string | undefined {
  const declared = model?.fields.find((f) => f.name === name);
  if (declared) return declared.string;
  if (model?.workflow?.field === name) return "Status";
  if (name === "company_id") return "Company";
  return undefined;
}

function kanbanArch(ctx: CompileContext, view: Extract<View, { type: "kanban" }>): XmlNode {
  const others = view.fields.filter((f) => f !== view.title);
  const attrs: Attrs = { default_group_by: view.groupBy };
  if (ctx.rules.kanbanCard === "card") {
    return el("kanban", attrs, [
      el("templates", {}, [
        el("t", { "t-name": "card" }, [el("field", { name: view.title, class: "fw-bold fs-5" }), ...others.map((name) => el("field", { name }))]),
      ]),
    ]);
  }
  const declared = [...new Set([view.title, ...others, ...(view.groupBy ? [view.groupBy] : [])])];
  return el("kanban", { ...attrs, class: "o_kanban_mobile" }, [
    ...declared.map((name) => el("field", { name })),
    el("templates", {}, [
      el("t", { "t-name": "kanban-box" }, [
        el("div", { class: "oe_kanban_global_click" }, [
          el("strong", { class: "o_kanban_record_title" }, [el("field", { name: view.title })]),
          ...others.map((name) => el("div", {}, [el("field", { name })])),
        ]),
      ]),
    ]),
  ]);
}

function calendarArch(model: Model | undefined, view: Extract<View, { type: "calendar" }>, titleField: string | undefined): XmlNode {
  return el("calendar", { string: model?.description, date_start: view.dateStart, date_stop: view.dateStop, color: view.color, mode: view.mode }, titleField ? [el("field", { name: titleField })] : []);
}

function pivotArch(model: Model | undefined, view: Extract<View, { type: "pivot" }>): XmlNode {
  return el("pivot", { string: model?.description }, [
    ...view.rows.map((name) => el("field", { name, type: "row" })),
    ...view.cols.map((name) => el("field", { name, type: "col" })),
    ...view.measures.map((name) => el("field", { name, type: "measure" })),
  ]);
}

function graphArch(model: Model | undefined, view: Extract<View, { type: "graph" }>): XmlNode {
  return el("graph", { string: model?.description, type: view.chart }, [
    el("field", { name: view.groupBy, type: "row" }),
    ...view.measures.map((name) => el("field", { name, type: "measure" })),
  ]);
}

function inheritArch(ctx: CompileContext, model: Model | undefined, view: Extract<View, { type: "inherit" }>): XmlNode {
  return el("data", {}, [
    el("xpath", { expr: `//field[@name='${view.anchor}']`, position: view.position }, view.fields.map((f) => fieldNode(ctx, model, normalise(f), "inherit"))),
  ]);
}

/** Display name field for calendar titles etc. */
function titleFieldOf(model: Model | undefined): string | undefined {
  if (!model) return undefined;
  if (model.recName) return model.recName;
  const known = knownFields(model);
  if (known.has("name")) return "name";
  return model.fields.find((f) => f.type === "char")?.name;
}

export function emitModelViews(ctx: CompileContext, modelName: string): string | null {
  const model = findModel(ctx.bp, modelName);
  const views = ctx.bp.views.filter((v) => v.model === modelName);
  const slug = modelSlug(modelName);
  const count = new Map<string, number>();
  const records: XmlNode[] = [];
  for (const view of views) {
    const n = (count.get(view.type) ?? 0) + 1;
    count.set(view.type, n);
    const suffix = n > 1 ? `_${n}` : "";
    const id = view.type === "inherit" ? `view_${slug}_inherit_${modelSlug(view.inheritId)}${suffix}` : `view_${slug}_${view.type}${suffix}`;
    const name = `${modelName}.${view.type === "list" ? ctx.rules.listTag : view.type}${view.type === "inherit" ? `.${ctx.module}` : ""}${suffix}`;
    switch (view.type) {
      case "list":
        records.push(viewRecord(id, name, modelName, listArch(ctx, model, view)));
        break;
      case "form":
        records.push(viewRecord(id, name, modelName, formArch(ctx, model, view)));
        break;
      case "search":
        records.push(viewRecord(id, name, modelName, searchArch(ctx, model, view)));
        break;
      case "kanban":
        records.push(viewRecord(id, name, modelName, kanbanArch(ctx, view)));
        break;
      case "calendar":
        records.push(viewRecord(id, name, modelName, calendarArch(model, view, titleFieldOf(model))));
        break;
      case "pivot":
        records.push(viewRecord(id, name, modelName, pivotArch(model, view)));
        break;
      case "graph":
        records.push(viewRecord(id, name, modelName, graphArch(model, view)));
        break;
      case "inherit":
        records.push(viewRecord(id, name, modelName, inheritArch(ctx, model, view), [el("field", { name: "inherit_id", ref: view.inheritId })]));
        break;
    }
  }
  if (modelsWithActions(ctx).includes(modelName)) {
    records.push(actionRecord(ctx, actionXmlId(modelName), pluralLabel(ctx, modelName), modelName));
  }
  for (const menu of ctx.bp.menus.filter((m) => m.model === modelName && m.domain?.length)) {
    records.push(actionRecord(ctx, `action_menu_${menu.id}`, menu.name, modelName, menu.domain));
  }
  return records.length ? odooDocument(records) : null;
}

function pluralLabel(ctx: CompileContext, modelName: string): string {
  const menu = ctx.bp.menus.find((m) => m.model === modelName && !m.domain?.length);
  return menu?.name ?? findModel(ctx.bp, modelName)?.description ?? modelName;
}
