/** `tests/`: a common helper class that builds valid records, and one TransactionCase per model. */
import { knownFields, modelSlug } from "@/server/odoo/blueprint/model-fields";
import type { Model } from "@/server/odoo/blueprint/schema";
import { newModels, qualify, type CompileContext } from "./context";
import { indent, pyClassName, pyNumber, pyStr, pyTuple } from "./py";
import { computeTest } from "./test-computes";
import { HAPPY_PATH_TAG } from "./test-tags";
import { holds, planSamples, samplePy, sampleNumber, violate, withNumber, type Sample } from "./test-values";

const COMMON_CLASS = "ModuleTestCommon";

function helperMethods(ctx: CompileContext, model: Model): string {
  const slug = modelSlug(model.name);
  const plan = planSamples(ctx.bp, model);
  const plain = [...plan].filter(([, sample]) => !(sample.kind === "expr" && sample.related));
  const related = [...plan].filter(([, sample]) => sample.kind === "expr" && sample.related);
  const entries = plain.map(([name, sample]) => `        ${pyStr(name)}: ${samplePy(sample)},`);
  // Related records are only created when the caller does not pass its own, each with a fresh
  // index so that unique constraints of the related model never collide.
  const lazy = related.map(([name, sample]) => `if ${pyStr(name)} not in overrides:\n    vals[${pyStr(name)}] = ${samplePy(sample).replace(/\(n\)/g, "(self._next_index())")}`);
  return indent(
    [
      `def _vals_${slug}(self, n=0, **overrides):`,
      `    vals = {${entries.length ? `\n${entries.join("\n")}\n    ` : ""}}`,
      ...lazy.map((block) => indent(block)),
      "    vals.update(overrides)",
      "    return vals",
      "",
      `def _create_${slug}(self, n=0, **overrides):`,
      `    return self.env[${pyStr(model.name)}].create(self._vals_${slug}(n, **overrides))`,
    ].join("\n"),
  );
}

export function emitTestCommon(ctx: CompileContext): string {
  const methods = newModels(ctx).map((model) => helperMethods(ctx, model)).join("\n\n");
  const head = /\bfields\./.test(methods) ? "from odoo import fields\n" : "";
  const counter = indent(`_index = 0\n\ndef _next_index(self):\n    ModuleTestCommon._index += 1\n    return 1000 + ModuleTestCommon._index`);
  const body = methods ? `${counter}\n\n${methods}` : "    pass";
  return `${head}from odoo.tests.common import TransactionCase\n\n\nclass ${COMMON_CLASS}(TransactionCase):\n    """Builds valid records of the module's models (no demo data needed)."""\n\n${body}\n`;
}

interface TestMethod {
  name: string;
  body: string;
  /** Part of the quick run (see test-tags.ts). */
  happy?: boolean;
}

/** The sample's Python value for record index 0. */
function py(sample: Sample): string {
  if (sample.kind === "expr" && sample.literal) return sample.literal;
  return samplePy(sample).replace(/\bn\b/g, "0");
}

function assertValue(expr: string, expected: string): string {
  if (expected === "True") return `self.assertTrue(${expr})`;
  if (expected === "False") return `self.assertFalse(${expr})`;
  return `self.assertEqual(${expr}, ${expected})`;
}

/**
 * Whether the overrides (as `field=value` Python) also break an SQL check: then the database
 * answers first with an IntegrityError and the ValidationError test would be wrong.
 */
function breaksSqlCheck(model: Model, plan: Map<string, Sample>, overrides: string): boolean {
  const changed = new Map<string, number>();
  for (const part of overrides.split(", ")) {
    const [name, value] = part.split("=");
    const sample = plan.get(name!);
    if (!sample || sampleNumber(sample) === undefined) continue;
    const literal = /'(\d{4}-\d{2}-\d{2})/.exec(value!);
    if (literal) changed.set(name!, Math.round((Date.parse(`${literal[1]}T00:00:00Z`) - Date.UTC(2024, 0, 1)) / 86_400_000));
    else if (!Number.isNaN(Number(value))) changed.set(name!, Number(value));
  }
  const valueOf = (name: string) => changed.get(name) ?? sampleNumber(plan.get(name));
  return model.sqlConstraints.some((c) => {
    if (c.kind !== "check") return false;
    const a = valueOf(c.field);
    const b = typeof c.value === "number" ? c.value : valueOf(c.value);
    return a !== undefined && b !== undefined && !holds(c.op, a, b);
  });
}

