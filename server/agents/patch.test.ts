import { describe, expect, it } from "vitest";
import { type Blueprint, blueprintSchema } from "@/server/odoo/blueprint/schema";
import { textOf } from "@/server/odoo/module-files";
import { compiledFiles, dangerousCode, removedCodeLines } from "./code-helpers";
import { loadCodeFixture } from "./fixtures/code";
import { applyBlueprintOps, applyPatch, type Patch, patchSchema } from "./patch";

const coded: Blueprint = blueprintSchema.parse(loadCodeFixture("equipment_rental").answer.blueprint);
const before = compiledFiles(coded);
const ORDER_FILES = ["models/rental_order.py", "tests/test_rental_order.py", "views/rental_order_views.xml", "tests/common.py"];
const BODY = "/models/rental.order/fields/total_amount/compute/body";
const body = (bp: Blueprint) => (bp.models[1]!.fields.find((f) => f.name === "total_amount") as { compute: { body: string } }).compute.body;

function patch(part: Partial<Patch>): Patch {
  return patchSchema.parse({ summary: "s", diagnosis: "d", blueprintOps: [], fileEdits: [], ...part });
}

const apply = (p: Partial<Patch>, options: Partial<Parameters<typeof applyPatch>[3]> = {}) =>
  applyPatch(coded, before, patch(p), { involvedFiles: ORDER_FILES, failureText: "AttributeError in rental.order", ...options });

