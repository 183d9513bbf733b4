import { describe, expect, it } from "vitest";
import { loadExamples } from "@/server/odoo/compiler/test-helpers";
import { checkBlueprintReferences } from "./references";
import { blueprintSchema, type BlueprintInput } from "./schema";

const check = (input: BlueprintInput) => checkBlueprintReferences(blueprintSchema.parse(input));
const paths = (input: BlueprintInput) => check(input).map((p) => p.path);

const base = (): BlueprintInput => ({
  module: { name: "ref_test", title: "Ref Test", odooVersion: "17" },
  models: [
    {
      name: "ref.order",
      description: "Order",
      mixins: [],
      fields: [
        { name: "name", type: "char", string: "Name" },
        { name: "date", type: "date", string: "Date" },
        { name: "qty", type: "integer", string: "Qty" },
        { name: "line_ids", type: "one2many", string: "Lines", comodel: "ref.line", inverse: "order_id" },
      ],
      workflow: { states: [{ value: "draft", label: "Draft" }, { value: "done", label: "Done" }], transitions: [{ name: "done", label: "Done", from: ["draft"], to: "done" }] },
    },
    { name: "ref.line", description: "Line", fields: [{ name: "order_id", type: "many2one", string: "Order", comodel: "ref.order" }, { name: "amount", type: "float", string: "Amount" }] },
    { name: "res.partner", kind: "extend", description: "Contact", fields: [{ name: "x_level", type: "integer", string: "Level" }] },
  ],
});

describe("checkBlueprintReferences", () => {
  it("accepts every example blueprint", () => {
    for (const { name, blueprint } of loadExamples()) expect(check(blueprint), name).toEqual([]);
  });

  it("accepts generated and mixin fields, and unknown fields of extended models", () => {
    const bp = base();
    bp.models![0]!.mixins = ["mail.thread"];
    bp.views = [
      { type: "list", model: "ref.order", fields: ["name", "state", "message_ids"] },
      { type: "form", model: "ref.order", chatter: true, groups: [{ fields: ["name"] }] },
      { type: "inherit", model: "res.partner", inheritId: "base.view_partner_form", anchor: "vat", fields: ["x_level", "email"] },
    ];
    expect(check(bp)).toEqual([]);
  });

  it("flags views, menus, ACLs, rules, crons, demo and templates on unknown models", () => {
    const bp = base();
    bp.views = [{ type: "list", model: "ghost.model", fields: ["name"] }];
    bp.menus = [{ id: "m", name: "M", model: "ghost.model" }];
    bp.security = { acls: [{ model: "ghost.model" }], rules: [{ id: "r", name: "R", model: "ghost.model", kind: "own" }] };
    bp.crons = [{ id: "c", name: "C", model: "ghost.model", method: "_cron_x" }];
    bp.demo = [{ id: "d", model: "ghost.model", values: {} }];
    bp.mailTemplates = [{ id: "t", name: "T", model: "ghost.model", subject: "s", body: "b" }];
    expect(paths(bp)).toEqual(
      expect.arrayContaining(["views[0].model", "menus[0].model", "security.acls[0].model", "security.rules[0].model", "crons[0].model", "demo[0].model", "mailTemplates[0].model"]),
    );
  });

  it("flags unknown view fields and wrong field kinds in calendar/pivot views", () => {
    const bp = base();
    bp.views = [
      { type: "list", model: "ref.order", fields: ["nope", { name: "qty", invisible: [{ field: "ghost", op: "=", value: 1 }] }] },
      { type: "calendar", model: "ref.order", dateStart: "name" },
      { type: "pivot", model: "ref.order", rows: ["name"], measures: ["date"] },
    ];
    expect(paths(bp)).toEqual(["views[0].fields[0]", "views[0].fields[1].invisible[0].field", "views[1].dateStart", "views[2].measures[0]"]);
  });

  it("checks one2many inverses, compute sources, currency fields and workflow states", () => {
    const bp = base();
    const order = bp.models![0]!;
    order.fields!.push(
      { name: "bad_lines", type: "one2many", string: "Bad", comodel: "ref.line", inverse: "missing_id" },
      { name: "total", type: "float", string: "Total", compute: { kind: "sum", source: "line_ids", field: "ghost" } },
      { name: "due", type: "date", string: "Due", compute: { kind: "date_add", from: "qty", days: 3 } },
      { name: "price", type: "monetary", string: "Price" },
    );
    order.workflow!.transitions!.push({ name: "x", label: "X", from: ["limbo"], to: "nowhere" });
    expect(paths(bp)).toEqual([
      "models[0].fields[4].inverse",
      "models[0].fields[5].compute.field",
      "models[0].fields[6].compute.from",
      "models[0].fields[7].currencyField",
      "models[0].workflow.transitions[1].from[0]",
      "models[0].workflow.transitions[1].to",
    ]);
  });

  it("requires mail.thread for chatter and tracking, and depends for core comodels", () => {
    const bp = base();
    bp.models![1]!.fields!.push(
      { name: "amount2", type: "float", string: "Amount 2", tracking: true },
      { name: "product_id", type: "many2one", string: "Product", comodel: "product.product" },
    );
    bp.views = [{ type: "form", model: "ref.line", chatter: true, groups: [{ fields: ["amount"] }] }];
    expect(paths(bp)).toEqual(["models[1].fields[2].tracking", "models[1].fields[3].comodel", "views[0].chatter"]);
  });

  it("flags unknown local groups, menu parents, company rules without company and demo refs", () => {
    const bp = base();
    bp.menus = [{ id: "child", name: "Child", parent: "ghost_folder", groups: ["group_ghost"] }];
    bp.security = { groups: [{ id: "group_user", name: "User" }], acls: [{ model: "ref.order", group: "group_nobody" }], rules: [{ id: "r", name: "R", model: "ref.order", kind: "company" }] };
    bp.demo = [{ id: "d1", model: "ref.line", values: { order_id: { ref: "later_order" } } }];
    expect(paths(bp)).toEqual(["menus[0].parent", "menus[0].groups[0]", "security.acls[0].group", "security.rules[0].kind", "demo[0].values.order_id"]);
  });
});