function modelTests(ctx: CompileContext, model: Model): TestMethod[] {
  const slug = modelSlug(model.name);
  const plan = planSamples(ctx.bp, model);
  const tests: TestMethod[] = [{ name: "test_create", happy: true, body: `rec = self._create_${slug}()\nself.assertTrue(rec.exists())` }];
  const u = ctx.rules.groups.userGroupsField;

  if (model.sequence) {
    const literal = model.sequence.prefix.split("%(")[0]!;
    const f = model.sequence.field;
    tests.push({
      name: "test_sequence_assigned",
      happy: true,
      body: `first = self._create_${slug}(0)\nsecond = self._create_${slug}(1)\nself.assertNotEqual(first.${f}, 'New')\nself.assertNotEqual(first.${f}, second.${f})${literal ? `\nself.assertTrue(first.${f}.startswith(${pyStr(literal)}))` : ""}`,
    });
  }

  if (model.workflow) {
    const wf = model.workflow;
    const declared = model.fields.some((f) => f.name === wf.field);
    if (!declared) tests.push({ name: "test_initial_state", happy: true, body: `rec = self._create_${slug}()\nself.assertEqual(rec.${wf.field}, ${pyStr(wf.states[0]!.value)})` });
    for (const t of wf.transitions) {
      const start = `rec = self._create_${slug}()\nrec.write({${pyStr(wf.field)}: ${pyStr(t.from[0]!)}})`;
      // A transition with its own statements may refuse the sample record for a business reason
      // (UserError/ValidationError): the test still runs them, so a crash (NameError, a wrong
      // field) fails it, but only checks the new state when they accept the record.
      let body = t.body?.trim()
        ? `${start}\ntry:\n    rec.action_${t.name}()\nexcept (UserError, ValidationError):\n    pass\nelse:\n    self.assertEqual(rec.${wf.field}, ${pyStr(t.to)})`
        : `${start}\nrec.action_${t.name}()\nself.assertEqual(rec.${wf.field}, ${pyStr(t.to)})`;
      const wrong = wf.states.find((s) => !t.from.includes(s.value));
      if (wrong) body += `\nrec.write({${pyStr(wf.field)}: ${pyStr(wrong.value)}})\nwith self.assertRaises(UserError):\n    rec.action_${t.name}()`;
      tests.push({ name: `test_action_${t.name}`, happy: true, body });
    }
  }

  for (const c of model.sqlConstraints) {
    const guard = (call: string) => `with mute_logger('odoo.sql_db'), self.assertRaises(IntegrityError), self.cr.savepoint():\n    ${call}\n    self.env.flush_all()`;
    if (c.kind === "unique") {
      const known = knownFields(model);
      const copied = c.fields.map((f) => `${f}=first.${f}${known.get(f)?.type === "many2one" ? ".id" : ""}`).join(", ");
      tests.push({ name: `test_sql_${c.name}`, body: `first = self._create_${slug}(0)\n${guard(`self._create_${slug}(1, ${copied})`)}` });
    } else {
      const sample = plan.get(c.field);
      const b = typeof c.value === "number" ? c.value : sampleNumber(plan.get(c.value));
      if (!sample || b === undefined || sampleNumber(sample) === undefined) continue;
      tests.push({ name: `test_sql_${c.name}`, body: guard(`self._create_${slug}(0, ${c.field}=${py(withNumber(sample, violate(c.op, b)))})`) });
    }
  }

  model.constraints.forEach((c, index) => {
    // A custom constraint's rule lives in its body: no generated test can know what violates it.
    if (c.kind === "custom") return;
    let overrides: string | null = null;
    if (c.kind === "lte") {
      const sample = plan.get(c.field);
      const other = sampleNumber(plan.get(c.other));
      if (sample && other !== undefined && sampleNumber(sample) !== undefined) overrides = `${c.field}=${py(withNumber(sample, other + 1))}`;
    } else if (c.kind === "positive") {
      const sample = plan.get(c.field);
      if (sample && sampleNumber(sample) !== undefined) overrides = `${c.field}=${py(withNumber(sample, c.allowZero ? -1 : 0))}`;
    } else {
      const w = c.when;
      const value = w.op === "=" ? w.value : w.op === "in" && Array.isArray(w.value) ? w.value[0] : undefined;
      const settableWhen = plan.has(w.field) || model.workflow?.field === w.field;
      if (value !== undefined && value !== null && typeof value !== "object" && settableWhen && plan.has(c.field) && w.field !== c.field) {
        const literal = typeof value === "string" ? pyStr(value) : typeof value === "boolean" ? (value ? "True" : "False") : pyNumber(value);
        overrides = `${w.field}=${literal}, ${c.field}=False`;
      }
    }
    if (overrides && !breaksSqlCheck(model, plan, overrides)) {
      tests.push({ name: `test_constraint_${c.field}_${c.kind}_${index}`, body: `with self.assertRaises(ValidationError):\n    self._create_${slug}(0, ${overrides})` });
    }
  });

  for (const field of model.fields) {
    const compute = "compute" in field ? field.compute : undefined;
    if (!compute) continue;
    const body = computeTest(ctx, model, field, compute, plan);
    if (body) tests.push({ name: `test_compute_${field.name}`, body });
  }

  // Fields limited to some groups may not be written by the rule's plain user.
  const restricted = model.fields.filter((f) => f.groups.length && plan.has(f.name)).map((f) => f.name);
  for (const rule of ctx.bp.security.rules.filter((r) => r.model === model.name && r.kind === "own")) {
    const group = rule.groups[0] ?? ctx.bp.security.groups.find((g) => /user/.test(g.id))?.id ?? ctx.bp.security.groups[0]?.id;
    const groups = ["base.group_user", ...(group && qualify(ctx, group) !== "base.group_user" ? [qualify(ctx, group)] : [])];
    const groupIds = `[(6, 0, [${groups.map((g) => `self.env.ref(${pyStr(g)}).id`).join(", ")}])]`;
    tests.push({
      name: `test_rule_${rule.id}`,
      body: [
        "users = self.env['res.users'].with_context(no_reset_password=True).create([",
        `    {'name': 'Owner', 'login': ${pyStr(`${ctx.module}_${rule.id}_owner`)}, ${pyStr(u)}: ${groupIds}},`,
        `    {'name': 'Other', 'login': ${pyStr(`${ctx.module}_${rule.id}_other`)}, ${pyStr(u)}: ${groupIds}},`,
        "])",
        restricted.length
          ? `vals = {key: value for key, value in self._vals_${slug}(0).items() if key not in ${pyTuple(restricted.map(pyStr))}}`
          : `vals = self._vals_${slug}(0)`,
        `rec = self.env[${pyStr(model.name)}].with_user(users[0]).create(vals)`,
        `self.assertEqual(self.env[${pyStr(model.name)}].with_user(users[0]).search([('id', '=', rec.id)]), rec)`,
        `self.assertFalse(self.env[${pyStr(model.name)}].with_user(users[1]).search([('id', '=', rec.id)]))`,
      ].join("\n"),
    });
  }

  const companyRule = model.companyAware || ctx.bp.security.rules.some((r) => r.model === model.name && r.kind === "company");
  if (companyRule && knownFields(model).has("company_id")) {
    // A reader of the model confined to the main company must not see another company's record.
    const acls = ctx.bp.security.acls.filter((a) => a.model === model.name && a.read && a.group);
    const acl = acls.find((a) => a.create) ?? acls[0];
    // Under an own-records rule the reader only sees what it created itself.
    const ownRule = ctx.bp.security.rules.some((r) => r.model === model.name && r.kind === "own");
    const groups = [...new Set(["base.group_user", ...(acl?.group ? [qualify(ctx, acl.group)] : [])])];
    tests.push({
      name: "test_multi_company_rule",
      body: [
        "other_company = self.env['res.company'].create({'name': 'Other Company'})",
        `user = self.env['res.users'].with_context(no_reset_password=True).create({`,
        `    'name': 'Main Company User', 'login': ${pyStr(`${ctx.module}_${slug}_company_user`)},`,
        "    'company_id': self.env.company.id, 'company_ids': [(6, 0, [self.env.company.id])],",
        `    ${pyStr(u)}: [(6, 0, [${groups.map((g) => `self.env.ref(${pyStr(g)}).id`).join(", ")}])],`,
        "})",
        ownRule ? `mine = self.env[${pyStr(model.name)}].with_user(user).create(self._vals_${slug}(0))` : `mine = self._create_${slug}(0)`,
        `theirs = self._create_${slug}(1, company_id=other_company.id)`,
        `visible = self.env[${pyStr(model.name)}].with_user(user).search([('id', 'in', (mine | theirs).ids)])`,
        "self.assertEqual(visible, mine)",
      ].join("\n"),
    });
  }

  for (const cron of ctx.bp.crons.filter((c) => c.model === model.name)) {
    tests.push({ name: `test_cron_${cron.method.replace(/^_cron_/, "")}`, body: `self.env[${pyStr(model.name)}].${cron.method}()` });
  }

  for (const template of ctx.bp.mailTemplates.filter((t) => t.model === model.name)) {
    tests.push({
      name: `test_template_${template.id}`,
      body: [
        `rec = self._create_${slug}()`,
        `template = self.env.ref(${pyStr(`${ctx.module}.${template.id}`)})`,
        "for field in ('subject', 'body_html'):",
        "    self.assertTrue(template._render_field(field, rec.ids)[rec.id])",
      ].join("\n"),
    });
  }
  return tests;
}

