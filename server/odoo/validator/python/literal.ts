/**
 * Python literals from a tree-sitter AST, without evaluating anything: enough for
 * `__manifest__.py` and class attributes such as `_name`, `_inherit`, `_inherits`.
 */
import type { PyNode } from "./parser";

export type PyValue = string | number | boolean | null | PyValue[] | PyDict;
export type PyDict = { kind: "dict"; entries: { key: PyValue; value: PyValue; keyNode: PyNode; valueNode: PyNode }[] };

export class NotLiteral extends Error {
  constructor(readonly node: PyNode) {
    super(`not a literal: ${node.type}`);
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "\n": "", a: "\x07", b: "\b", f: "\f", v: "\v", "0": "\0" };

function decodeEscapes(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|.|\n)/g, (whole, code: string) => {
    if (/^[xuU]/.test(code) && code.length > 1) return String.fromCodePoint(Number.parseInt(code.slice(1), 16));
    if (/^[0-7]+$/.test(code)) return String.fromCodePoint(Number.parseInt(code, 8));
    return SIMPLE_ESCAPES[code] ?? whole;
  });
}

/** The value of a `string` node; null for f-strings (not literals). */
export function stringValue(node: PyNode): string | null {
  if (node.type === "concatenated_string") {
    let out = "";
    for (const part of node.namedChildren) {
      const value = part ? stringValue(part) : null;
      if (value === null) return null;
      out += value;
    }
    return out;
  }
  if (node.type !== "string") return null;
  const start = node.namedChildren.find((child) => child?.type === "string_start")?.text ?? "";
  const prefix = start.replace(/['"]/g, "").toLowerCase();
  if (prefix.includes("f")) return null;
  const raw = prefix.includes("r");
  let out = "";
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === "string_content") out += raw ? child.text : decodeEscapes(child.text);
    else if (child.type === "escape_sequence") out += raw ? child.text : decodeEscapes(child.text);
    else if (child.type === "interpolation") return null;
  }
  return out;
}

/** Converts a literal expression node to a value, or throws NotLiteral at the offending node. */
export function literalValue(node: PyNode): PyValue {
  switch (node.type) {
    case "string":
    case "concatenated_string": {
      const value = stringValue(node);
      if (value === null) throw new NotLiteral(node);
      return value;
    }
    case "integer":
      return Number(node.text.replace(/_/g, "").replace(/^0o/i, "0o"));
    case "float":
      return Number(node.text.replace(/_/g, ""));
    case "true":
      return true;
    case "false":
      return false;
    case "none":
      return null;
    case "unary_operator": {
      const argument = node.childForFieldName("argument");
      const value = argument ? literalValue(argument) : null;
      if (typeof value !== "number") throw new NotLiteral(node);
      return node.text.trim().startsWith("-") ? -value : value;
    }
    case "parenthesized_expression": {
      const inner = node.namedChildren.find((child) => child && child.type !== "comment");
      if (!inner) throw new NotLiteral(node);
      return literalValue(inner);
    }
    case "list":
    case "tuple":
    case "set":
      return node.namedChildren.filter((child) => child && child.type !== "comment").map((child) => literalValue(child!));
    case "dictionary": {
      const entries: PyDict["entries"] = [];
      for (const pair of node.namedChildren) {
        if (!pair || pair.type === "comment") continue;
        if (pair.type !== "pair") throw new NotLiteral(pair);
        const keyNode = pair.childForFieldName("key")!;
        const valueNode = pair.childForFieldName("value")!;
        entries.push({ key: literalValue(keyNode), value: literalValue(valueNode), keyNode, valueNode });
      }
      return { kind: "dict", entries };
    }
    default:
      throw new NotLiteral(node);
  }
}

/** A literal's value, or undefined when it is not one (e.g. a name or a call). */
export function tryLiteral(node: PyNode | null | undefined): PyValue | undefined {
  if (!node) return undefined;
  try {
    return literalValue(node);
  } catch (error) {
    if (error instanceof NotLiteral) return undefined;
    throw error;
  }
}

export const isDict = (value: PyValue | undefined): value is PyDict =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const stringList = (value: PyValue | undefined): string[] | null =>
  Array.isArray(value) && value.every((item) => typeof item === "string") ? (value as string[]) : null;