describe("field sanity", () => {
  it("flags Python keywords, shadowed ORM names, bad defaults and duplicate constraint and transition names", () => {
    const bp = base();
    const order = bp.models![0]!;
    order.fields!.push(
      { name: "class", type: "char", string: "Class" },
      { name: "env", type: "char", string: "Env" },
      { name: "kind", type: "selection", string: "Kind", options: [{ value: "a", label: "A" }], default: "b" },
      { name: "count", type: "integer", string: "Count", default: "many" },
    );
    order.sqlConstraints = [
      { kind: "unique", name: "name_uniq", fields: ["name"], message: "x" },
      { kind: "unique", name: "name_uniq", fields: ["name"], message: "y" },
    ];
    order.workflow!.transitions!.push({ name: "done", label: "Again", from: ["draft"], to: "done" });
    bp.menus = [{ id: "menu_root", name: "Clash" }];
    expect(paths(bp)).toEqual([
      "models[0].fields[4].name",
      "models[0].fields[5].name",
      "models[0].fields[6].default",
      "models[0].fields[7].default",
      "models[0].sqlConstraints[1].name",
      "models[0].workflow.transitions",
      "menus[0].id",
    ]);
  });
});

describe("dependencies and relation tables", () => {
  it("flags ids of modules that are not depended on, and clashing many2many tables", () => {
    const bp = base();
    bp.models![1]!.fields!.push(
      { name: "tag_ids", type: "many2many", string: "Tags", comodel: "res.partner" },
      { name: "other_tag_ids", type: "many2many", string: "Other Tags", comodel: "res.partner" },
      { name: "sibling_ids", type: "many2many", string: "Siblings", comodel: "ref.line" },
    );
    bp.views = [{ type: "inherit", model: "res.partner", inheritId: "sale.view_partner_form", anchor: "vat", fields: ["x_level"] }];
    bp.security = { acls: [{ model: "ref.order", group: "sales_team.group_sale_manager" }, { model: "ref.line", group: "base.group_user" }] };
    expect(paths(bp)).toEqual([
      "models[1].fields[2].relation",
      "models[1].fields[3].relation",
      "models[1].fields[4].relation",
      "views[0].inheritId",
      "security.acls[0].group",
    ]);
  });
});

describe("custom constraints and onchanges", () => {
  it("accepts known fields, fields of extended models and custom computes sharing one method", () => {
    const bp = base();
    const order = bp.models![0]!;
    order.fields!.push(
      { name: "a", type: "integer", string: "A", compute: { kind: "custom", method: "_compute_ab", depends: ["qty"] } },
      { name: "b", type: "integer", string: "B", compute: { kind: "custom", method: "_compute_ab", depends: ["qty"] } },
    );
    order.constraints = [{ kind: "custom", method: "_check_qty_date", fields: ["qty", "date", "state"], message: "No" }];
    order.onchanges = [{ method: "_onchange_qty", fields: ["qty"], body: "pass" }];
    bp.models![2]!.constraints = [{ kind: "custom", method: "_check_level", fields: ["x_level", "email"], message: "No" }];
    bp.models![2]!.onchanges = [{ method: "_onchange_email", fields: ["email"] }];
    expect(check(bp)).toEqual([]);
  });

  it("flags unknown fields of custom constraints and onchanges", () => {
    const bp = base();
    bp.models![0]!.constraints = [{ kind: "custom", method: "_check_x", fields: ["qty", "ghost"], message: "No" }];
    bp.models![0]!.onchanges = [{ method: "_onchange_x", fields: ["phantom"] }];
    expect(paths(bp)).toEqual(["models[0].constraints[0].fields[1]", "models[0].onchanges[0].fields[0]"]);
  });

  it("flags one method name used twice: constraints, onchanges, and custom vs generated names", () => {
    const bp = base();
    const order = bp.models![0]!;
    order.fields!.push(
      { name: "total", type: "float", string: "Total", compute: { kind: "count", source: "line_ids" } },
      { name: "other", type: "float", string: "Other", compute: { kind: "custom", method: "_compute_total", depends: ["qty"] } },
    );
    order.constraints = [
      { kind: "positive", field: "qty", message: "Positive" },
      { kind: "custom", method: "_check_qty_positive", fields: ["qty"], message: "Clash with the generated one" },
      { kind: "custom", method: "_check_same", fields: ["qty"], message: "A" },
      { kind: "custom", method: "_check_same", fields: ["date"], message: "B" },
    ];
    order.onchanges = [
      { method: "_onchange_qty", fields: ["qty"] },
      { method: "_onchange_qty", fields: ["date"] },
    ];
    const problems = check(bp);
    expect(problems.map((p) => p.path)).toEqual([
      "models[0].fields[5].compute.method",
      "models[0].constraints[1].method",
      "models[0].constraints[3].method",
      "models[0].onchanges[1].method",
    ]);
    expect(problems[1]!.message).toBe("_check_qty_positive is also the name of the constraint method at models[0].constraints[0]; Python would keep only one: rename it");
  });
});
