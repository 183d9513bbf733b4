/**
 * Measures the module validator (server/odoo/validator), per Odoo version:
 *   - catalogue build from the real Odoo tree (cold: empty cache directory, every models/*.py parsed),
 *   - catalogue re-load from its JSON cache (what every later process does),
 *   - validateModule on a medium module (the test fixture + generated models, views, ACLs),
 *     catalogue and parser already loaded; and the first call of a process (one sample: it also
 *     loads the tree-sitter WASM and the depends graph).
 * Versions without a tree are reported as such (validation then uses the built-in catalogue).
 *
 *   npx tsx bench/validator.ts            # BENCH_RUNS (default 5), BENCH_MODELS (default 20)
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type OdooVersion, odooVersions } from "@/lib/odoo-versions";
import { validateModule } from "@/server/odoo/validator";
import { cachedCatalogue } from "@/server/odoo/validator/catalogue/build";
import { fallbackCatalogue } from "@/server/odoo/validator/catalogue/fallback";
import { findOdooTree } from "@/server/odoo/validator/catalogue/tree";
import { cleanModule, MODULE } from "@/server/odoo/validator/fixtures.test-helper";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const MODELS = Number(process.env.BENCH_MODELS ?? 20);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function time(run: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples;
}

/** The clean fixture plus `count` generated models, each with fields, views, an action, a menu and ACLs. */
export function mediumModule(version: OdooVersion, count: number): Map<string, string> {
  const files = cleanModule(version);
  const list = Number(version) >= 18 ? "list" : "tree";
  const imports: string[] = [];
  const data: string[] = [];
  let acl = files.get("security/ir.model.access.csv")!;
  for (let i = 1; i <= count; i++) {
    const model = `fleet.service.extra${i}`;
    const name = `extra${i}`;
    imports.push(name);
    const fields = Array.from({ length: 12 }, (_, f) => `    field_${f} = fields.${["Char", "Integer", "Float", "Date", "Boolean", "Text"][f % 6]}()`);
    files.set(
      `models/${name}.py`,
      `from odoo import api, fields, models\n\n\nclass Extra${i}(models.Model):\n    _name = "${model}"\n    _description = "Extra ${i}"\n    _inherit = ["mail.thread"]\n\n    name = fields.Char(required=True)\n    partner_id = fields.Many2one("res.partner")\n    log_id = fields.Many2one("fleet.service.log")\n${fields.join("\n")}\n\n    @api.depends("field_1")\n    def _compute_x(self):\n        for record in self:\n            record.field_2 = record.field_1 * 2\n`,
    );
    const columns = Array.from({ length: 12 }, (_, f) => `                <field name="field_${f}"/>`).join("\n");
    files.set(
      `views/${name}_views.xml`,
      `<?xml version="1.0" encoding="utf-8"?>\n<odoo>\n    <record id="view_${name}_list" model="ir.ui.view">\n        <field name="name">${model}.list</field>\n        <field name="model">${model}</field>\n        <field name="arch" type="xml">\n            <${list}>\n                <field name="name"/>\n                <field name="partner_id"/>\n${columns}\n            </${list}>\n        </field>\n    </record>\n    <record id="view_${name}_form" model="ir.ui.view">\n        <field name="name">${model}.form</field>\n        <field name="model">${model}</field>\n        <field name="arch" type="xml">\n            <form>\n                <sheet>\n                    <group>\n                        <field name="name"/>\n                        <field name="partner_id"/>\n                        <field name="log_id"/>\n${columns}\n                    </group>\n                </sheet>\n            </form>\n        </field>\n    </record>\n    <record id="view_${name}_search" model="ir.ui.view">\n        <field name="name">${model}.search</field>\n        <field name="model">${model}</field>\n        <field name="arch" type="xml">\n            <search>\n                <field name="name"/>\n                <filter name="by_partner" string="Partner" context="{'group_by': 'partner_id'}"/>\n            </search>\n        </field>\n    </record>\n    <record id="action_${name}" model="ir.actions.act_window">\n        <field name="name">Extra ${i}</field>\n        <field name="res_model">${model}</field>\n        <field name="view_mode">${list},form</field>\n    </record>\n    <menuitem id="menu_${name}" name="Extra ${i}" parent="menu_root" action="action_${name}" groups="group_user"/>\n</odoo>\n`,
    );
    data.push(`        'views/${name}_views.xml',`);
    acl += `access_${name}_user,${name} user,model_${model.replace(/\./g, "_")},group_user,1,1,1,1\n`;
  }
  files.set("security/ir.model.access.csv", acl);
  files.set("models/__init__.py", `${files.get("models/__init__.py")}from . import ${imports.join(", ")}\n`);
  // After menus.xml, which defines menu_root.
  files.set("__manifest__.py", files.get("__manifest__.py")!.replace("        'views/menus.xml',\n", `        'views/menus.xml',\n${data.join("\n")}\n`));
  return files;
}

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`;

async function main() {
  const rows: string[] = [];
  for (const version of odooVersions) {
    const tree = findOdooTree(version);
    const files = mediumModule(version, MODELS);
    const lines = [...files.values()].reduce((sum, text) => sum + text.split("\n").length, 0);
    let build = "no tree";
    let reload = "no tree";
    let catalogue = fallbackCatalogue(version);
    if (tree) {
      const builds = await time(async () => {
        const dir = mkdtempSync(path.join(os.tmpdir(), "omb-bench-catalogue-"));
        try {
          await cachedCatalogue(version, tree, dir);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
      const dir = mkdtempSync(path.join(os.tmpdir(), "omb-bench-catalogue-"));
      const built = await cachedCatalogue(version, tree, dir);
      catalogue = built.catalogue;
      const reloads = await time(() => cachedCatalogue(version, tree, dir));
      rmSync(dir, { recursive: true, force: true });
      build = `${ms(median(builds))} (${catalogue.size} models)`;
      reload = ms(median(reloads));
    }
    const opts = { odooVersion: version, moduleName: MODULE, catalogue };
    // The first call also loads the parser's WASM and the depends graph; then warm up the JIT.
    const firstStarted = performance.now();
    const first = await validateModule(files, opts);
    const firstMs = performance.now() - firstStarted;
    for (let i = 0; i < 3; i++) await validateModule(files, opts);
    const errors = first.filter((finding) => finding.severity === "error").length;
    const validations = await time(() => validateModule(files, opts));
    rows.push(`| ${version} | ${build} | ${reload} | ${ms(median(validations))} | ${ms(firstMs)} | ${files.size} files, ${lines} lines, ${errors} errors |`);
    console.error(`Odoo ${version} done`);
  }
  console.log(`Validator benchmark — median of ${RUNS} runs, ${os.cpus().length} CPUs, Node ${process.version}`);
  console.log("");
  console.log("| Odoo | catalogue build (cold) | catalogue re-load (cache) | validate medium module | first validate in process | module |");
  console.log("|---|---|---|---|---|---|");
  for (const row of rows) console.log(row);
}

await main();
