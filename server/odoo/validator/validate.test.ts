import { describe, expect, it } from "vitest";
import { type OdooVersion, odooVersions } from "@/lib/odoo-versions";
import { fallbackCatalogue } from "./catalogue/fallback";
import { cleanModule, lineOfText, MODULE } from "./fixtures.test-helper";
import { RULES } from "./rules";
import type { Finding } from "./types";
import { validateModule } from "./validate";

// A copy of the built-in catalogue counts as complete, so unknown fields are errors, as with a
// real tree; the built-in graph keeps the test independent of installed trees.
const validate = (files: Map<string, string>, version: OdooVersion, moduleName = MODULE) =>
  validateModule(files, { odooVersion: version, moduleName, catalogue: new Map(fallbackCatalogue(version)), dependsGraph: null });

type Defect = {
  name: string;
  rule: string;
  /** Versions the defect applies to (default: all). */
  versions?: (v: number) => boolean;
  severity?: Finding["severity"] | ((v: number) => Finding["severity"]);
  /** Changes the clean module; returns the file and the text whose line the finding must point at. */
  seed: (files: Map<string, string>, v: number) => { file: string | null; at: string | null };
};

/** Replaces text in one file (the replacement must change something) and points at `at`. */
const edit =
  (path: string, search: string | RegExp, replace: string | ((v: number) => string), at: string | null = null, file: string | null = path) =>
  (files: Map<string, string>, v: number) => {
    const before = files.get(path)!;
    const after = before.replace(search, typeof replace === "function" ? replace(v) : replace);
    if (after === before) throw new Error(`defect not applied to ${path}: ${String(search)}`);
    files.set(path, after);
    return { file, at };
  };

const listTag = (v: number) => (v >= 18 ? "list" : "tree");
const MANIFEST = "__manifest__.py";
const LOG_VIEWS = "views/service_log_views.xml";
const ACL = "security/ir.model.access.csv";
const LOG_PY = "models/service_log.py";

