/** XML text helpers: escaping and a tiny element builder that renders indented, stable output. */

export function escText(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Attribute values are double-quoted; newlines and tabs are encoded so parsers keep them. */
export function escAttr(value: string): string {
  return escText(value).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}

export type Attrs = Record<string, string | number | boolean | undefined | null>;

export interface XmlNode {
  tag: string;
  attrs?: Attrs;
  children?: (XmlNode | string)[];
  /** Raw text child rendered inline (escaped). */
  text?: string;
  /** Markup inserted verbatim (already escaped by the caller), e.g. an html field's value. */
  raw?: string;
}

export function el(tag: string, attrs: Attrs = {}, children: (XmlNode | string | null | undefined | false)[] = []): XmlNode {
  return { tag, attrs, children: children.filter((child): child is XmlNode | string => !!child || child === "") };
}

export function textEl(tag: string, attrs: Attrs, text: string): XmlNode {
  return { tag, attrs, text };
}

function renderAttrs(attrs: Attrs = {}): string {
  let out = "";
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    out += ` ${name}="${escAttr(value === true ? "1" : String(value))}"`;
  }
  return out;
}

/** Renders a node; string children are escaped text lines. */
export function renderXml(node: XmlNode, depth = 0): string {
  const pad = "    ".repeat(depth);
  const open = `${pad}<${node.tag}${renderAttrs(node.attrs)}`;
  if (node.text !== undefined) return `${open}>${escText(node.text)}</${node.tag}>`;
  if (node.raw !== undefined) return `${open}>${node.raw}</${node.tag}>`;
  const children = node.children ?? [];
  if (!children.length) return `${open}/>`;
  const inner = children.map((child) => (typeof child === "string" ? `${pad}    ${escText(child)}` : renderXml(child, depth + 1)));
  return `${open}>\n${inner.join("\n")}\n${pad}</${node.tag}>`;
}

/** A complete Odoo data file: `<odoo>` root with the given records. */
export function odooDocument(records: XmlNode[], options: { noupdate?: boolean } = {}): string {
  const root = el("odoo", {}, options.noupdate ? [el("data", { noupdate: "1" }, records)] : records);
  return `<?xml version="1.0" encoding="utf-8"?>\n${renderXml(root)}\n`;
}
