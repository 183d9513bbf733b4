/**
 * Custom logic in the emitted Python: custom constraints, onchanges and transition bodies (plus
 * the imports their bodies need), how generated tests keep clear of them, and that a body with a
 * syntax error is reported by the validator at its line in the model file.
 */
import { describe, expect, it } from "vitest";
import type { OdooVersion } from "@/lib/odoo-versions";
import type { BlueprintInput } from "@/server/odoo/blueprint/schema";
import { textOf } from "@/server/odoo/module-files";
import { fallbackCatalogue } from "@/server/odoo/validator/catalogue/fallback";
import { validateModule } from "@/server/odoo/validator/validate";
import { BlueprintReferenceError, compileModule } from "./index";

const CHECK_DATES = `for rec in self:
    if rec.start_date and rec.end_date and rec.end_date < rec.start_date:
        raise ValidationError(_("The end must be after the start."))`;

function blueprint(): BlueprintInput {
  return {
    module: { name: "cl_demo", title: "Custom Logic Demo", odooVersion: "17" },
    models: [
      {
        name: "cl.booking",
        description: "Booking",
        fields: [
          { name: "name", type: "char", string: "Name", required: true },
          { name: "start_date", type: "date", string: "Start", required: true },
          { name: "end_date", type: "date", string: "End" },
          { name: "note", type: "char", string: "Note" },
          { name: "confirmed_on", type: "date", string: "Confirmed on" },
        ],
        constraints: [
          { kind: "custom", method: "_check_dates", fields: ["start_date", "end_date"], message: "The end must be after the start.", body: CHECK_DATES },
          { kind: "custom", method: "_check_note", fields: ["note"], message: "Note\ntoo long" },
        ],
        onchanges: [
          {
            method: "_onchange_start_date",
            fields: ["start_date"],
            description: "Propose an end date a week later",
            // Indented as pasted from an editor: the compiler re-indents it.
            body: "\n\t\tfor rec in self:\n\t\t\tif rec.start_date and not rec.end_date:\n\t\t\t\trec.end_date = rec.start_date + timedelta(days=7)\n\n",
          },
          { method: "_onchange_note", fields: ["note", "name"], description: "Nothing yet" },
        ],
        workflow: {
          states: [
            { value: "draft", label: "Draft" },
            { value: "confirmed", label: "Confirmed" },
          ],
          transitions: [
            { name: "confirm", label: "Confirm", from: ["draft"], to: "confirmed", body: "rec.confirmed_on = fields.Date.context_today(rec)" },
            { name: "reset", label: "Reset", from: ["confirmed"], to: "draft" },
          ],
        },
      },
    ],
  };
}

const modelPy = (input: BlueprintInput, version: OdooVersion) => textOf(compileModule(input, version).get("models/cl_booking.py")!);
const testPy = (input: BlueprintInput, version: OdooVersion) => textOf(compileModule(input, version).get("tests/test_cl_booking.py")!);

