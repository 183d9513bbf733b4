import { describe, expect, it } from "vitest";
import { odooVersions, type OdooVersion } from "@/lib/odoo-versions";
import type { BlueprintInput } from "@/server/odoo/blueprint/schema";
import { textOf, zipModule } from "@/server/odoo/module-files";
import { BlueprintReferenceError, compileModule } from "./index";
import { attributeValues, loadExamples, parseXml } from "./test-helpers";

const examples = loadExamples();
const find = (name: string) => examples.find((e) => e.name === name)!.blueprint;
const text = (files: ReturnType<typeof compileModule>, path: string) => {
  const content = files.get(path);
  if (content === undefined) throw new Error(`missing ${path}`);
  return textOf(content);
};

describe("examples", () => {
  it("there are at least ten, written for 17", () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
    for (const { blueprint } of examples) expect(blueprint.module.odooVersion).toBe("17");
  });

  describe.each(odooVersions)("on Odoo %s", (version) => {
    it.each(examples.map((e) => [e.name, e.blueprint] as const))("%s compiles to well-formed files", (_name, blueprint) => {
      const files = compileModule(blueprint, version);
      const manifest = text(files, "__manifest__.py");
      expect(manifest).toContain(`'version': '${version}.0.1.0.0'`);
      for (const [path, content] of files) {
        if (path.endsWith(".xml")) expect(parseXml(textOf(content)), path).toBe("odoo");
        if (path.endsWith(".xml") || path.endsWith(".csv") || path.endsWith(".py")) {
          const declared = path.startsWith("tests/") || path.startsWith("models/") || path.endsWith("__init__.py") || path === "__manifest__.py";
          if (!declared) expect(manifest, `${path} listed in the manifest`).toContain(`'${path}'`);
        }
      }
      expect(files.get("static/description/icon.png")).toBeInstanceOf(Uint8Array);
    });
  });
});

describe("determinism", () => {
  it.each(examples.map((e) => [e.name, e.blueprint] as const))("%s gives the same bytes twice", (_name, blueprint) => {
    const first = compileModule(blueprint, "18");
    const second = compileModule(structuredClone(blueprint), "18");
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [path, content] of first) expect(second.get(path), path).toEqual(content);
    const name = blueprint.module.name;
    expect(Buffer.from(zipModule(name, first)).equals(Buffer.from(zipModule(name, second)))).toBe(true);
  });

  it("uses the blueprint's version unless told otherwise", () => {
    const blueprint = find("library_management");
    expect(text(compileModule(blueprint), "__manifest__.py")).toContain("'17.0.1.0.0'");
    expect(text(compileModule(blueprint, "19"), "__manifest__.py")).toContain("'19.0.1.0.0'");
  });
});

