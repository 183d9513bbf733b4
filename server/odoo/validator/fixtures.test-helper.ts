/**
 * A clean, hand-written module per Odoo version for the validator's tests and benchmark, and a
 * helper to seed one defect into it. Small but touches every check: a new model with chatter, a
 * wizard, an extension of res.partner, groups, ACLs, views, actions, menus, a sequence, a hook.
 */
import type { OdooVersion } from "@/lib/odoo-versions";

export const MODULE = "fleet_service_log";

export function cleanModule(version: OdooVersion): Map<string, string> {
  const v = Number(version);
  const list = v >= 18 ? "list" : "tree";
  const chatter = v >= 18 ? "<chatter/>" : `<div class="oe_chatter">
                    <field name="message_follower_ids"/>
                    <field name="activity_ids"/>
                    <field name="message_ids"/>
                </div>`;
  const card = v >= 18 ? "card" : "kanban-box";
  const constraint =
    v >= 19
      ? `    _code_unique = models.Constraint("unique(code)", "The code must be unique.")`
      : `    _sql_constraints = [("code_unique", "unique(code)", "The code must be unique.")]`;
  const hook = v >= 17 ? "def post_init_hook(env):\n    env['fleet.service.log'].search([]).write({'state': 'draft'})\n" : "def post_init_hook(cr, registry):\n    pass\n";
  const groupsField = v >= 19 ? "privilege_id" : "category_id";
  const usersField = v >= 19 ? "user_ids" : "users";
  const privilege =
    v >= 19
      ? `
        <record id="privilege_service_log" model="res.groups.privilege">
            <field name="name">Service Log</field>
            <field name="category_id" ref="category_service_log"/>
        </record>`
      : "";
  const categoryRef = v >= 19 ? "privilege_service_log" : "category_service_log";
  const searchGroup = v >= 19 ? "<group>" : `<group expand="0" string="Group By">`;

  return new Map([
    [
      "__manifest__.py",
      `# -*- coding: utf-8 -*-
{
    'name': 'Fleet Service Log',
    'version': '${version}.0.1.0.0',
    'summary': 'Log services done on vehicles',
    'author': 'Acme',
    'license': 'LGPL-3',
    'category': 'Services',
    'depends': ['mail', 'contacts'],
    'data': [
        'security/security.xml',
        'security/ir.model.access.csv',
        'data/sequence.xml',
        'wizard/close_wizard_views.xml',
        'views/service_log_views.xml',
        'views/res_partner_views.xml',
        'views/menus.xml',
    ],
    'demo': ['demo/demo.xml'],
    'post_init_hook': 'post_init_hook',
    'installable': True,
    'application': True,
}
`,
    ],
    ["__init__.py", "from . import models\nfrom . import wizard\nfrom .hooks import post_init_hook\n"],
    ["hooks.py", hook],
    ["models/__init__.py", "from . import service_log, res_partner\n"],
    [
      "models/service_log.py",
      `from odoo import api, fields, models


class ServiceLog(models.Model):
    _name = "fleet.service.log"
    _description = "Service Log"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(readonly=True, copy=False, default="New")
    date = fields.Date(default=fields.Date.context_today)
    partner_id = fields.Many2one("res.partner", string="Workshop")
    cost = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft", tracking=True)
    line_ids = fields.One2many("fleet.service.log.line", "log_id")
    total = fields.Float(compute="_compute_total", store=True)

${constraint}

    @api.depends("line_ids.amount")
    def _compute_total(self):
        for log in self:
            log.total = sum(log.line_ids.mapped("amount"))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code", "New") == "New":
                vals["code"] = self.env["ir.sequence"].next_by_code("fleet.service.log") or "New"
        return super().create(vals_list)

    def action_done(self):
        self.write({"state": "done"})


class ServiceLogLine(models.Model):
    _name = "fleet.service.log.line"
    _description = "Service Log Line"

    log_id = fields.Many2one("fleet.service.log", required=True, ondelete="cascade")
    description = fields.Char()
    amount = fields.Float()
`,
    ],
    [
      "models/res_partner.py",
      `from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    service_log_ids = fields.One2many("fleet.service.log", "partner_id")
    is_workshop = fields.Boolean()
`,
    ],
    ["wizard/__init__.py", "from . import close_wizard\n"],
    [
      "wizard/close_wizard.py",
      `from odoo import fields, models


class CloseWizard(models.TransientModel):
    _name = "fleet.service.close.wizard"
    _description = "Close service logs"

    log_ids = fields.Many2many("fleet.service.log")
    note = fields.Text()

    def action_close(self):
        self.log_ids.action_done()
`,
    ],
    [
      "security/security.xml",
      `<?xml version="1.0" encoding="utf-8"?>
<odoo>
    <record id="category_service_log" model="ir.module.category">
        <field name="name">Service Log</field>
    </record>${privilege}
    <record id="group_user" model="res.groups">
        <field name="name">User</field>
        <field name="${groupsField}" ref="${categoryRef}"/>
    </record>
    <record id="group_manager" model="res.groups">
        <field name="name">Manager</field>
        <field name="${groupsField}" ref="${categoryRef}"/>
        <field name="implied_ids" eval="[(4, ref('group_user'))]"/>
        <field name="${usersField}" eval="[(4, ref('base.user_admin'))]"/>
    </record>
</odoo>
`,
    ],
    [
      "security/ir.model.access.csv",
      `id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink
access_log_user,log user,model_fleet_service_log,group_user,1,1,1,0
access_log_manager,log manager,model_fleet_service_log,group_manager,1,1,1,1
access_line_user,line user,model_fleet_service_log_line,group_user,1,1,1,1
access_wizard_user,wizard user,model_fleet_service_close_wizard,group_user,1,1,1,1
`,
    ],
    [
      "data/sequence.xml",
      `<?xml version="1.0" encoding="utf-8"?>
<odoo noupdate="1">
    <record id="seq_service_log" model="ir.sequence">
        <field name="name">Service Log</field>
        <field name="code">fleet.service.log</field>
        <field name="prefix">SL/</field>
        <field name="padding">4</field>
    </record>
</odoo>
`,
    ],
    [
      "views/service_log_views.xml",
      `<?xml version="1.0" encoding="utf-8"?>
<odoo>
    <record id="view_service_log_list" model="ir.ui.view">
        <field name="name">fleet.service.log.list</field>
        <field name="model">fleet.service.log</field>
        <field name="arch" type="xml">
            <${list}>
                <field name="code"/>
                <field name="name"/>
                <field name="date"/>
                <field name="partner_id"/>
                <field name="total" sum="Total"/>
                <field name="state"/>
            </${list}>
        </field>
    </record>

    <record id="view_service_log_form" model="ir.ui.view">
        <field name="name">fleet.service.log.form</field>
        <field name="model">fleet.service.log</field>
        <field name="arch" type="xml">
            <form>
                <header>
                    <button name="action_done" type="object" string="Done" invisible="state == 'done'"/>
                    <button name="%(action_close_wizard)d" type="action" string="Close" groups="${MODULE}.group_manager"/>
                    <field name="state" widget="statusbar"/>
                </header>
                <sheet>
                    <group>
                        <field name="name"/>
                        <field name="code"/>
                        <field name="date"/>
                        <field name="partner_id"/>
                        <field name="currency_id" invisible="1"/>
                        <field name="cost"/>
                    </group>
                    <field name="line_ids">
                        <${list} editable="bottom">
                            <field name="description"/>
                            <field name="amount"/>
                        </${list}>
                    </field>
                </sheet>
                ${chatter}
            </form>
        </field>
    </record>

    <record id="view_service_log_kanban" model="ir.ui.view">
        <field name="name">fleet.service.log.kanban</field>
        <field name="model">fleet.service.log</field>
        <field name="arch" type="xml">
            <kanban>
                <field name="state"/>
                <templates>
                    <t t-name="${card}">
                        <field name="name"/>
                        <field name="total"/>
                    </t>
                </templates>
            </kanban>
        </field>
    </record>

    <record id="view_service_log_search" model="ir.ui.view">
        <field name="name">fleet.service.log.search</field>
        <field name="model">fleet.service.log</field>
        <field name="arch" type="xml">
            <search>
                <field name="name"/>
                <field name="partner_id"/>
                <filter name="draft" string="Draft" domain="[('state', '=', 'draft')]"/>
                ${searchGroup}
                    <filter name="by_partner" string="Workshop" context="{'group_by': 'partner_id'}"/>
                </group>
            </search>
        </field>
    </record>

    <record id="action_service_log" model="ir.actions.act_window">
        <field name="name">Service Logs</field>
        <field name="res_model">fleet.service.log</field>
        <field name="view_mode">${list},kanban,form</field>
        <field name="search_view_id" ref="view_service_log_search"/>
    </record>
</odoo>
`,
    ],
    [
      "views/res_partner_views.xml",
      `<?xml version="1.0" encoding="utf-8"?>
<odoo>
    <record id="view_partner_form_inherit" model="ir.ui.view">
        <field name="name">res.partner.form.service.log</field>
        <field name="model">res.partner</field>
        <field name="inherit_id" ref="base.view_partner_form"/>
        <field name="arch" type="xml">
            <field name="vat" position="after">
                <field name="is_workshop"/>
            </field>
            <xpath expr="//notebook" position="inside">
                <page string="Services" invisible="not is_workshop">
                    <field name="service_log_ids"/>
                </page>
            </xpath>
        </field>
    </record>
</odoo>
`,
    ],
    [
      "wizard/close_wizard_views.xml",
      `<?xml version="1.0" encoding="utf-8"?>
<odoo>
    <record id="view_close_wizard_form" model="ir.ui.view">
        <field name="name">fleet.service.close.wizard.form</field>
        <field name="model">fleet.service.close.wizard</field>
        <field name="arch" type="xml">
            <form>
                <field name="log_ids"/>
                <field name="note"/>
                <footer>
                    <button name="action_close" type="object" string="Close" class="btn-primary"/>
                    <button special="cancel" string="Cancel"/>
                </footer>
            </form>
        </field>
    </record>

    <record id="action_close_wizard" model="ir.actions.act_window">
        <field name="name">Close Service Logs</field>
        <field name="res_model">fleet.service.close.wizard</field>
        <field name="view_mode">form</field>
        <field name="target">new</field>
    </record>
</odoo>
`,
    ],
    [
      "views/menus.xml",
      `<?xml version="1.0" encoding="utf-8"?>
<odoo>
    <menuitem id="menu_root" name="Service Log" web_icon="${MODULE},static/description/icon.png" groups="group_user"/>
    <menuitem id="menu_service_log" name="Logs" parent="menu_root" action="action_service_log" sequence="10"/>
    <menuitem id="menu_contacts" name="Workshops" parent="menu_root" action="contacts.action_contacts" groups="group_manager,!base.group_portal"/>
</odoo>
`,
    ],
    [
      "demo/demo.xml",
      `<?xml version="1.0" encoding="utf-8"?>
<odoo>
    <record id="demo_log_1" model="fleet.service.log">
        <field name="name">Oil change</field>
        <field name="partner_id" ref="base.res_partner_1"/>
        <field name="line_ids" eval="[(0, 0, {'description': 'Oil', 'amount': 40.0})]"/>
    </record>
</odoo>
`,
    ],
  ]);
}

/** The clean module with `search` replaced by `replace` in `path` (which must change). */
export function withDefect(version: OdooVersion, path: string, search: string | RegExp, replace: string): Map<string, string> {
  const files = cleanModule(version);
  const before = files.get(path);
  if (before === undefined) throw new Error(`no ${path} in the fixture`);
  const after = before.replace(search, replace);
  if (after === before) throw new Error(`defect not applied: ${String(search)} in ${path}`);
  files.set(path, after);
  return files;
}

/** Line (1-based) of the first occurrence of `needle` in a fixture file. */
export function lineOfText(files: ReadonlyMap<string, string>, path: string, needle: string): number {
  const text = files.get(path)!;
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`"${needle}" not in ${path}`);
  return text.slice(0, index).split("\n").length;
}