describe("blueprint operations", () => {
  it("address array elements by index or by name / id / method, and escape / as ~1", () => {
    const result = applyBlueprintOps(coded, [
      { op: "set", path: "/models/1/fields/total_amount/compute/body", value: "for rec in self:\n    rec.total_amount = 1.0" },
      { op: "set", path: "/models/rental.order/workflow/transitions/confirm/body", value: "rec.note = 'confirmed'" },
      { op: "append", path: "/models/rental.order/onchanges/_onchange_equipment_id/fields", value: "partner_id" },
      { op: "remove", path: "/menus/menu_rental_equipment" },
      { op: "set", path: "/module/summary", value: "a~1b" },
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const bp = blueprintSchema.parse(result.value);
    expect(body(bp)).toBe("for rec in self:\n    rec.total_amount = 1.0");
    expect(bp.models[1]!.workflow!.transitions[0]!.body).toBe("rec.note = 'confirmed'");
    expect(bp.models[1]!.onchanges[0]!.fields).toEqual(["equipment_id", "partner_id"]);
    expect(bp.menus.map((m) => m.id)).toEqual(["menu_rental_orders"]);
    expect(coded.menus).toHaveLength(2);
  });

  it("refuses paths outside the blueprint, with what exists", () => {
    const problem = (path: string, op: "set" | "remove" | "append" = "set") => {
      const result = applyBlueprintOps(coded, [{ op, path, value: 1 }]);
      return result.ok ? null : result.problems[0];
    };
    expect(problem("/models/rental.ordr/fields")).toMatch(/no element with that name \(there are: rental\.equipment, rental\.order\)/);
    expect(problem("/models/7/name")).toMatch(/index out of range/);
    expect(problem("/views/0/nosuch/thing")).toMatch(/no such key/);
    expect(problem("/module/name")).toMatch(/fixed by the project/);
    expect(problem("/module/odooVersion", "remove")).toMatch(/fixed by the project/);
    expect(problem("/__proto__/polluted")).toMatch(/not a blueprint path/);
    expect(problem("/module/title", "append")).toMatch(/not an array/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("applyPatch", () => {
  it("applies a body fix in the involved model file and keeps the current file edits", async () => {
    const current = [{ path: "models/rental_equipment.py", find: "_order = 'name'", replace: "_order = 'name, id'" }];
    const fixedBody = body(coded).replace("amount * 0.9", "amount * 0.85");
    const outcome = await applyPatch(coded, compiledFiles(coded, current), patch({ blueprintOps: [{ op: "set", path: BODY, value: fixedBody }] }), {
      involvedFiles: ORDER_FILES,
      currentEdits: current,
    });
    expect(outcome).toMatchObject({ ok: true, fileEdits: current, changes: [{ path: "models/rental_order.py", removed: 1, added: 1 }] });
    if (outcome.ok) expect(body(outcome.blueprint)).toBe(fixedBody);
  });

  it("rejects deleting code in a file the failure does not involve, naming the file and lines", async () => {
    const outcome = await apply({ blueprintOps: [{ op: "remove", path: "/menus/menu_rental_equipment" }] });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    // The menu and the window action it opened (in the equipment's views file) would go.
    expect(outcome.problems).toHaveLength(2);
    expect(outcome.problems[0]).toMatch(/^views\/menus\.xml: the patch would delete 2 line\(s\) of code — lines \d+, \d+ \(`<menuitem id="menu_configuration".*`<menuitem id="menu_rental_equipment"/);
    expect(outcome.problems[0]).toContain("not involved in the failure");
    expect(outcome.problems[1]).toMatch(/^views\/rental_equipment_views\.xml: the patch would delete \d+ line\(s\) of code .*action_rental_equipment/);

    // The same change is fine once those files are involved (the failure named them).
    const involved = await apply(
      { blueprintOps: [{ op: "remove", path: "/menus/menu_rental_equipment" }] },
      { involvedFiles: [...ORDER_FILES, "views/menus.xml", "views/rental_equipment_views.xml"] },
    );
    expect(involved.ok).toBe(true);
  });

  it("counts the patch's own file edits as involved, but not beyond half of a file", async () => {
    const path = "models/rental_equipment.py";
    const text = textOf(before.get(path)!);
    const small = await apply({ fileEdits: [{ path, find: "_order = 'name'", replace: "_order = 'code, name'" }] });
    expect(small.ok).toBe(true);

    const classStart = text.indexOf("class ");
    const gutted = await apply({ fileEdits: [{ path, find: text.slice(classStart), replace: "class RentalEquipment(models.Model):\n    _name = 'rental.equipment'\n" }] });
    expect(gutted.ok).toBe(false);
    if (!gutted.ok) expect(gutted.problems.join("\n")).toMatch(/^models\/rental_equipment\.py: the patch would remove \d+ of its \d+ lines of code \(more than half\)/m);
  });

  it("ignores blank and comment lines, and lines that only moved", () => {
    const old = "a = 1\n\n# note\nb = 2\nc = 3\n";
    expect(removedCodeLines(old, "b = 2\na = 1\n# other note\nc = 4\n", "x.py")).toEqual([{ line: 5, text: "c = 3" }]);
    expect(removedCodeLines("<odoo>\n  <!-- x -->\n</odoo>", "<odoo>\n</odoo>", "x.xml")).toEqual([]);
  });

  it("rejects removing a model or field the failure does not mention", async () => {
    const dropNote = [
      { op: "remove" as const, path: "/models/rental.order/fields/note" },
      { op: "remove" as const, path: "/views/3/pages/0" },
    ];
    const unmentioned = await apply({ blueprintOps: dropNote });
    expect(unmentioned.ok).toBe(false);
    if (!unmentioned.ok) expect(unmentioned.problems).toEqual(["the patch removes the field note of rental.order, which the failure does not mention; keep it"]);

    const mentioned = await apply({ blueprintOps: dropNote }, { failureText: "ValueError: Invalid field 'note' on rental.order" });
    expect(mentioned.ok).toBe(true);

    const overwritten = await apply({ blueprintOps: [{ op: "set", path: "/models/0/name", value: "rental.tool" }] });
    expect(overwritten.ok).toBe(false);
    if (!overwritten.ok) expect(overwritten.problems[0]).toContain("removes the model rental.equipment");
  });

  it("rejects a file edit whose find text is missing or ambiguous", async () => {
    const missing = await apply({ fileEdits: [{ path: "models/rental_order.py", find: "rec.total_amount = rec.amount_typo", replace: "x" }] });
    expect(missing).toEqual({ ok: false, problems: ["fileEdits[0]: models/rental_order.py: the text to replace was not found"] });
    const twice = await apply({ fileEdits: [{ path: "models/rental_order.py", find: "for rec in self:", replace: "for record in self:" }] });
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.problems[0]).toContain("occurs more than once");
    const outside = await apply({ fileEdits: [{ path: "../etc/passwd", find: "x", replace: "y" }] });
    expect(outside.ok).toBe(false);
  });

  it("says when a current edit no longer applies after the blueprint change", async () => {
    const current = [{ path: "models/rental_order.py", find: "amount = amount * 0.9", replace: "amount = amount * 0.8" }];
    const outcome = await applyPatch(
      coded,
      compiledFiles(coded, current),
      patch({ blueprintOps: [{ op: "set", path: BODY, value: body(coded).replace("amount * 0.9", "amount * 0.85") }] }),
      { involvedFiles: ORDER_FILES, currentEdits: current },
    );
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problems[0]).toMatch(/^the current version's file edit #1 \(no longer applies after the blueprint change\)/);
  });

  it("rejects a patch that changes nothing, an invalid blueprint, dangerous code and validator errors", async () => {
    const same = await apply({ blueprintOps: [{ op: "set", path: BODY, value: body(coded) }] });
    expect(same).toEqual({ ok: false, problems: ["the patch changes nothing in the module: the same tests would fail again"] });

    const invalid = await apply({ blueprintOps: [{ op: "set", path: "/models/rental.order/fields/note/type", value: "memo" }] });
    expect(invalid.ok).toBe(false);
    if (!invalid.ok) expect(invalid.problems[0]).toMatch(/^the patched blueprint is invalid at \/models\/1\/fields\/\d+\/type/);

    const dangling = await apply({ blueprintOps: [{ op: "append", path: "/views/2/fields", value: "deposit" }] });
    expect(dangling.ok).toBe(false);
    if (!dangling.ok) expect(dangling.problems[0]).toMatch(/^the patched blueprint does not compile: .*deposit/);

    const dangerous = await apply({ blueprintOps: [{ op: "set", path: BODY, value: "import os\nfor rec in self:\n    rec.total_amount = float(os.system('id'))" }] });
    expect(dangerous.ok).toBe(false);
    if (!dangerous.ok) expect(dangerous.problems[0]).toMatch(/imports a system module \(os\), calls os\.system/);
    const dangerousEdit = await apply({ fileEdits: [{ path: "models/rental_order.py", find: "rec.total_amount = amount", replace: "rec.total_amount = eval('amount')" }] });
    expect(dangerousEdit.ok).toBe(false);

    const broken = await apply({ blueprintOps: [{ op: "set", path: BODY, value: "for rec in self:\n    rec.total_amount = (1 +" }] });
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.problems[0]).toMatch(/^the patched module has a validator error: models\/rental_order\.py:\d+ \[python-syntax\]/);
  });
});

describe("dangerous code", () => {
  it("flags system access and dynamic code, not ordinary ORM code", () => {
    expect(dangerousCode("import subprocess\nsubprocess.run(['ls'])")).toEqual(["imports a system module (subprocess)", "uses subprocess"]);
    expect(dangerousCode("x = __import__('os')")).toEqual(["calls __import__"]);
    expect(dangerousCode("exec(code)")).toEqual(["calls exec()"]);
    expect(dangerousCode("with open('/etc/passwd') as f:\n    pass")).toEqual(["opens files on the server"]);
    expect(dangerousCode("for rec in self:\n    rec.total = sum(rec.line_ids.mapped('amount'))\n    rec.action_open()")).toEqual([]);
  });
});