describe("manifest", () => {
  it("lists data files in load order: groups, ACLs, rules, data, views, menus last", () => {
    const files = compileModule(find("equipment_loans"), "17");
    const manifest = text(files, "__manifest__.py");
    const data = [...manifest.matchAll(/^ {8}'([^']+)',$/gm)].map((m) => m[1]!).filter((p) => p.includes("/"));
    const rank = (path: string) =>
      path === "security/security.xml" ? 0 : path.endsWith(".csv") ? 1 : path.startsWith("security/") ? 2 : path.startsWith("data/") ? 3 : path === "views/menus.xml" ? 5 : path.startsWith("views/") ? 4 : 6;
    const dataFiles = data.filter((p) => !p.startsWith("demo/"));
    expect(dataFiles.map(rank)).toEqual([...dataFiles.map(rank)].sort((a, b) => a - b));
    expect(dataFiles).toContain("security/record_rules.xml");
    expect(dataFiles).toContain("data/cron.xml");
    expect(dataFiles.at(-1)).toBe("views/menus.xml");
    expect(manifest).toMatch(/'demo': \[\n {8}'demo\/demo.xml',/);
    expect(manifest).toContain("'installable': True");
  });

  it("adds mail when a model uses mail mixins", () => {
    const blueprint = structuredClone(find("fleet_maintenance"));
    blueprint.module.depends = ["base"];
    expect(text(compileModule(blueprint, "17"), "__manifest__.py")).toMatch(/'depends': \[\n {8}'base',\n {8}'mail',/);
  });

  it("adds an all-records rule for groups above an own-records rule's group", () => {
    const rules = text(compileModule(find("equipment_loans"), "17"), "security/record_rules.xml");
    expect(rules).toContain(`<field name="domain_force">[('create_uid', '=', user.id)]</field>`);
    expect(rules).toMatch(/id="rule_loan_own_all"[\s\S]*\[\(1, '=', 1\)\][\s\S]*ref\('group_loan_manager'\)/);
  });

  it("adds a multi-company rule for company-aware models", () => {
    const rules = text(compileModule(find("field_service_visits"), "17"), "security/record_rules.xml");
    expect(rules).toContain("['|', ('company_id', '=', False), ('company_id', 'in', company_ids)]");
  });

  it("gives every new model access rules, with defaults when the blueprint has none", () => {
    const csv = text(compileModule(find("event_room_booking"), "17"), "security/ir.model.access.csv");
    expect(csv).toContain("access_event_room_base_group_user,event.room base.group_user,model_event_room,base.group_user,1,1,1,1");
    expect(csv).toContain("model_event_room_booking");
  });
});

describe("version switches", () => {
  const fleet = (version: OdooVersion) => compileModule(find("fleet_maintenance"), version);
  const orderViews = (version: OdooVersion) => text(fleet(version), "views/fleet_maint_order_views.xml");

  it("uses <tree> up to 17 and <list> from 18, in views and view_mode", () => {
    for (const version of ["16", "17"] as const) {
      expect(orderViews(version)).toContain("<tree ");
      expect(orderViews(version)).not.toContain("<list");
      expect(orderViews(version)).toContain("<field name=\"view_mode\">tree,kanban,form,calendar,pivot,graph</field>");
    }
    for (const version of ["18", "19"] as const) {
      expect(orderViews(version)).toContain("<list ");
      expect(orderViews(version)).not.toContain("<tree");
      expect(orderViews(version)).toContain("<field name=\"view_mode\">list,kanban,form,calendar,pivot,graph</field>");
    }
  });

  it("uses attrs on 16 and invisible expressions from 17", () => {
    expect(orderViews("16")).toContain(`attrs="{'invisible': [('state', 'in', ['draft', 'scheduled'])]}"`);
    expect(orderViews("16")).toContain(`attrs="{'invisible': [('state', 'not in', ['draft'])]}"`);
    for (const version of ["17", "18", "19"] as const) {
      expect(orderViews(version)).not.toContain("attrs=");
      expect(orderViews(version)).not.toContain("states=");
      expect(orderViews(version)).toContain(`invisible="state in ['draft', 'scheduled']"`);
    }
  });

  it("hides list columns with column_invisible from 17", () => {
    expect(orderViews("16")).toContain('<field name="currency_id" invisible="1"/>');
    expect(orderViews("17")).toContain('<field name="currency_id" column_invisible="True"/>');
  });

  it("renders the chatter as a div up to 17 and <chatter/> from 18", () => {
    expect(orderViews("17")).toContain('<div class="oe_chatter">');
    expect(orderViews("17")).toContain('<field name="activity_ids"/>');
    expect(orderViews("18")).toContain("<chatter/>");
    expect(orderViews("18")).not.toContain("oe_chatter");
  });

  it("uses kanban-box cards up to 17 and card from 18", () => {
    expect(orderViews("17")).toContain('t-name="kanban-box"');
    expect(orderViews("18")).toContain('t-name="card"');
    expect(orderViews("19")).not.toContain("kanban-box");
  });

  it("uses _sql_constraints up to 18 and models.Constraint on 19", () => {
    const model = (version: OdooVersion) => text(fleet(version), "models/fleet_maint_vehicle.py");
    expect(model("18")).toContain("_sql_constraints = [\n        ('license_plate_uniq', 'UNIQUE(license_plate)', 'A vehicle with this license plate already exists.'),");
    expect(model("19")).not.toContain("_sql_constraints");
    expect(model("19")).toContain("_license_plate_uniq = models.Constraint(\n        'UNIQUE(license_plate)',");
  });

  it("uses privileges, user_ids and group_ids on 19", () => {
    const security = (version: OdooVersion) => text(fleet(version), "security/security.xml");
    expect(security("18")).toContain('<field name="category_id" ref="module_category_fleet_maintenance_log"/>');
    expect(security("18")).toContain('<field name="users" eval="[(4, ref(\'base.user_root\')), (4, ref(\'base.user_admin\'))]"/>');
    expect(security("19")).toContain('model="res.groups.privilege"');
    expect(security("19")).toContain('<field name="privilege_id" ref="res_groups_privilege_fleet_maintenance_log"/>');
    expect(security("19")).toContain('<field name="user_ids"');
    const loanTests = (version: OdooVersion) => text(compileModule(find("equipment_loans"), version), "tests/test_equipment_loan.py");
    expect(loanTests("18")).toContain("'groups_id': [(6, 0,");
    expect(loanTests("19")).toContain("'group_ids': [(6, 0,");
  });

  it("writes numbercall/doall on crons only up to 17", () => {
    const cron = (version: OdooVersion) => text(compileModule(find("equipment_loans"), version), "data/cron.xml");
    expect(cron("17")).toContain('<field name="numbercall">-1</field>');
    expect(cron("18")).not.toContain("numbercall");
    expect(cron("18")).not.toContain("doall");
  });

  it("drops the search view's group attributes on 19", () => {
    const search = (version: OdooVersion) => text(fleet(version), "views/fleet_maint_order_views.xml");
    expect(search("18")).toContain('<group expand="0" string="Group By">');
    expect(search("19")).not.toContain('expand="0"');
  });

  it("translates messages with _() up to 17 and self.env._ from 18", () => {
    const model = (version: OdooVersion) => text(fleet(version), "models/fleet_maint_order.py");
    expect(model("17")).toContain("from odoo import _, api, fields, models");
    expect(model("17")).toContain("raise UserError(_(");
    expect(model("18")).toContain("raise UserError(self.env._(");
  });
});

describe("window actions", () => {
  const minimal = (views: BlueprintInput["views"]): BlueprintInput => ({
    module: { name: "action_test", title: "Action Test", odooVersion: "18" },
    models: [{ name: "action.thing", description: "Thing", fields: [{ name: "name", type: "char", string: "Name" }] }],
    views,
    menus: [{ id: "menu_things", name: "Things", model: "action.thing" }],
  });
  const viewMode = (input: BlueprintInput) => /<field name="view_mode">([^<]*)</.exec(text(compileModule(input), "views/action_thing_views.xml"))![1];

  it("list the view types present, with list and form Odoo can generate", () => {
    expect(viewMode(minimal([]))).toBe("list,form");
    expect(viewMode(minimal([{ type: "form", model: "action.thing", groups: [{ fields: ["name"] }] }]))).toBe("list,form");
    expect(viewMode(minimal([{ type: "kanban", model: "action.thing", title: "name" }]))).toBe("kanban,form");
  });

  it("open a filtered action for menus with a domain", () => {
    const views = text(compileModule(find("it_asset_register"), "17"), "views/it_asset_views.xml");
    expect(views).toContain('<record id="action_menu_menu_my_assets" model="ir.actions.act_window">');
    expect(views).toContain(`<field name="domain">[('holder_id', '=', uid)]</field>`);
    const menus = text(compileModule(find("it_asset_register"), "17"), "views/menus.xml");
    expect(menus).toContain('action="action_menu_menu_my_assets"');
    expect(menus).toContain('web_icon="it_asset_register,static/description/icon.png"');
  });
});

describe("edge cases", () => {
  const edge: BlueprintInput = {
    module: { name: "edge_test", title: "Edge", odooVersion: "17" },
    models: [
      {
        name: "edge.node",
        description: "Node",
        fields: [
          { name: "name", type: "char", string: "Name" },
          { name: "peer_ids", type: "many2many", string: "Peers", comodel: "edge.node", relation: "edge_node_peer_rel" },
        ],
      },
    ],
    views: [{ type: "form", model: "edge.node" }],
  };

  it("names both columns of a many2many to its own model", () => {
    expect(text(compileModule(edge), "models/edge_node.py")).toContain(
      "peer_ids = fields.Many2many('edge.node', string='Peers', relation='edge_node_peer_rel', column1='edge_node_id', column2='peer_id')",
    );
  });

  it("does not re-inherit mail.thread on core models that already have it", () => {
    const partner: BlueprintInput = {
      module: { name: "edge_partner", title: "Edge", odooVersion: "17", depends: ["base", "mail"] },
      models: [{ name: "res.partner", kind: "extend", description: "Contact", mixins: ["mail.thread"], fields: [{ name: "x_note", type: "char", string: "Note", tracking: true }] }],
    };
    const model = text(compileModule(partner), "models/res_partner.py");
    expect(model).toContain("_inherit = 'res.partner'\n");
    expect(model).toContain("tracking=True");
  });

  it("fills an empty form with the model's fields", () => {
    const views = text(compileModule(edge), "views/edge_node_views.xml");
    expect(views).toContain('<field name="name"/>');
    expect(views).toContain('<field name="peer_ids" widget="many2many_tags"/>');
  });
});

describe("generated Python", () => {
  const files = compileModule(find("fleet_maintenance"), "17");
  const order = text(files, "models/fleet_maint_order.py");

  it("declares mixins, dynamic defaults, computes and the sequence", () => {
    expect(order).toContain("_inherit = ['mail.thread', 'mail.activity.mixin']");
    expect(order).toContain("default=fields.Date.context_today");
    expect(order).toContain("default=lambda self: self.env.user");
    expect(order).toContain("@api.depends('line_ids.subtotal')");
    expect(order).toContain("compute='_compute_amount_total', store=True");
    expect(order).toContain("@api.model_create_multi");
    expect(order).toContain("next_by_code('fleet.maint.order')");
  });

  it("guards workflow actions by their from-states", () => {
    expect(order).toContain("def action_cancel(self):\n        for rec in self:\n            if rec.state not in ('draft', 'scheduled', 'in_progress'):");
    expect(order).toContain("def action_schedule(self):\n        for rec in self:\n            if rec.state not in ('draft',):");
  });

  it("writes a safe body for custom computes without one", () => {
    const nps = text(compileModule(find("customer_nps_surveys"), "17"), "models/nps_response.py");
    expect(nps).toContain("def _compute_sentiment_note(self):\n        for rec in self:\n            rec.sentiment_note = False");
    expect(nps).toContain("    def _compute_category(self):\n        for response in self:\n            if response.score >= 9:");
  });

  it("creates required related records in the test helpers, lazily", () => {
    const common = text(compileModule(find("fleet_maintenance"), "17"), "tests/common.py");
    expect(common).toContain("if 'vehicle_id' not in overrides:\n            vals['vehicle_id'] = self._create_fleet_maint_vehicle(self._next_index()).id");
  });

  it("generates tests for constraints, computes, workflow, sequence, rules and crons", () => {
    const tests = text(compileModule(find("equipment_loans"), "17"), "tests/test_equipment_loan.py");
    expect(tests).toContain("self.assertRaises(IntegrityError), self.cr.savepoint()");
    expect(tests).toContain("with self.assertRaises(ValidationError):");
    expect(tests).toContain("def test_action_lend(self):");
    expect(tests).toContain("def test_sequence_assigned(self):");
    expect(tests).toContain("def test_rule_rule_loan_own(self):");
    expect(tests).toContain("def test_cron_flag_overdue(self):");
    expect(tests).toContain("def test_compute_days_out(self):");
  });
});

describe("escaping", () => {
  const nasty = `Quote's "double" <b>&</b>\nnew line \\ back`;
  const blueprint: BlueprintInput = {
    module: { name: "escape_test", title: nasty.slice(0, 60).replace(/\n/g, " "), summary: nasty, description: nasty, odooVersion: "17" },
    models: [
      {
        name: "escape.thing",
        description: `Thing "<&>"`,
        fields: [
          { name: "name", type: "char", string: `Name's "<&>"`, help: nasty, required: true },
          { name: "kind", type: "selection", string: "Kind", options: [{ value: "a_b", label: `A & "B" <c>` }] },
        ],
        sqlConstraints: [{ kind: "unique", name: "name_uniq", fields: ["name"], message: nasty.replace(/\n/g, " ") }],
      },
    ],
    views: [
      { type: "list", model: "escape.thing", fields: ["name", "kind"], decorations: [{ style: "info", when: [{ field: "name", op: "=", value: `it's "x" <&>` }] }] },
      { type: "search", model: "escape.thing", fields: ["name"], filters: [{ name: "f", label: `Say "hi" & <bye>`, domain: [{ field: "name", op: "ilike", value: "o'clock" }] }] },
    ],
    menus: [{ id: "menu_things", name: `Things & "stuff"`, model: "escape.thing" }],
    mailTemplates: [{ id: "mail_tpl", name: "T", model: "escape.thing", subject: `Hi {{ object.name }} & <co>`, body: `Dear {{ object.name }},\n5 < 6 & "quotes"` }],
  };

  it.each(odooVersions)("produces well-formed XML and exact Python literals on %s", (version) => {
    const files = compileModule(blueprint, version);
    for (const [path, content] of files) if (path.endsWith(".xml")) parseXml(textOf(content));
    const views = text(files, "views/escape_thing_views.xml");
    expect(attributeValues(views, "decoration-info")).toEqual([`name == 'it\\'s "x" <&>'`]);
    expect(attributeValues(views, "string")).toContain(`Say "hi" & <bye>`);
    const model = text(files, "models/escape_thing.py");
    expect(model).toContain(`string='Name\\'s "<&>"'`);
    expect(model).toContain(`help='Quote\\'s "double" <b>&</b>\\nnew line \\\\ back'`);
    expect(model).toContain(`_description = 'Thing "<&>"'`);
    expect(text(files, "__manifest__.py")).toContain(`'summary': 'Quote\\'s "double" <b>&</b>\\nnew line \\\\ back'`);
    const template = text(files, "data/mail_templates.xml");
    expect(template).toContain('<t t-out="object.name"/>');
    expect(template).toContain("5 &lt; 6 &amp; \"quotes\"");
  });
});

describe("reference errors", () => {
  it("are thrown with every problem listed", () => {
    const blueprint = structuredClone(find("library_management"));
    blueprint.views!.push({ type: "list", model: "library.book", fields: ["no_such_field"] });
    blueprint.menus!.push({ id: "menu_ghost", name: "Ghost", model: "ghost.model" });
    let caught: unknown;
    try {
      compileModule(blueprint, "17");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BlueprintReferenceError);
    const problems = (caught as BlueprintReferenceError).problems;
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(["views[6].fields[0]", "menus[3].model"]));
    expect((caught as Error).message).toContain("no_such_field");
  });
});
