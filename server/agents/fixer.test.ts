import { describe, expect, it } from "vitest";
import type { Blueprint } from "@/server/odoo/blueprint/schema";
import { type ModuleFiles, textOf } from "@/server/odoo/module-files";
import { validateModule } from "@/server/odoo/validator";
import type { FixInput } from "@/server/pipeline/fixer";
import { odooGuidelines } from "@/server/ports/ai";
import type { ScriptedAnswer } from "@/server/ports/ai/testing/scripted-provider";
import { compiledFiles } from "./code-helpers";
import { createAiFixer, involvement, trimLog } from "./fixer";
import { loadFixFixture } from "./fixtures/fix";
import type { Patch } from "./patch";
import { agentProject, scriptedClient } from "./testing";

const fixture = loadFixFixture("equipment_rental.amout");
const recorded = { text: JSON.stringify(fixture.answer), ...fixture.usage } satisfies ScriptedAnswer;

const project = agentProject({
  id: "project-rental",
  moduleName: "equipment_rental",
  title: "Equipment Rental",
  description: "We rent tools by the day and need prices and no double bookings.",
  status: "fixing",
  fixAttempts: 1,
});

const textFiles = (files: ModuleFiles) => Object.fromEntries([...files].filter(([p]) => !p.endsWith(".png")).map(([p, c]) => [p, textOf(c)]));

function fixInput(blueprint: Blueprint = fixture.blueprint): FixInput {
  return { project, blueprint, attempt: 1, ...fixture.report, fileEdits: [], files: textFiles(compiledFiles(blueprint)), runId: "run-1" };
}

const clientWith = scriptedClient;

const answer = (change: Partial<Patch>) => JSON.stringify({ ...fixture.answer, ...change });
const totalBody = (bp: Blueprint) => {
  const field = bp.models.find((m) => m.name === "rental.order")!.fields.find((f) => f.name === "total_amount")!;
  return "compute" in field && field.compute?.kind === "custom" ? field.compute.body : undefined;
};

