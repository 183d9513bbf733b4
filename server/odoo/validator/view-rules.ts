/**
 * View rules that depend only on the target version and the arch (ODOO.md § Version
 * differences): attrs/states (17), tree → list (18; list unknown before), kanban-box (18.1),
 * chatter (18), 19's stricter search-view groups.
 */
import type { OdooVersion } from "@/lib/odoo-versions";
import type { Finding } from "./types";
import { attrLine, type XmlElement } from "./xml/parse";

export type Add = (severity: Finding["severity"], line: number, rule: string, message: string) => void;

/** The view rules that depend only on the Odoo version (ODOO.md § Version differences). */
export function checkViewVersionRules(element: XmlElement, ancestors: readonly string[], add: Add, version: OdooVersion): void {
  const v = Number(version);
  const { attrs } = element;
  if (v >= 17) {
    for (const legacy of ["attrs", "states"] as const) {
      if (legacy in attrs) add("error", attrLine(element, legacy), "attrs-removed", `Odoo ${version} removed the "${legacy}" attribute; use invisible=/readonly=/required= with a Python expression.`);
    }
    if (element.name === "attribute" && (attrs.name === "attrs" || attrs.name === "states")) {
      add("error", element.line, "attrs-removed", `Odoo ${version} removed the "${attrs.name}" attribute; set invisible/readonly/required instead.`);
    }
  }
  if (element.name === "tree" && v >= 18) add("error", element.line, "tree-tag", `Odoo ${version} has no <tree> view; use <list>.`);
  if (element.name === "list" && v <= 17) add("error", element.line, "list-tag", `Odoo ${version} has no <list> view; use <tree> (list arrived in 18).`);
  if (element.name === "xpath" && attrs.expr) {
    if (v >= 18 && /(^|\/|\[)tree\b/.test(attrs.expr)) add("error", attrLine(element, "expr"), "tree-tag", `xpath "${attrs.expr}" looks for <tree>, which Odoo ${version} renamed <list>.`);
    if (v <= 17 && /(^|\/)list\b/.test(attrs.expr)) add("error", attrLine(element, "expr"), "list-tag", `xpath "${attrs.expr}" looks for <list>; Odoo ${version} calls it <tree>.`);
  }
  if (attrs["t-name"] === "kanban-box" && v >= 18) {
    add(v >= 19 ? "error" : "warning", attrLine(element, "t-name"), "kanban-box", `Kanban templates use t-name="card" since Odoo 18; "kanban-box" ${v >= 19 ? "is no longer supported" : "is deprecated (dropped in 18.1)"}.`);
  }
  if (element.name === "div" && /\boe_chatter\b/.test(attrs.class ?? "") && v >= 18) add("warning", element.line, "chatter-div", `Use <chatter/> on Odoo ${version} instead of <div class="oe_chatter">.`);
  if (element.name === "chatter" && v <= 17) add("error", element.line, "chatter-tag", `Odoo ${version} has no <chatter/>; use <div class="oe_chatter"> with the message fields.`);
  if (element.name === "group" && v >= 19 && ancestors.includes("search") && ("expand" in attrs || "string" in attrs)) {
    add("error", element.line, "search-group-attrs", `Odoo 19 search views reject <group expand=… string=…>; use a plain <group>.`);
  }
}
