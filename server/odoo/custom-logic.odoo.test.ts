/**
 * Real Odoo: custom logic written in a blueprint (a custom compute body, a custom constraint that
 * raises ValidationError, an onchange, transition bodies that stamp a date or refuse with
 * UserError) compiles into a module that installs with its generated tests passing. A hand-written
 * test class, added to the compiled files here (a blueprint cannot carry one), checks that each
 * body really runs: the constraint refuses, the onchange fills the form, the button stamps.
 * Versions without a tree are skipped with the reason (see examples.odoo.test.ts); run one
 * version with `-t "Odoo 17"`.
 */
import { describe, expect, it } from "vitest";
import type { BlueprintInput } from "./blueprint/schema";
import { compileModule } from "./compiler";
import { type ModuleFiles, textOf } from "./module-files";
import { installModule, ODOO_VERSIONS, odooAvailability } from "./runtime";

const MODULE = "omb_custom_logic";

const blueprint: BlueprintInput = {
  module: { name: MODULE, title: "Custom Logic Check", odooVersion: "17", application: false },
  models: [
    {
      name: "omb.cl.booking",
      description: "Booking",
      fields: [
        { name: "name", type: "char", string: "Name", required: true },
        { name: "start_date", type: "date", string: "Start", required: true },
        { name: "end_date", type: "date", string: "End" },
        {
          name: "nights",
          type: "integer",
          string: "Nights",
          store: true,
          compute: {
            kind: "custom",
            method: "_compute_nights",
            depends: ["start_date", "end_date"],
            body: "for rec in self:\n    rec.nights = (rec.end_date - rec.start_date).days if rec.start_date and rec.end_date else 0",
          },
        },
        { name: "confirmed_on", type: "date", string: "Confirmed on", readonly: true },
        { name: "note", type: "text", string: "Note" },
      ],
      constraints: [
        {
          kind: "custom",
          method: "_check_dates",
          fields: ["start_date", "end_date"],
          message: "The end cannot be before the start.",
          body: 'for rec in self:\n    if rec.start_date and rec.end_date and rec.end_date < rec.start_date:\n        raise ValidationError(_("The end cannot be before the start."))',
        },
        // No body yet: the method must still be valid and pass.
        { kind: "custom", method: "_check_note", fields: ["note"], message: "Not written yet" },
      ],
      onchanges: [
        {
          method: "_onchange_start_date",
          fields: ["start_date"],
          description: "Propose an end date a week after the start",
          body: "for rec in self:\n    if rec.start_date and not rec.end_date:\n        rec.end_date = rec.start_date + timedelta(days=7)",
        },
        { method: "_onchange_note", fields: ["note"], description: "Nothing yet" },
      ],
      workflow: {
        states: [
          { value: "draft", label: "Draft" },
          { value: "confirmed", label: "Confirmed" },
          { value: "cancelled", label: "Cancelled" },
        ],
        transitions: [
          { name: "confirm", label: "Confirm", from: ["draft"], to: "confirmed", primary: true, body: "rec.confirmed_on = fields.Date.context_today(rec)" },
          // Refuses the generated tests' sample record (no end date → 0 nights): their test must tolerate it.
          { name: "cancel", label: "Cancel", from: ["draft", "confirmed"], to: "cancelled", body: 'if rec.nights < 1:\n    raise UserError(_("Only bookings of at least one night can be cancelled."))' },
          { name: "reset", label: "Reset to draft", from: ["cancelled"], to: "draft" },
        ],
      },
    },
  ],
  views: [
    { type: "list", model: "omb.cl.booking", fields: ["name", "start_date", "end_date", "nights", "state"] },
    { type: "form", model: "omb.cl.booking", title: "name", groups: [{ fields: ["start_date", "end_date", "nights", "confirmed_on", "note"] }] },
  ],
  menus: [{ id: "menu_booking", name: "Bookings", model: "omb.cl.booking" }],
  security: { acls: [{ model: "omb.cl.booking", group: "base.group_user", read: true, write: true, create: true, unlink: true }] },
};

/** Checks each body's effect; tagged like the generated tests so the module's run includes it. */
const HAND_WRITTEN = `from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tests.common import TransactionCase


@tagged('post_install', '-at_install')
class TestCustomLogicBodies(TransactionCase):
    def _booking(self, **vals):
        return self.env['omb.cl.booking'].create({'name': 'B', 'start_date': '2024-03-01', **vals})

    def test_compute_body(self):
        self.assertEqual(self._booking(end_date='2024-03-04').nights, 3)

    def test_constraint_body_raises(self):
        with self.assertRaises(ValidationError):
            self._booking(end_date='2024-02-20')
        rec = self._booking(end_date='2024-03-02')
        with self.assertRaises(ValidationError):
            rec.end_date = '2024-02-01'
            rec.flush_recordset()

    def test_onchange_body(self):
        form = Form(self.env['omb.cl.booking'])
        form.name = 'Onchange'
        form.start_date = fields.Date.to_date('2024-05-10')
        rec = form.save()
        self.assertEqual(rec.end_date, fields.Date.to_date('2024-05-17'))

    def test_transition_body_stamps(self):
        rec = self._booking()
        self.assertFalse(rec.confirmed_on)
        rec.action_confirm()
        self.assertEqual(rec.state, 'confirmed')
        self.assertEqual(rec.confirmed_on, fields.Date.context_today(rec))

    def test_transition_body_refuses(self):
        rec = self._booking()
        with self.assertRaises(UserError):
            rec.action_cancel()
        self.assertEqual(rec.state, 'draft')
        rec.end_date = '2024-03-03'
        rec.action_cancel()
        self.assertEqual(rec.state, 'cancelled')
`;

function withHandWrittenTests(files: ModuleFiles): ModuleFiles {
  const next = new Map(files);
  next.set("tests/test_custom_logic.py", HAND_WRITTEN);
  next.set("tests/__init__.py", `${textOf(files.get("tests/__init__.py")!)}from . import test_custom_logic\n`);
  return next;
}

const availability = await Promise.all(ODOO_VERSIONS.map(async (version) => ({ version, ...(await odooAvailability(version)) })));

for (const entry of availability) {
  const { version } = entry;
  describe.skipIf(!entry.ok)(entry.ok ? `custom logic on real Odoo ${version}` : `custom logic on real Odoo ${version} — skipped: ${entry.reason}`, () => {
    it("installs with its generated tests and the body checks passing", async () => {
      const compiled = compileModule(blueprint, version);
      const generated = [...compiled].filter(([p]) => /^tests\/test_.*\.py$/.test(p)).reduce((n, [, c]) => n + (textOf(c).match(/\n {4}def test_\w+\(self\)/g)?.length ?? 0), 0);
      const files = withHandWrittenTests(compiled);
      const result = await installModule({ version, files, moduleName: MODULE, depends: ["base"], tests: true, timeoutMs: 300_000 });
      console.info(`[custom logic] Odoo ${version}: ${result.state}, ${result.testsRun - result.testsFailed}/${result.testsRun} tests, ${(result.durationMs / 1000).toFixed(1)} s`);
      expect(result.errors, result.log.slice(-6000)).toEqual([]);
      expect(result.failures, result.log.slice(-6000)).toEqual([]);
      expect(result).toMatchObject({ state: "installed", testsFailed: 0 });
      // Every generated test and the five hand-written ones ran.
      expect(result.testsRun).toBe(generated + 5);
    }, 900_000);
  });
}