describe.each(["16", "17", "18", "19"] as const)("custom logic on Odoo %s", (version) => {
  const py = modelPy(blueprint(), version);

  it("writes a custom constraint with its body indented under @api.constrains", () => {
    expect(py).toContain(
      [
        "    @api.constrains('start_date', 'end_date')",
        "    def _check_dates(self):",
        "        for rec in self:",
        "            if rec.start_date and rec.end_date and rec.end_date < rec.start_date:",
        '                raise ValidationError(_("The end must be after the start."))',
      ].join("\n"),
    );
  });

  it("writes a custom constraint without a body as a loop that passes", () => {
    expect(py).toContain(["    @api.constrains('note')", "    def _check_note(self):", "        # Not written yet: Note too long", "        for rec in self:", "            pass"].join("\n"));
  });

  it("writes onchanges, with a given body re-indented and an absent one passing", () => {
    expect(py).toContain(
      [
        "    @api.onchange('start_date')",
        "    def _onchange_start_date(self):",
        "        for rec in self:",
        "            if rec.start_date and not rec.end_date:",
        "                rec.end_date = rec.start_date + timedelta(days=7)",
        "",
      ].join("\n"),
    );
    expect(py).toContain(["    @api.onchange('note', 'name')", "    def _onchange_note(self):", "        # Not written yet: Nothing yet", "        for rec in self:", "            pass"].join("\n"));
  });

  it("runs a transition's body per record after the status check, before the state write", () => {
    const tr = version === "16" || version === "17" ? "_" : "self.env._";
    expect(py).toContain(
      [
        "    def action_confirm(self):",
        "        for rec in self:",
        "            if rec.state not in ('draft',):",
        `                raise UserError(${tr}('"Confirm" is not possible in the current status.'))`,
        "            rec.confirmed_on = fields.Date.context_today(rec)",
        "        self.write({'state': 'confirmed'})",
        "        return True",
      ].join("\n"),
    );
    expect(py).toContain(["    def action_reset(self):", "        for rec in self:", "            if rec.state not in ('confirmed',):"].join("\n"));
    expect(py).toMatch(/raise UserError\([^\n]*\n {8}self\.write\(\{'state': 'draft'\}\)/);
  });

  it("imports what the bodies use", () => {
    expect(py).toMatch(/^from datetime import timedelta\n\nfrom odoo import _, api, fields, models\nfrom odoo\.exceptions import UserError, ValidationError\n/);
  });

  it("keeps generated tests clear of custom logic", () => {
    const common = textOf(compileModule(blueprint(), version).get("tests/common.py")!);
    // Optional fields a custom constraint watches stay empty; required ones keep their sample.
    expect(common).toContain("'start_date': ");
    expect(common).not.toContain("'end_date'");
    expect(common).not.toContain("'note'");
    const tests = testPy(blueprint(), version);
    expect(tests).not.toMatch(/_check_dates|_check_note|_onchange_/);
    // The transition with a body may refuse the sample; one without keeps the strict test.
    expect(tests).toContain(
      [
        "    def test_action_confirm(self):",
        "        rec = self._create_cl_booking()",
        "        rec.write({'state': 'draft'})",
        "        try:",
        "            rec.action_confirm()",
        "        except (UserError, ValidationError):",
        "            pass",
        "        else:",
        "            self.assertEqual(rec.state, 'confirmed')",
      ].join("\n"),
    );
    expect(tests).toContain("        rec.action_reset()\n        self.assertEqual(rec.state, 'draft')");
    expect(tests).toContain("from odoo.exceptions import UserError, ValidationError");
  });
});

describe("imports of custom bodies", () => {
  const withBody = (body: string) => {
    const bp = blueprint();
    bp.models![0]!.onchanges = [{ method: "_onchange_start_date", fields: ["start_date"], body }];
    bp.models![0]!.constraints = [];
    bp.models![0]!.workflow = undefined;
    return modelPy(bp, "17");
  };

  it("adds date, datetime, relativedelta and Command only when a body uses them", () => {
    const py = withBody("for rec in self:\n    rec.end_date = date.today() + relativedelta(months=1)\n    rec.note = str(datetime.now())\n    rec.write({'x': [Command.clear()]})");
    expect(py).toMatch(/^from datetime import date, datetime\n\nfrom dateutil\.relativedelta import relativedelta\n\nfrom odoo import api, Command, fields, models\n/);
  });

  it("does not mistake attributes for names (rec.date.year, self.env._)", () => {
    const py = withBody("for rec in self:\n    rec.note = str(rec.start_date.year) + self.env._('x') + rec.datetime_x.timedelta_y");
    expect(py).toMatch(/^from odoo import api, fields, models\n\n\nclass/);
  });

  it("needs no import for a constraint-free, body-free model beyond ValidationError for constraints", () => {
    const bp = blueprint();
    bp.models![0]!.workflow = undefined;
    bp.models![0]!.onchanges = [];
    bp.models![0]!.constraints = [{ kind: "custom", method: "_check_note", fields: ["note"], message: "Too long" }];
    expect(modelPy(bp, "19")).toMatch(/^from odoo import api, fields, models\nfrom odoo\.exceptions import ValidationError\n/);
  });
});

describe("custom logic the compiler refuses", () => {
  it("refuses a custom constraint watching an unknown field and clashing method names", () => {
    const bp = blueprint();
    const model = bp.models![0]!;
    model.constraints!.push({ kind: "custom", method: "_check_dates", fields: ["ghost"], message: "Again" });
    model.onchanges!.push({ method: "_onchange_note", fields: ["phantom"] });
    try {
      compileModule(bp, "17");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BlueprintReferenceError);
      const paths = (error as BlueprintReferenceError).problems.map((p) => p.path);
      expect(paths).toEqual(
        expect.arrayContaining(["models[0].constraints[2].fields[0]", "models[0].constraints[2].method", "models[0].onchanges[2].fields[0]", "models[0].onchanges[2].method"]),
      );
    }
  });
});

describe("a body with a syntax error", () => {
  it.each(["17", "19"] as const)("is reported by the validator at its line in the model file (Odoo %s)", async (version) => {
    const bp = blueprint();
    bp.models![0]!.constraints![0] = {
      kind: "custom",
      method: "_check_dates",
      fields: ["start_date", "end_date"],
      message: "Bad",
      body: "for rec in self:\n    if rec.end_date < rec.start_date\n        raise ValidationError(_('Bad'))",
    };
    const files = compileModule(bp, version);
    const source = textOf(files.get("models/cl_booking.py")!);
    const line = source.split("\n").findIndex((l) => l.includes("if rec.end_date < rec.start_date")) + 1;
    expect(line).toBeGreaterThan(0);
    const findings = await validateModule(files, { odooVersion: version, moduleName: "cl_demo", catalogue: new Map(fallbackCatalogue(version)), dependsGraph: null });
    const syntax = findings.filter((f) => f.rule === "python-syntax");
    expect(syntax.length).toBeGreaterThan(0);
    expect(syntax[0]!.file).toBe("models/cl_booking.py");
    expect(syntax[0]!.severity).toBe("error");
    // tree-sitter points at the broken statement or the line right after it.
    expect([line, line + 1]).toContain(syntax[0]!.line);
  });

  it("while the same module with a valid body has no error findings", async () => {
    const files = compileModule(blueprint(), "17");
    const findings = await validateModule(files, { odooVersion: "17", moduleName: "cl_demo", catalogue: new Map(fallbackCatalogue("17")), dependsGraph: null });
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
  });
});
