import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv";
import { literalValue } from "./python/literal";
import { modelResolver } from "./python/model-graph";
import { modelClasses } from "./python/models";
import { syntaxProblems, withPythonTree } from "./python/parser";
import { parseXml } from "./xml/parse";
import { xmlFileIds } from "./xml/records";

const pyValue = (source: string) => withPythonTree(source, (tree) => literalValue(tree.rootNode.namedChildren[0]!.namedChildren[0]!));
const classes = (source: string) => withPythonTree(source, (tree) => modelClasses(tree.rootNode));

describe("Python literals", () => {
  it("reads strings (escapes, raw, concatenation), numbers, lists and dicts", async () => {
    expect(await pyValue(`{'a': "x\\ty" 'z', r'b\\n': [1, -2.5, True, None], 'c': ('t',)}`)).toMatchObject({
      kind: "dict",
      entries: [
        { key: "a", value: "x\tyz" },
        { key: "b\\n", value: [1, -2.5, true, null] },
        { key: "c", value: ["t"] },
      ],
    });
  });
  it("refuses names, calls and f-strings", async () => {
    await expect(pyValue("{'a': x}")).rejects.toThrow(/not a literal/);
    await expect(pyValue("{'a': f'{x}'}")).rejects.toThrow(/not a literal/);
  });
});

describe("Python syntax", () => {
  it("reports error lines", async () => {
    const problems = await withPythonTree("x = 1\ndef f(:\n    pass\n", (tree) => syntaxProblems(tree));
    expect(problems[0]?.line).toBe(2);
  });
});

describe("model classes", () => {
  it("reads _name/_inherit, fields, delegate=True, setattr fields and local base classes", async () => {
    const found = await classes(`
from odoo import fields, models

class Base(models.AbstractModel):
    _name = "x.base"
    a = fields.Char()

class Child(Base):
    _name = "x.child"
    _inherit = ["x.base", "mail.thread"]
    b = fields.Many2one(comodel_name="res.partner")
    c = fields.Many2one("x.base", delegate=True)

class Ext(models.Model):
    _name = "ir.module.module"
    _inherit = _name

setattr(Child, "global", fields.Boolean())
`);
    expect(found.map((cls) => [cls.className, cls.name, cls.inherit, cls.kind])).toEqual([
      ["Base", "x.base", [], "abstract"],
      ["Child", "x.child", ["x.base", "mail.thread"], "abstract"],
      ["Ext", "ir.module.module", ["ir.module.module"], "model"],
    ]);
    expect(found[1]!.fields.map((field) => [field.name, field.comodel, field.delegate])).toEqual([
      ["b", "res.partner", false],
      ["c", "x.base", true],
      ["global", null, false],
    ]);
  });

  it("resolves inheritance over a catalogue and flags unknown parents", async () => {
    const found = await classes(`
class A(models.Model):
    _name = "x.a"
    _inherit = ["mail.thread", "unknown.mixin"]
    f = fields.Char()
`);
    const resolver = modelResolver(found, new Map([["mail.thread", new Set(["message_ids"])]]));
    expect(resolver.fieldsOf("x.a")).toEqual(new Set(["id", "display_name", "create_uid", "create_date", "write_uid", "write_date", "f", "message_ids"]));
    expect(resolver.missingParentOf("x.a")).toBe("unknown.mixin");
  });
});

describe("XML", () => {
  it("gives element and attribute lines", () => {
    const parsed = parseXml('<odoo>\n  <record id="a"\n      model="x.y">\n    <field name="f" ref="b"/>\n  </record>\n</odoo>');
    if (!("root" in parsed)) throw new Error("did not parse");
    const record = parsed.root.children[0]!;
    expect([record.line, record.attrLines.model, record.children[0]!.line]).toEqual([2, 3, 4]);
  });
  it("reports a bare & on its own line", () => {
    expect(parseXml('<odoo>\n<a b="x & y"/>\n</odoo>')).toEqual({ error: { line: 2, message: expect.stringContaining("&") } });
  });
  it("collects ids and references (not env.ref, which runs later)", () => {
    const parsed = parseXml(`<odoo>
  <menuitem id="m" parent="base.menu" groups="g1,!base.g2"/>
  <record id="r" model="x.y"><field name="a" eval="[(4, ref('g3'))]"/><field name="b" eval="obj().env.ref('late')"/></record>
  <function model="ir.model.data" name="_update_xmlids"><value eval="[{'xml_id': 'mod.generated', 'record': 1}]"/></function>
</odoo>`);
    if (!("root" in parsed)) throw new Error("did not parse");
    const ids = xmlFileIds(parsed.root);
    expect(ids.definitions.map((definition) => definition.id)).toEqual(["m", "r", "mod.generated"]);
    expect(ids.references.map((reference) => reference.id)).toEqual(["base.menu", "g1", "base.g2", "g3"]);
  });
});

describe("CSV", () => {
  it("handles quotes, doubled quotes, CRLF and a stray quote inside a field (as Python does)", () => {
    expect(parseCsv('id,name\r\n"a","b ""c"""\r\nx",y\n')).toEqual([
      { line: 1, cells: ["id", "name"] },
      { line: 2, cells: ["a", 'b "c"'] },
      { line: 3, cells: ['x"', "y"] },
    ]);
  });
});