describe("AI fixer", () => {
  it("repairs the seeded defect with the recorded patch; the fixed module compiles and validates", async () => {
    expect(totalBody(fixture.blueprint)).toContain("rec.total_amount = rec.amout");
    const { client, provider } = clientWith([recorded]);
    const result = await createAiFixer(client).fix(fixInput());

    expect(result?.blueprint).toBeTruthy();
    expect(totalBody(result!.blueprint!)).toContain("rec.total_amount = amount");
    expect(result!.fileEdits).toEqual([]);
    const files = compiledFiles(result!.blueprint!, result!.fileEdits);
    expect(textOf(files.get("models/rental_order.py")!)).not.toContain("amout");
    const findings = await validateModule(files, { odooVersion: "17", moduleName: "equipment_rental" });
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(result!.summary).toMatch(/^Fix the typo in the Total compute .* — changed models\/rental_order\.py\. Diagnosis: _compute_total_amount/);
    expect(result!.ai).toMatchObject({ inputTokens: fixture.usage.inputTokens, outputTokens: fixture.usage.outputTokens, calls: 1 });

    const request = provider.requests[0]!;
    expect(request.json?.name).toBe("module_patch");
    expect(request.system).toContain("You are a senior Odoo developer fixing a custom module");
    expect(request.system).toContain(odooGuidelines("17"));
    const user = request.messages[0]!.content;
    expect(user).toContain("- [Odoo test] TestRentalOrderHappy.test_action_confirm — models/rental_order.py:32\n  AttributeError: 'rental.order' object has no attribute 'amout'");
    expect(user).toContain("AttributeError: 'rental.order' object has no attribute 'amout'\n");
    expect(user).toContain("### models/rental_order.py\n```python\n");
    expect(user).toMatch(/\n\d+\|\s+rec\.total_amount = rec\.amout\n/);
    expect(user).toContain("### tests/test_rental_order.py");
    expect(user).not.toContain("### models/rental_equipment.py");
    expect(user).toContain("Other files of the module (not involved; do not change them): ");
    expect(user).toContain("- rental.order compute _compute_total_amount: /models/rental.order/fields/total_amount/compute/body");
  });

  it("shows a failed UI test with its error and the screen in words", async () => {
    const { client, provider } = clientWith([recorded]);
    const ui = {
      suite: "ui" as const,
      name: "Orders: confirm an order",
      status: "failed" as const,
      error: 'click "Confirm": Odoo showed "Validation Error": The end date must be on or after the start date.',
      screenshotKey: "projects/p/ui-1/confirm.png",
      screen: 'Odoo showed "Rentals › Orders › RO/0001" (form view) at /odoo/action-9/1. A dialog "Validation Error" was open: The end date must be on or after the start date.',
    };
    await createAiFixer(client).fix({ ...fixInput(), failures: [ui] });
    const user = provider.requests[0]!.messages[0]!.content;
    expect(user).toContain(`- [UI test] Orders: confirm an order\n  ${ui.error}\n  Screen at the failure: ${ui.screen}`);
    expect(user).not.toContain("confirm.png");
  });

  it("involves the traceback's files and the failing model's files, not the rest of the module", () => {
    const involved = involvement(fixInput());
    expect(involved.models).toEqual(["rental.order"]);
    expect([...involved.files].sort()).toEqual(["models/rental_order.py", "tests/common.py", "tests/test_rental_order.py", "views/rental_order_views.xml"]);

    // A core addon's file of the same name is not the module's; the module's own path is.
    const base = { ...fixInput(), failures: [], files: { "models/res_partner.py": "", "data/cron.xml": "" } };
    const core = involvement({ ...base, logExcerpt: '  File "/odoo/addons/base/models/res_partner.py", line 3, in write' });
    expect([...core.files]).toEqual([]);
    const own = involvement({ ...base, logExcerpt: '  File "/x/addons/equipment_rental/models/res_partner.py", line 3\nwhile parsing data/cron.xml:4' });
    expect([...own.files].sort()).toEqual(["data/cron.xml", "models/res_partner.py"]);
  });

  it("rejects a patch that deletes code in an uninvolved file; the repair round says where, then the fix applies", async () => {
    const greedy = answer({ blueprintOps: [...fixture.answer.blueprintOps, { op: "remove", path: "/menus/menu_rental_equipment" }] });
    const { client, provider } = clientWith([greedy, recorded]);
    const result = await createAiFixer(client).fix(fixInput());

    expect(provider.requests).toHaveLength(2);
    const repair = provider.requests[1]!.messages;
    expect(repair[1]).toEqual({ role: "assistant", content: greedy });
    expect(repair[2]!.content).toMatch(/^Your patch was rejected:\n- views\/menus\.xml: the patch would delete 2 line\(s\) of code — .*menu_rental_equipment.* — but this file is not involved in the failure/);
    expect(result!.blueprint!.menus.map((m) => m.id)).toEqual(["menu_rental_orders", "menu_rental_equipment"]);
    expect(totalBody(result!.blueprint!)).toContain("rec.total_amount = amount");
    expect(result!.summary).toContain("(after one correction round)");
    expect(result!.ai?.calls).toBe(2);
  });

  it("rejects a file edit whose find text is missing; a correct edit then carries the fix", async () => {
    const path = "models/rental_order.py";
    const missing = answer({ blueprintOps: [], fileEdits: [{ path, find: "rec.total_amount = rec.amount_typo", replace: "rec.total_amount = amount" }] });
    const edit = answer({ blueprintOps: [], fileEdits: [{ path, find: "rec.total_amount = rec.amout", replace: "rec.total_amount = amount" }] });
    const { client, provider } = clientWith([missing, edit]);
    const result = await createAiFixer(client).fix(fixInput());

    expect(provider.requests[1]!.messages[2]!.content).toContain(`- fileEdits[0]: ${path}: the text to replace was not found`);
    expect(result!.fileEdits).toEqual([{ path, find: "rec.total_amount = rec.amout", replace: "rec.total_amount = amount" }]);
    // The blueprint still has the typo; the file edit corrects the built file.
    expect(totalBody(result!.blueprint!)).toContain("rec.amout");
    expect(textOf(compiledFiles(result!.blueprint!, result!.fileEdits).get(path)!)).toContain("            rec.total_amount = amount\n");
  });

  it("two rejected patches: no blueprint, and a summary that says why (the run fails with it)", async () => {
    const greedy = answer({ blueprintOps: [{ op: "remove", path: "/models/rental.equipment" }] });
    const { client } = clientWith([greedy, greedy]);
    const result = await createAiFixer(client).fix(fixInput());
    expect(result?.blueprint).toBeNull();
    expect(result!.summary).toMatch(/^the AI fixer's patch was rejected twice \(the patch removes the model rental\.equipment, which the failure does not mention; keep it/);
    expect(result!.ai?.calls).toBe(2);
  });

  it("an empty patch means no fix: no blueprint, the diagnosis in the summary, one call", async () => {
    const empty = answer({ blueprintOps: [], fileEdits: [], diagnosis: "The failure comes from the test database, not from the module." });
    const { client, provider } = clientWith([empty]);
    const result = await createAiFixer(client).fix(fixInput());
    expect(result).toMatchObject({ blueprint: null, summary: "the AI fixer found no change to make (The failure comes from the test database, not from the module.)" });
    expect(provider.requests).toHaveLength(1);
  });

  it("keeps the current version's file edits and adds the new ones after them", async () => {
    const current = [{ path: "models/rental_equipment.py", find: "_order = 'name'", replace: "_order = 'name, id'" }];
    const { client } = clientWith([recorded]);
    const result = await createAiFixer(client).fix({ ...fixInput(), fileEdits: current, files: textFiles(compiledFiles(fixture.blueprint, current)) });
    expect(result!.fileEdits).toEqual(current);
  });
});

describe("log trimming", () => {
  it("keeps a short log whole and long logs around their tracebacks", () => {
    expect(trimLog("short log")).toBe("short log");
    const noise = Array.from({ length: 400 }, (_, i) => `2024-01-01 10:00:00,000 1 INFO db odoo.modules.loading: line ${i} ${"x".repeat(40)}`);
    const traceback = [
      "2024-01-01 10:00:01,000 1 ERROR db odoo.addons.m.tests.test_x: ERROR: TestX.test_a",
      "Traceback (most recent call last):",
      '  File "/s/addons/m/models/x.py", line 3, in _compute',
      "AttributeError: 'x' object has no attribute 'amout'",
    ];
    const log = [...noise.slice(0, 200), ...traceback, ...noise.slice(200)].join("\n");
    const trimmed = trimLog(log);
    expect(trimmed.length).toBeLessThanOrEqual(8_000);
    expect(trimmed).toContain(traceback.join("\n"));
    expect(trimmed).not.toContain("line 10 ");
    expect(trimLog(noise.join("\n")).length).toBeLessThanOrEqual(8_002);
  });
});