/** How tests create a record of a core model the blueprint extends. */
const CORE_RECIPES: Record<string, string> = {
  "res.partner": "self.env['res.partner'].create({'name': 'Extension Test'})",
  "res.company": "self.env['res.company'].create({'name': 'Extension Test Company'})",
  "product.template": "self.env['product.template'].create({'name': 'Extension Test Product'})",
  "product.product": "self.env['product.product'].create({'name': 'Extension Test Product'})",
  "sale.order": "self.env['sale.order'].create({'partner_id': self.env['res.partner'].create({'name': 'Extension Test'}).id})",
  "crm.lead": "self.env['crm.lead'].create({'name': 'Extension Test'})",
  "project.project": "self.env['project.project'].create({'name': 'Extension Test'})",
  "hr.employee": "self.env['hr.employee'].create({'name': 'Extension Test'})",
};

function extensionTests(ctx: CompileContext, model: Model): TestMethod[] {
  const tests: TestMethod[] = [];
  const names = model.fields.map((f) => f.name);
  if (names.length) {
    tests.push({ name: "test_fields_added", happy: true, body: `Model = self.env[${pyStr(model.name)}]\n${names.map((n) => `self.assertIn(${pyStr(n)}, Model._fields)`).join("\n")}` });
  }
  const recipe = CORE_RECIPES[model.name];
  if (recipe) {
    const plan = planSamples(ctx.bp, model);
    const writes: [string, string, string][] = [];
    for (const field of model.fields) {
      const sample = plan.get(field.name);
      if (sample && ["char", "integer", "float", "boolean", "selection", "date"].includes(field.type)) {
        const value = py(sample);
        const expected = field.type === "date" ? `fields.Date.to_date(${value})` : value;
        writes.push([field.name, value, expected]);
      } else if (field.type === "many2one" && !field.related && ctx.bp.models.some((m) => m.name === field.comodel && m.kind === "new")) {
        writes.push([field.name, `self._create_${modelSlug(field.comodel)}(0).id`, ""]);
      }
    }
    if (writes.length) {
      tests.push({
        name: "test_write_new_fields",
        happy: true,
        body: [
          `rec = ${recipe}`,
          `rec.write({${writes.map(([name, value]) => `${pyStr(name)}: ${value}`).join(", ")}})`,
          ...writes.map(([name, , expected]) => (expected ? assertValue(`rec.${name}`, expected) : `self.assertTrue(rec.${name})`)),
        ].join("\n"),
      });
    }
  }
  for (const cron of ctx.bp.crons.filter((c) => c.model === model.name)) {
    tests.push({ name: `test_cron_${cron.method.replace(/^_cron_/, "")}`, body: `self.env[${pyStr(model.name)}].${cron.method}()` });
  }
  return tests;
}

