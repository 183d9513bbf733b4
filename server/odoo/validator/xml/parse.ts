/**
 * A small XML tree with line numbers, built with saxes (Odoo parses data files with lxml, which
 * is as strict: one well-formedness error fails the whole file, so we stop at the first).
 */
import { SaxesParser } from "saxes";

export type XmlElement = {
  name: string;
  attrs: Record<string, string>;
  /** Line of each attribute (where its value ends), for precise findings. */
  attrLines: Record<string, number>;
  line: number;
  children: XmlElement[];
  /** Concatenated direct text and CDATA (not descendants'). */
  text: string;
  parent: XmlElement | null;
};

export type XmlParseResult = { root: XmlElement } | { error: { line: number; message: string } };

/**
 * A `&` that starts no entity. saxes (6.0) then swallows the rest of the document and reports
 * the error at its end; lxml reports it where it is, so we look for it first.
 */
function bareAmpersand(source: string): number | null {
  // Blank out comments and CDATA (keeping newlines) so their content is not scanned.
  const scanned = source.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, (block) => block.replace(/[^\n]/g, " "));
  const match = /&(?![A-Za-z_][\w.-]*;|#[0-9]+;|#x[0-9A-Fa-f]+;)/.exec(scanned);
  return match ? scanned.slice(0, match.index).split("\n").length : null;
}

export function parseXml(source: string): XmlParseResult {
  const ampersand = bareAmpersand(source);
  if (ampersand !== null) return { error: { line: ampersand, message: "a bare & (write &amp;)" } };
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let pending: XmlElement | null = null;
  let error: { line: number; message: string } | null = null;

  parser.on("error", (err) => {
    // saxes prefixes messages with "line:column: "; keep our own line field instead.
    error ??= { line: parser.line, message: err.message.replace(/^(?:[^:\n]*:)?\d+:\d+: /, "") };
  });
  parser.on("opentagstart", (tag) => {
    const parent = stack[stack.length - 1] ?? null;
    pending = { name: tag.name, attrs: {}, attrLines: {}, line: parser.line, children: [], text: "", parent };
  });
  parser.on("attribute", (attribute) => {
    if (!pending) return;
    pending.attrs[attribute.name] = attribute.value;
    pending.attrLines[attribute.name] = parser.line;
  });
  parser.on("opentag", () => {
    const element = pending!;
    pending = null;
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root ??= element;
    stack.push(element);
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  const addText = (text: string) => {
    const current = stack[stack.length - 1];
    if (current) current.text += text;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);

  try {
    parser.write(source);
    parser.close();
  } catch (err) {
    error ??= { line: parser.line, message: err instanceof Error ? err.message : String(err) };
  }
  if (error) return { error };
  if (!root) return { error: { line: 1, message: "no root element" } };
  return { root };
}

/** Depth-first over an element and its descendants; return false to skip an element's children. */
export function walkXml(element: XmlElement, visit: (element: XmlElement) => boolean | void): void {
  if (visit(element) === false) return;
  for (const child of element.children) walkXml(child, visit);
}

export const attrLine = (element: XmlElement, name: string): number => element.attrLines[name] ?? element.line;