const defects: Defect[] = [
  // manifest
  {
    name: "a manifest version from another series",
    rule: "manifest-version",
    severity: (v) => (v === 16 ? "warning" : "error"),
    seed: edit(MANIFEST, /'version': '\d+\.0/, (v) => `'version': '${v === 17 ? 18 : 17}.0`, "'version'"),
  },
  { name: "a short manifest version", rule: "manifest-version", severity: "warning", seed: edit(MANIFEST, /'version': '[\d.]+'/, "'version': '1.0'", "'version'") },
  { name: "an unknown license", rule: "manifest-license", seed: edit(MANIFEST, "'LGPL-3'", "'MIT'", "'license'") },
  { name: "no author", rule: "manifest-author", severity: "warning", seed: edit(MANIFEST, "    'author': 'Acme',\n", "", null) },
  { name: "a missing required key", rule: "manifest-key-missing", seed: edit(MANIFEST, "    'license': 'LGPL-3',\n", "", null) },
  { name: "a duplicated key", rule: "manifest-key-duplicate", seed: edit(MANIFEST, "    'installable': True,", "    'installable': True,\n    'name': 'Again',", "'name': 'Again'") },
  { name: "a non-literal manifest", rule: "manifest-syntax", seed: edit(MANIFEST, "'name': 'Fleet Service Log'", "'name': _('Fleet Service Log')", "{") },
  { name: "a listed file that does not exist", rule: "manifest-data-missing", seed: edit(MANIFEST, "'views/menus.xml',", "'views/menus.xml',\n        'views/missing.xml',", "'data'") },
  { name: "an unlisted data file", rule: "manifest-data-unlisted", severity: "warning", seed: edit(MANIFEST, "        'views/menus.xml',\n", "", null, "views/menus.xml") },
  { name: "no manifest", rule: "manifest-missing", seed: (files) => (files.delete(MANIFEST), { file: MANIFEST, at: null }) },
  { name: "no __init__.py", rule: "init-missing", seed: (files) => (files.delete("__init__.py"), { file: "__init__.py", at: null }) },
  // load order
  {
    name: "menus loaded before their actions",
    rule: "data-order",
    seed: edit(MANIFEST, "    'data': [\n", "    'data': [\n        'views/menus.xml',\n", 'action="action_service_log"', "views/menus.xml"),
  },
  {
    name: "ACLs loaded before the groups they name",
    rule: "data-order",
    seed: edit(MANIFEST, "        'security/security.xml',\n        'security/ir.model.access.csv',", "        'security/ir.model.access.csv',\n        'security/security.xml',", "access_log_user", ACL),
  },
  {
    name: "a parent menu defined below its child in the same file",
    rule: "data-order",
    seed: edit("views/menus.xml", /(    <menuitem id="menu_root"[^\n]*\n)(    <menuitem id="menu_service_log"[^\n]*\n)/, "$2$1", 'parent="menu_root" action="action_service_log"'),
  },
  // XML and ids
  { name: "malformed XML", rule: "xml-well-formed", seed: edit(LOG_VIEWS, 'string="Done"', 'string="Done & close"', "Done & close") },
  { name: "a wrong root element", rule: "xml-root", seed: edit("data/sequence.xml", /<(\/?)odoo([^>]*)>/g, "<$1records$2>", "<records") },
  {
    name: "a duplicated xml id (same model)",
    rule: "xmlid-duplicate",
    severity: "warning",
    seed: edit(LOG_VIEWS, 'id="view_service_log_kanban"', 'id="view_service_log_form"', '<record id="view_service_log_form" model="ir.ui.view">\n        <field name="name">fleet.service.log.kanban'),
  },
  { name: "a duplicated xml id (another model)", rule: "xmlid-duplicate", seed: edit("views/menus.xml", 'id="menu_service_log"', 'id="action_service_log"', 'id="action_service_log"') },
  { name: "an unknown local ref=", rule: "ref-unresolved", seed: edit(LOG_VIEWS, 'ref="view_service_log_search"', 'ref="view_service_log_searchx"', "view_service_log_searchx") },
  { name: "a ref into a module outside depends", rule: "ref-unresolved", seed: edit("views/menus.xml", "contacts.action_contacts", "sale.action_orders", "sale.action_orders") },
  { name: "a negated group outside depends", rule: "ref-unresolved", seed: edit("views/menus.xml", "!base.group_portal", "!website.group_website_designer", "website.group_website_designer") },
  { name: "an unknown %(id)d action", rule: "ref-unresolved", seed: edit(LOG_VIEWS, "%(action_close_wizard)d", "%(action_close_wizardx)d", "action_close_wizardx") },
  { name: "an unknown ref() in eval", rule: "ref-unresolved", seed: edit("security/security.xml", "ref('group_user')", "ref('group_userx')", "group_userx") },
  { name: "an inherit_id outside depends", rule: "ref-unresolved", seed: edit("views/res_partner_views.xml", "base.view_partner_form", "account.view_partner_form", "account.view_partner_form") },
  { name: "a web_icon of another module", rule: "ref-unresolved", severity: "warning", seed: edit("views/menus.xml", `web_icon="${MODULE},`, 'web_icon="other_module,', "other_module") },
  { name: "an ACL naming an unknown model id", rule: "ref-unresolved", seed: edit(ACL, "model_fleet_service_log_line,", "model_fleet_service_logline,", "access_line_user", ACL) },
  // records and views
  { name: "an unknown field in a list view", rule: "view-field-unknown", seed: edit(LOG_VIEWS, '<field name="date"/>', '<field name="datee"/>', "datee") },
  { name: "an unknown field in an x2many sub-view", rule: "view-field-unknown", seed: edit(LOG_VIEWS, '<field name="amount"/>', '<field name="amount_x"/>', "amount_x") },
  { name: "an unknown locator field in an inherited core view", rule: "view-field-unknown", severity: "warning", seed: edit("views/res_partner_views.xml", '<field name="vat" position="after">', '<field name="vatx" position="after">', "vatx") },
  { name: "an unknown field added to a core view", rule: "view-field-unknown", seed: edit("views/res_partner_views.xml", '<field name="is_workshop"/>', '<field name="is_workshopx"/>', "is_workshopx") },
  {
    name: "an unknown field next to a non-field xpath target (maybe in a sub-view)",
    rule: "view-field-unknown",
    severity: "warning",
    seed: edit("views/res_partner_views.xml", '<field name="service_log_ids"/>', '<field name="service_logs"/>', "service_logs"),
  },
  { name: "an unknown group_by field", rule: "view-field-unknown", seed: edit(LOG_VIEWS, "'group_by': 'partner_id'", "'group_by': 'partner'", "'group_by': 'partner'") },
  { name: "an unknown field on a record", rule: "record-field-unknown", seed: edit("data/sequence.xml", '"padding"', '"paddingx"', "paddingx") },
  {
    name: "attrs= on 17+",
    rule: "attrs-removed",
    versions: (v) => v >= 17,
    seed: edit(LOG_VIEWS, `invisible="state == 'done'"`, `attrs="{'invisible': [('state', '=', 'done')]}"`, "attrs="),
  },
  { name: "states= on 17+", rule: "attrs-removed", versions: (v) => v >= 17, seed: edit(LOG_VIEWS, `invisible="state == 'done'"`, `states="draft"`, 'states="draft"') },
  {
    name: "<tree> on 18+",
    rule: "tree-tag",
    versions: (v) => v >= 18,
    seed: edit(LOG_VIEWS, /<list editable="bottom">([\s\S]*?)<\/list>/, '<tree editable="bottom">$1</tree>', '<tree editable="bottom">'),
  },
  {
    name: "<list> on 16 and 17",
    rule: "list-tag",
    versions: (v) => v <= 17,
    seed: edit(LOG_VIEWS, /<tree editable="bottom">([\s\S]*?)<\/tree>/, '<list editable="bottom">$1</list>', '<list editable="bottom">'),
  },
  { name: "view_mode tree on 18+", rule: "view-mode-tree", versions: (v) => v >= 18, seed: edit(LOG_VIEWS, "list,kanban,form", "tree,kanban,form", "tree,kanban,form") },
  { name: "view_mode list on 16 and 17", rule: "view-mode-list", severity: "warning", versions: (v) => v <= 17, seed: edit(LOG_VIEWS, "tree,kanban,form", "list,kanban,form", "list,kanban,form") },
  {
    name: "kanban-box on 18+",
    rule: "kanban-box",
    versions: (v) => v >= 18,
    severity: (v) => (v >= 19 ? "error" : "warning"),
    seed: edit(LOG_VIEWS, 't-name="card"', 't-name="kanban-box"', "kanban-box"),
  },
  { name: "div.oe_chatter on 18+", rule: "chatter-div", severity: "warning", versions: (v) => v >= 18, seed: edit(LOG_VIEWS, "<chatter/>", '<div class="oe_chatter"><field name="message_ids"/></div>', "oe_chatter") },
  { name: "<chatter/> on 16 and 17", rule: "chatter-tag", versions: (v) => v <= 17, seed: edit(LOG_VIEWS, /<div class="oe_chatter">[\s\S]*?<\/div>/, "<chatter/>", "<chatter/>") },
  { name: "search group expand/string on 19", rule: "search-group-attrs", versions: (v) => v >= 19, seed: edit(LOG_VIEWS, "\n                <group>\n", '\n                <group expand="0" string="Group By">\n', "Group By") },
  { name: "res.groups category_id on 19", rule: "security-field-renamed", versions: (v) => v >= 19, seed: edit("security/security.xml", 'name="privilege_id"', 'name="category_id"', 'name="category_id" ref="privilege_service_log"') },
  { name: "res.groups user_ids before 19", rule: "record-field-unknown", versions: (v) => v <= 18, seed: edit("security/security.xml", 'name="users"', 'name="user_ids"', "user_ids") },
  // security
  { name: "a wizard without ACL", rule: "acl-missing", seed: edit(ACL, /access_wizard_user[^\n]*\n/, "", "class CloseWizard", "wizard/close_wizard.py") },
  { name: "a model without ACL", rule: "acl-missing", seed: edit(ACL, /access_line_user[^\n]*\n/, "", "class ServiceLogLine", LOG_PY) },
  { name: "an ACL row with 7 columns", rule: "acl-csv-columns", seed: edit(ACL, "group_user,1,1,1,0", "group_user,1,1,1", "access_log_user") },
  { name: "an ACL permission that is not 0/1", rule: "acl-perm-value", seed: edit(ACL, "group_user,1,1,1,0", "group_user,1,1,yes,0", "access_log_user") },
  { name: "an ACL header without perm_unlink", rule: "acl-csv-header", seed: edit(ACL, "perm_unlink", "perm_delete", "id,name") },
  // python
  { name: "a Python syntax error", rule: "python-syntax", seed: edit(LOG_PY, "def action_done(self):", "def action_done(self:", "def action_done") },
  { name: "a models file nobody imports", rule: "python-not-imported", severity: "warning", seed: edit("models/__init__.py", ", res_partner", "", null, "models/res_partner.py") },
  {
    name: "_sql_constraints on 19",
    rule: "sql-constraints-ignored",
    versions: (v) => v >= 19,
    seed: edit(LOG_PY, /    _code_unique = models.Constraint\([^\n]*\n/, '    _sql_constraints = [("code_unique", "unique(code)", "Unique")]\n', "_sql_constraints"),
  },
  { name: "name_get on 17+", rule: "name-get-deprecated", severity: "warning", versions: (v) => v >= 17, seed: edit(LOG_PY, "    def action_done(self):", "    def name_get(self):\n        return []\n\n    def action_done(self):", "def name_get") },
  { name: "fields_view_get", rule: "fields-view-get-removed", seed: edit(LOG_PY, "    def action_done(self):", "    def fields_view_get(self, view_id=None):\n        return {}\n\n    def action_done(self):", "def fields_view_get") },
  { name: "user_has_groups on 18+", rule: "user-has-groups-deprecated", severity: "warning", versions: (v) => v >= 18, seed: edit(LOG_PY, 'self.write({"state": "done"})', 'self.user_has_groups("base.group_user")', "user_has_groups") },
  { name: "group_operator on 18+", rule: "group-operator-renamed", severity: "warning", versions: (v) => v >= 18, seed: edit(LOG_PY, 'store=True)', 'store=True, group_operator="sum")', "group_operator") },
  { name: "field states= on 17+", rule: "field-states-removed", severity: "warning", versions: (v) => v >= 17, seed: edit(LOG_PY, "name = fields.Char(required=True, tracking=True)", "name = fields.Char(required=True, states={'done': [('readonly', True)]})", "states=") },
  { name: "@api.multi", rule: "api-decorator-removed", seed: edit(LOG_PY, "@api.model_create_multi", "@api.multi", "@api.multi") },
  { name: "an openerp import", rule: "import-legacy", seed: edit(LOG_PY, "from odoo import api, fields, models", "from openerp import api, fields, models", "from openerp") },
  { name: "an odoo.osv.osv import", rule: "import-legacy", seed: edit(LOG_PY, "from odoo import api, fields, models", "from odoo import api, fields, models\nfrom odoo.osv import osv", "from odoo.osv") },
  { name: "eval()", rule: "dangerous-call", severity: "warning", seed: edit(LOG_PY, 'self.write({"state": "done"})', "eval(self.name)", "eval(") },
  { name: "subprocess", rule: "dangerous-call", severity: "warning", seed: edit(LOG_PY, 'self.write({"state": "done"})', 'subprocess.run(["ls"])', "subprocess.run") },
  { name: "a pre-17 hook signature on 17+", rule: "hook-signature", versions: (v) => v >= 17, seed: edit("hooks.py", "def post_init_hook(env):", "def post_init_hook(cr, registry):", "def post_init_hook") },
  { name: "an env hook on 16", rule: "hook-signature", versions: (v) => v === 16, seed: edit("hooks.py", "def post_init_hook(cr, registry):", "def post_init_hook(env):", "def post_init_hook") },
  { name: "invalidate_cache()", rule: "orm-api-deprecated", severity: "warning", seed: edit(LOG_PY, 'self.write({"state": "done"})', "self.invalidate_cache()", "invalidate_cache") },
  {
    name: "a type='json' route on 19",
    rule: "route-json-renamed",
    severity: "warning",
    versions: (v) => v >= 19,
    seed: (files) => {
      files.set("__init__.py", `${files.get("__init__.py")}from . import controllers\n`);
      files.set("controllers.py", "from odoo import http\n\n\nclass Api(http.Controller):\n    @http.route('/x', type='json', auth='user')\n    def x(self):\n        return {}\n");
      return { file: "controllers.py", at: "@http.route" };
    },
  },
];

describe.each(odooVersions)("validateModule on Odoo %s", (version) => {
  const v = Number(version);

  it("finds nothing wrong in a clean hand-written module", async () => {
    expect(await validate(cleanModule(version), version)).toEqual([]);
  });

  const applicable = defects.filter((defect) => defect.versions?.(v) ?? true);
  it.each(applicable.map((defect) => [defect.name, defect] as const))("catches %s", async (_name, defect) => {
    const files = cleanModule(version);
    const { file, at } = defect.seed(files, v);
    const findings = await validate(files, version);
    for (const finding of findings) expect(RULES, `undocumented rule ${finding.rule}`).toHaveProperty([finding.rule]);
    const severity = typeof defect.severity === "function" ? defect.severity(v) : (defect.severity ?? "error");
    const line = at === null ? expect.anything() : lineOfText(files, file!, at);
    expect(findings).toContainEqual({ severity, rule: defect.rule, file, line: at === null ? expect.toBeOneOf([null, 1]) : line, message: expect.any(String) });
  });

  it("flags an invalid module folder name", async () => {
    const findings = await validate(cleanModule(version), version, "Bad-Name");
    expect(findings).toContainEqual(expect.objectContaining({ rule: "module-name", severity: "error" }));
  });
});

describe("rules", () => {
  it("every rule a defect seeds is documented", () => {
    for (const defect of defects) expect(RULES).toHaveProperty([defect.rule]);
  });
});
