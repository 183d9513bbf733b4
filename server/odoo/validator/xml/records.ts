/**
 * What a data file defines and references: xml ids of records, templates, menus and actions,
 * and every place another record is named (ref=, eval="ref(...)", %(id)d, parent=, action=,
 * groups=, inherit_id=, web_icon=, CSV `:id` columns).
 */
import { attrLine, walkXml, type XmlElement } from "./parse";

/** `model`: the model of the record the id names (records, menus, actions, views...). */
export type IdDefinition = { id: string; line: number; model: string };
/**
 * `soft`: resolved at render time, not at load (groups inside QWeb templates), so an unresolved
 * one does not fail the install.
 */
export type IdReference = { id: string; line: number; via: string; soft?: boolean };

export type DataFileIds = {
  definitions: IdDefinition[];
  references: IdReference[];
  /** Lines of <function> calls other than _update_xmlids: they may create records (and ids) in code. */
  functionCalls: number[];
};

/** `ref('x')` in an eval; not `env.ref('x')`, which runs later (or in a function's own logic). */
const REF_CALL = /(?<![.\w])ref\(\s*['"]([\w.]+)['"]\s*\)/g;
/** `<function model="ir.model.data" name="_update_xmlids">` declares ids as `'xml_id': 'm.x'`. */
const XML_ID_ENTRY = /['"]xml_id['"]\s*:\s*['"]([\w.]+)['"]/g;
const PERCENT_REF = /%\(([\w.]+)\)d/g;

function eachMatch(text: string, pattern: RegExp, use: (id: string) => void) {
  for (const match of text.matchAll(pattern)) use(match[1]!);
}

/** `groups="base.group_user,!base.group_portal"` → the ids, negation stripped. */
export const groupIds = (value: string): string[] =>
  value
    .split(",")
    .map((group) => group.trim().replace(/^!/, ""))
    .filter(Boolean);

/** Tags whose `id` attribute creates a record, and the model of that record. */
const DEFINING_TAGS: Record<string, string> = {
  template: "ir.ui.view",
  menuitem: "ir.ui.menu",
  act_window: "ir.actions.act_window",
  report: "ir.actions.report",
};

export function xmlFileIds(root: XmlElement): DataFileIds {
  const definitions: IdDefinition[] = [];
  const references: IdReference[] = [];
  const functionCalls: number[] = [];
  let inTemplate = 0;
  const ref = (id: string, line: number, via: string) => id.trim() !== "" && references.push({ id, line, via, ...(inTemplate > 0 && via === "groups" ? { soft: true } : {}) });

  const visit = (element: XmlElement) => {
    const { attrs } = element;
    if (element.name === "function") {
      if (attrs.name === "_update_xmlids") {
        walkXml(element, (inner) => {
          for (const text of [inner.attrs.eval ?? "", inner.text]) {
            for (const match of text.matchAll(XML_ID_ENTRY)) definitions.push({ id: match[1]!, line: inner.line, model: "?" });
          }
        });
      } else functionCalls.push(element.line);
    }
    const model = element.name === "record" ? (attrs.model ?? "") : DEFINING_TAGS[element.name];
    if (model !== undefined && attrs.id && element.parent && ["odoo", "openerp", "data", "menuitem"].includes(element.parent.name)) {
      definitions.push({ id: attrs.id, line: element.line, model });
    }
    if (element.name === "delete" && attrs.id) ref(attrs.id, attrLine(element, "id"), "delete");
    for (const [name, value] of Object.entries(attrs)) {
      const line = attrLine(element, name);
      if (name === "ref" && element.name === "field") ref(value, line, "ref");
      else if (name === "eval" || name === "context" || name === "domain") eachMatch(value, REF_CALL, (id) => ref(id, line, name));
      else if (name === "groups") for (const group of groupIds(value)) ref(group, line, "groups");
      else if ((name === "parent" || name === "action") && element.name === "menuitem") ref(value, line, name);
      else if (name === "inherit_id" && element.name === "template") ref(value, line, "inherit_id");
      eachMatch(value, PERCENT_REF, (id) => ref(id, line, `%(${id})d`));
    }
    // %(id)d also appears in field bodies (contexts, help texts).
    if (element.name === "field" && element.children.length === 0) eachMatch(element.text, PERCENT_REF, (id) => ref(id, element.line, `%(${id})d`));
    const template = element.name === "template" || (element.name === "field" && attrs.name === "arch" && element.parent?.children.some((c) => c.name === "field" && c.attrs.name === "type" && c.text.trim() === "qweb"));
    if (template) inTemplate++;
    for (const child of element.children) visit(child);
    if (template) inTemplate--;
  };
  visit(root);
  return { definitions, references, functionCalls };
}

/** `web_icon="module,static/description/icon.png"` → module names that must be installed. */
export function webIconModules(root: XmlElement): { module: string; line: number }[] {
  const modules: { module: string; line: number }[] = [];
  walkXml(root, (element) => {
    const icon = element.name === "menuitem" ? element.attrs.web_icon : undefined;
    const module = icon?.split(",")[0]?.trim();
    if (module) modules.push({ module, line: attrLine(element, "web_icon") });
  });
  return modules;
}