export function testFilePath(model: Model): string {
  return `tests/test_${modelSlug(model.name)}.py`;
}

export function emitModelTest(ctx: CompileContext, model: Model): string | null {
  const tests = model.kind === "new" ? modelTests(ctx, model) : extensionTests(ctx, model);
  if (!tests.length) return null;
  const text = tests.map((t) => t.body).join("\n");
  const imports: string[] = [];
  if (/IntegrityError/.test(text)) imports.push("from psycopg2 import IntegrityError", "");
  const odooImports = [/\bfields\./.test(text) ? "from odoo import fields" : null].filter(Boolean) as string[];
  const exceptions = [/UserError/.test(text) && "UserError", /ValidationError/.test(text) && "ValidationError"].filter(Boolean);
  if (exceptions.length) odooImports.push(`from odoo.exceptions import ${exceptions.join(", ")}`);
  odooImports.push("from odoo.tests import tagged");
  if (/mute_logger/.test(text)) odooImports.push("from odoo.tools import mute_logger");
  imports.push(...odooImports, "", `from .common import ${COMMON_CLASS}`);
  const cls = `Test${pyClassName(model.name)}`;
  const classes = [
    testClass(`${cls}Happy`, tests.filter((t) => t.happy), [HAPPY_PATH_TAG]),
    testClass(cls, tests.filter((t) => !t.happy), []),
  ].filter(Boolean);
  return `${imports.join("\n")}\n\n\n${classes.join("\n\n\n")}`;
}

function testClass(name: string, tests: TestMethod[], tags: string[]): string | null {
  if (!tests.length) return null;
  const methods = tests.map((t) => indent(`def ${t.name}(self):\n${indent(t.body)}`)).join("\n\n");
  const tagList = ["post_install", "-at_install", ...tags].map(pyStr).join(", ");
  return `@tagged(${tagList})\nclass ${name}(${COMMON_CLASS}):\n${methods}\n`;
}

export function emitTestsInit(paths: string[]): string {
  return paths.map((path) => `from . import ${path.replace(/^tests\//, "").replace(/\.py$/, "")}\n`).join("");
}
