import { describe, expect, it } from "vitest";
import { type Blueprint, blueprintSchema } from "@/server/odoo/blueprint/schema";
import { compileModule } from "@/server/odoo/compiler";
import { textOf } from "@/server/odoo/module-files";
import { validateModule } from "@/server/odoo/validator";
import { odooGuidelines } from "@/server/ports/ai";
import type { ScriptedAnswer } from "@/server/ports/ai/testing/scripted-provider";
import { AiError } from "@/server/ports/ai/types";
import { codeGuard, createAiCoder } from "./coder";
import { loadCodeFixture } from "./fixtures/code";
import { agentProject, scriptedClient } from "./testing";

const fixture = loadCodeFixture("equipment_rental");
const recorded = { text: JSON.stringify(fixture.answer), ...fixture.usage } satisfies ScriptedAnswer;

export const rentalProject = agentProject({
  id: "project-rental",
  moduleName: "equipment_rental",
  title: "Equipment Rental",
  description: "We rent tools by the day and need prices and no double bookings.",
});

const clientWith = scriptedClient;

const input = (blueprint: Blueprint = fixture.approved) => ({ project: rentalProject, blueprint, markdown: fixture.markdown, runId: "run-1" });

/** The recorded answer with its blueprint changed (plain JSON, edited freely: hence `any`). */
function answerWith(change: (bp: Record<string, any>) => void, summary = fixture.answer.summary): string {
  const bp = structuredClone(fixture.answer.blueprint) as Record<string, any>;
  change(bp);
  return JSON.stringify({ summary, blueprint: bp });
}

const order = (bp: Record<string, any>) => bp.models.find((m: { name: string }) => m.name === "rental.order");
const totalField = (bp: Record<string, any>) => order(bp).fields.find((f: { name: string }) => f.name === "total_amount");

