/**
 * `__manifest__.py`: a Python dict literal read from the AST (never evaluated). Checks required
 * keys, the version prefix Odoo insists on, the license, author, and that listed files exist.
 */
import type { OdooVersion } from "@/lib/odoo-versions";
import { isDict, type PyDict, type PyValue, stringList, tryLiteral } from "./python/literal";
import { lineOf, syntaxProblems, withPythonTree } from "./python/parser";
import type { Emit } from "./types";

export const MANIFEST = "__manifest__.py";

/** The values Odoo's module loader accepts for `license` (others fall back with a warning). */
export const ODOO_LICENSES = new Set([
  "GPL-2",
  "GPL-2 or any later version",
  "GPL-3",
  "GPL-3 or any later version",
  "AGPL-3",
  "LGPL-3",
  "Other OSI approved licence",
  "OEEL-1",
  "OPL-1",
  "Other proprietary",
]);

const REQUIRED_KEYS = ["name", "version", "license", "depends", "data"] as const;

export type Manifest = {
  depends: string[];
  data: string[];
  demo: string[];
  /** Line of each key, for findings about a key's value. */
  keyLines: Map<string, number>;
  values: Map<string, PyValue>;
};

export async function readManifest(source: string, version: OdooVersion, emit: Emit): Promise<Manifest | null> {
  const problem = (line: number | null, rule: string, message: string, severity: "error" | "warning" = "error") =>
    emit({ severity, file: MANIFEST, line, rule, message });

  const parsed = await withPythonTree(source, (tree) => {
    const syntax = syntaxProblems(tree, 1)[0];
    if (syntax) return { syntax };
    const statements = tree.rootNode.namedChildren.filter((node) => node && node.type !== "comment");
    const expression = statements.length === 1 && statements[0]!.type === "expression_statement" ? statements[0]!.namedChildren[0] : null;
    if (expression?.type !== "dictionary") return { notDict: statements[0] ? lineOf(statements[0]) : 1 };
    const value = tryLiteral(expression);
    if (!isDict(value)) return { notLiteral: lineOf(expression) };
    return { dict: value };
  });
  if ("syntax" in parsed) {
    problem(parsed.syntax!.line, "manifest-syntax", `The manifest is not valid Python: ${parsed.syntax!.message}.`);
    return null;
  }
  if ("notDict" in parsed) {
    problem(parsed.notDict ?? 1, "manifest-syntax", "The manifest must be a single Python dict literal.");
    return null;
  }
  if ("notLiteral" in parsed) {
    problem(parsed.notLiteral ?? 1, "manifest-syntax", "The manifest may only hold literals (strings, numbers, lists, dicts, booleans); Odoo reads it with ast.literal_eval.");
    return null;
  }
  return checkManifest(parsed.dict!, version, problem);
}

function checkManifest(
  dict: PyDict,
  version: OdooVersion,
  problem: (line: number | null, rule: string, message: string, severity?: "error" | "warning") => void,
): Manifest {
  const values = new Map<string, PyValue>();
  const keyLines = new Map<string, number>();
  for (const entry of dict.entries) {
    if (typeof entry.key !== "string") continue;
    if (values.has(entry.key)) problem(lineOf(entry.keyNode), "manifest-key-duplicate", `The key "${entry.key}" appears twice; Python keeps only the last one.`);
    values.set(entry.key, entry.value);
    keyLines.set(entry.key, lineOf(entry.keyNode));
  }
  for (const key of REQUIRED_KEYS) {
    if (!values.has(key)) problem(1, "manifest-key-missing", `The manifest has no "${key}" key.`);
  }

  const name = values.get("name");
  if (values.has("name") && (typeof name !== "string" || name.trim() === "")) problem(keyLines.get("name")!, "manifest-name", `"name" must be a non-empty string.`);

  const moduleVersion = values.get("version");
  if (values.has("version")) checkVersion(moduleVersion, version, keyLines.get("version")!, problem);

  const license = values.get("license");
  if (values.has("license") && (typeof license !== "string" || !ODOO_LICENSES.has(license))) {
    problem(keyLines.get("license")!, "manifest-license", `License ${JSON.stringify(license)} is not one Odoo accepts (${[...ODOO_LICENSES].join(", ")}).`);
  }

  const author = values.get("author");
  if (typeof author !== "string" || author.trim() === "") {
    problem(
      keyLines.get("author") ?? 1,
      "manifest-author",
      version === "19" ? `No "author": Odoo 19 logs a warning for every module without one.` : `No "author" in the manifest.`,
      "warning",
    );
  }

  const lists: Record<"depends" | "data" | "demo", string[]> = { depends: [], data: [], demo: [] };
  for (const key of ["depends", "data", "demo"] as const) {
    if (!values.has(key)) continue;
    const list = stringList(values.get(key));
    if (list) lists[key] = list;
    else problem(keyLines.get(key)!, "manifest-type", `"${key}" must be a list of strings.`);
  }
  if (values.get("installable") === false) problem(keyLines.get("installable")!, "manifest-installable", `"installable": False — Odoo will not install this module.`, "warning");

  return { ...lists, keyLines, values };
}

function checkVersion(
  value: PyValue | undefined,
  odooVersion: OdooVersion,
  line: number,
  problem: (line: number | null, rule: string, message: string, severity?: "error" | "warning") => void,
) {
  const series = `${odooVersion}.0`;
  if (typeof value !== "string") {
    problem(line, "manifest-version", `"version" must be a string like "${series}.1.0.0".`);
    return;
  }
  if (new RegExp(`^${odooVersion}\\.0\\.\\d+\\.\\d+\\.\\d+$`).test(value)) return;
  const otherSeries = /^(\d+)\.0\.\d+(\.\d+)*$/.exec(value);
  if (otherSeries && otherSeries[1] !== odooVersion && Number(otherSeries[1]) >= 8) {
    if (odooVersion === "16") {
      // 16 prefixes it instead (16.0.17.0...), installs, and later upgrades compare wrongly.
      problem(line, "manifest-version", `Version "${value}" belongs to Odoo ${otherSeries[1]}; Odoo 16 installs it as "${series}.${value}". Use "${series}.x.y.z".`, "warning");
      return;
    }
    // Newer Odoo treats a version from another series as invalid and skips the module silently.
    problem(line, "manifest-version", `Version "${value}" belongs to Odoo ${otherSeries[1]}; Odoo ${odooVersion} silently ignores the module. Use "${series}.x.y.z".`);
    return;
  }
  if (/^\d+\.\d+(\.\d+)?$/.test(value)) {
    problem(line, "manifest-version", `Version "${value}" works (Odoo prefixes it with ${series}) but the convention is "${series}.x.y.z".`, "warning");
    return;
  }
  problem(line, "manifest-version", `Version "${value}" is not of the form "${series}.x.y.z".`);
}
