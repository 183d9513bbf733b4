/** Python source helpers: literals that round-trip exactly (repr-like quoting) and indentation. */

/** A Python string literal, single-quoted like `repr`, safe for any input. */
export function pyStr(value: string): string {
  let out = "'";
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === "\\") out += "\\\\";
    else if (char === "'") out += "\\'";
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    // Line and paragraph separators are legal in Python strings but break editors and diffs.
    else if (code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16)}`;
    else out += char;
  }
  return `${out}'`;
}

export type PyLiteral = string | number | boolean | null | PyLiteral[];

/** A Python literal for a JSON-like value (lists become lists). */
export function pyValue(value: PyLiteral): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return pyNumber(value);
  if (typeof value === "string") return pyStr(value);
  return `[${value.map(pyValue).join(", ")}]`;
}

export function pyNumber(value: number, float = false): string {
  if (!Number.isFinite(value)) throw new Error(`Cannot express ${value} in Python`);
  const text = String(value);
  if (float && Number.isInteger(value)) return `${text}.0`;
  return text;
}

/** A tuple literal (with the trailing comma a one-element tuple needs). */
export function pyTuple(items: string[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
}

/** Indents every non-empty line of `text` by `levels` × 4 spaces. */
export function indent(text: string, levels = 1): string {
  const pad = "    ".repeat(levels);
  return text
    .split("\n")
    .map((line) => (line.trim() === "" ? "" : pad + line))
    .join("\n");
}

/**
 * Normalises a user-written method body: tabs → spaces, common leading indentation removed,
 * trailing blank lines dropped. Returns null when nothing executable remains.
 */
export function dedentBody(body: string): string | null {
  const lines = body.replace(/\r\n?/g, "\n").replace(/\t/g, "    ").split("\n");
  while (lines.length && lines[lines.length - 1]!.trim() === "") lines.pop();
  while (lines.length && lines[0]!.trim() === "") lines.shift();
  if (!lines.length) return null;
  const widths = lines.filter((line) => line.trim() !== "").map((line) => line.length - line.trimStart().length);
  const common = Math.min(...widths);
  const result = lines.map((line) => line.slice(common).trimEnd());
  return result.every((line) => line === "" || line.startsWith("#")) ? null : result.join("\n");
}

/** `fleet.maintenance.log` → `FleetMaintenanceLog`. */
export function pyClassName(modelName: string): string {
  return modelName
    .split(/[._]/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");
}