describe("AI coder", () => {
  it("writes the custom compute, constraint, onchange and transition bodies; the module compiles and validates", async () => {
    const { client, provider } = clientWith([recorded]);
    const result = await createAiCoder(client).code(input());

    const rental = result.blueprint.models.find((m) => m.name === "rental.order")!;
    const total = rental.fields.find((f) => f.name === "total_amount")!;
    expect(total).toMatchObject({ compute: { kind: "custom", method: "_compute_total_amount" } });
    expect("compute" in total && total.compute?.kind === "custom" && total.compute.body).toContain("amount = amount * 0.9");
    expect(rental.constraints.find((c) => c.kind === "custom")).toMatchObject({ method: "_check_equipment_available", body: expect.stringContaining("search_count") });
    expect(rental.onchanges[0]!.body).toContain("rec.daily_rate = rec.equipment_id.daily_rate");
    expect(rental.workflow!.transitions.find((t) => t.name === "register_return")!.body).toBe("rec.returned_date = fields.Date.context_today(rec)");

    const files = compileModule(result.blueprint);
    const model = textOf(files.get("models/rental_order.py")!);
    expect(model).toContain("    @api.depends('start_date', 'end_date', 'daily_rate')\n    def _compute_total_amount(self):\n        for rec in self:");
    expect(model).toContain("            amount = days * (rec.daily_rate or 0.0)");
    const findings = await validateModule(files, { odooVersion: "17", moduleName: "equipment_rental" });
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);

    expect(result.summary).toBe(fixture.answer.summary);
    expect(result.ai).toMatchObject({ provider: "anthropic", model: "claude-test", inputTokens: fixture.usage.inputTokens, outputTokens: fixture.usage.outputTokens, calls: 1 });
    expect(provider.requests).toHaveLength(1);
    const request = provider.requests[0]!;
    expect(request.json?.name).toBe("coded_blueprint");
    expect(request.maxTokens).toBe(32_000);
    expect(request.system).toContain("You write those bodies");
    expect(request.system).toContain(odooGuidelines("17"));
    const user = request.messages[0]!.content;
    expect(user).toContain(fixture.markdown.trim());
    expect(user).toContain("- rental.order compute _compute_total_amount — assigns total_amount on every record; depends on start_date, end_date, daily_rate; NEEDS A BODY.");
    expect(user).toContain("rental.order constraint _check_equipment_available");
    expect(user).toContain("Path: /models/rental.order/workflow/transitions/register_return/body");
  });

  // Needs the compiler's emission of custom constraints, onchanges and transition bodies.
  it("the compiled model carries the constraint, onchange and transition bodies the coder wrote", async () => {
    const { client } = clientWith([recorded]);
    const result = await createAiCoder(client).code(input());
    const model = textOf(compileModule(result.blueprint).get("models/rental_order.py")!);
    expect(model).toMatch(/@api\.constrains\('equipment_id', 'start_date', 'end_date', 'state'\)\n    def _check_equipment_available\(self\):\n        for rec in self:/);
    expect(model).toContain("raise ValidationError(_(\"This equipment is already rented for these dates.\"))");
    expect(model).toMatch(/@api\.onchange\('equipment_id'\)\n    def _onchange_equipment_id\(self\):/);
    expect(model).toContain("rec.returned_date = fields.Date.context_today(rec)");
  });

  it("an answer that drops a field gets the repair round with the reason, then is used", async () => {
    const dropped = answerWith((bp) => {
      order(bp).fields = order(bp).fields.filter((f: { name: string }) => f.name !== "note");
      bp.views[3].pages = [];
    });
    const { client, provider } = clientWith([dropped, recorded]);
    const result = await createAiCoder(client).code(input());
    expect(provider.requests).toHaveLength(2);
    const repair = provider.requests[1]!.messages;
    expect(repair[1]).toEqual({ role: "assistant", content: dropped });
    expect(repair[2]!.content).toContain("rental.order: the approved field(s) note are missing; keep every approved field");
    expect(result.blueprint.models[1]!.fields.some((f) => f.name === "note")).toBe(true);
    expect(result.summary).toContain("(after one correction round)");
    expect(result.ai?.calls).toBe(2);
    expect(result.ai?.inputTokens).toBeGreaterThan(fixture.usage.inputTokens);
  });

  it("validator errors go back once with file, line and rule; the second answer is used", async () => {
    const broken = answerWith((bp) => {
      totalField(bp).compute.body = totalField(bp).compute.body.replace("(rec.daily_rate or 0.0)", "(rec.daily_rate or 0.0");
    });
    const { client, provider } = clientWith([broken, recorded]);
    const result = await createAiCoder(client).code(input());
    expect(provider.requests).toHaveLength(2);
    const feedback = provider.requests[1]!.messages[2]!.content;
    expect(feedback).toContain("The compiled module has validator errors (file:line [rule] message):");
    expect(feedback).toMatch(/- models\/rental_order\.py:\d+ \[python-syntax\] /);
    expect(result.summary).not.toContain("validator");
    const findings = await validateModule(compileModule(result.blueprint), { odooVersion: "17", moduleName: "equipment_rental" });
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("validator errors left after the round: the blueprint is returned and the summary says the build stops", async () => {
    const broken = answerWith((bp) => {
      totalField(bp).compute.body = "for rec in self:\n    rec.total_amount = (1 +";
    });
    const { client, provider } = clientWith([broken, broken]);
    const result = await createAiCoder(client).code(input());
    expect(provider.requests).toHaveLength(2);
    expect(result.summary).toMatch(/the validator still reports 1 error\(s\) after the correction round \(models\/rental_order\.py:\d+ \[python-syntax\] .*\): the compile stage stops the build/);
    expect(result.ai?.calls).toBe(2);
  });

  it("dangerous code in a body is refused with the reason; twice refused → invalid_output", async () => {
    const dangerous = answerWith((bp) => {
      order(bp).onchanges[0].body = "import os\nfor rec in self:\n    rec.daily_rate = float(os.popen('cat rate').read())";
    });
    const repaired = clientWith([dangerous, recorded]);
    const result = await createAiCoder(repaired.client).code(input());
    expect(repaired.provider.requests[1]!.messages[2]!.content).toContain(
      "rental.order onchange _onchange_equipment_id: the body imports a system module (os), calls os.popen — a customer module must not do that",
    );
    expect(result.blueprint.models[1]!.onchanges[0]!.body).not.toContain("import os");

    const stubborn = clientWith([dangerous, dangerous]);
    const error = await createAiCoder(stubborn.client).code(input()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AiError);
    expect((error as AiError).kind).toBe("invalid_output");
    expect((error as AiError).message).toContain("imports a system module (os)");
  });

  it("asks once and keeps the answer small when nothing needs code; null keeps the approved blueprint", async () => {
    const plain = structuredClone(fixture.approved);
    const rental = plain.models[1]!;
    rental.fields = rental.fields.map((f) => (f.name === "total_amount" ? { ...f, compute: undefined, store: undefined } : f));
    rental.constraints = rental.constraints.filter((c) => c.kind !== "custom");
    rental.onchanges = [];
    const answer = { text: JSON.stringify({ summary: "Nothing to write: the blueprint declares all the logic the spec needs.", blueprint: null }), inputTokens: 9_800, outputTokens: 38 };
    const { client, provider } = clientWith([answer]);
    const result = await createAiCoder(client).code(input(plain));
    expect(result.blueprint).toEqual(plain);
    expect(result.summary).toBe("Nothing to write: the blueprint declares all the logic the spec needs. (blueprint unchanged)");
    expect(result.ai).toMatchObject({ calls: 1, outputTokens: 38 });
    expect(provider.requests[0]!.maxTokens).toBe(16_000);
    expect(provider.requests[0]!.messages[0]!.content).toContain("Nothing in this blueprint asks for custom code.");
  });

  it("bodies still missing after the round are named in the summary (the compiler's placeholder runs)", async () => {
    const lazy = JSON.stringify({ summary: "Nothing to change.", blueprint: null });
    const { client, provider } = clientWith([lazy, lazy]);
    const result = await createAiCoder(client).code(input());
    expect(provider.requests[1]!.messages[2]!.content).toContain("- rental.order compute _compute_total_amount (/models/rental.order/fields/total_amount/compute/body)");
    expect(result.blueprint).toEqual(fixture.approved);
    expect(result.summary).toContain(
      "left without a body (the compiler's placeholder runs): rental.order compute _compute_total_amount, rental.order constraint _check_equipment_available, rental.order onchange _onchange_equipment_id",
    );
  });
});

describe("code guard", () => {
  const coded = blueprintSchema.parse(fixture.answer.blueprint);

  it("accepts additions and body changes", () => {
    const more = structuredClone(coded);
    more.models[1]!.fields.push({ ...more.models[1]!.fields.find((f) => f.name === "note")!, name: "deposit_note" });
    expect(codeGuard(fixture.approved, more)).toEqual([]);
  });

  it("refuses a rename, another version, and dropped models, views and menus", () => {
    const changed = structuredClone(coded);
    changed.module = { ...changed.module, name: "rental_pro", odooVersion: "18" };
    changed.models = changed.models.filter((m) => m.name !== "rental.equipment");
    changed.views = changed.views.filter((v) => !(v.type === "search"));
    changed.menus = changed.menus.slice(0, 1);
    expect(codeGuard(fixture.approved, changed)).toEqual([
      'module.name must stay "equipment_rental" (the project fixes it)',
      'module.odooVersion must stay "17"',
      "the model rental.equipment of the approved blueprint is missing; keep every approved model",
      "the approved search view of rental.order is missing; keep every approved view",
      "the approved menu(s) menu_rental_equipment are missing; keep every approved menu",
    ]);
  });
});
