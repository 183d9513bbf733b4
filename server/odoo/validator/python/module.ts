/**
 * Every `.py` of the module: syntax (tree-sitter ERROR/MISSING nodes), version rules, model
 * classes, and which files Odoo actually imports (starting from `__init__.py`): a model in a file
 * no `__init__.py` imports does not exist for Odoo.
 */
import type { OdooVersion } from "@/lib/odoo-versions";
import { type ModuleFiles, textOf } from "../../module-files";
import type { Emit } from "../types";
import { modelClasses, type PyModelClass } from "./models";
import { lineOf, syntaxProblems, withPythonTree } from "./parser";
import { pythonVersionRules } from "./version-rules";

export type ModuleClass = PyModelClass & { file: string };

export type PythonAnalysis = {
  /** Model classes of imported files, in import order. */
  classes: ModuleClass[];
  imported: Set<string>;
};

/** Folders Odoo imports on its own (tests) or never as module code. */
const NOT_IMPORTED_BY_INIT = /^(tests|migrations|upgrades|static|doc)\//;

type ParsedFile = { classes: PyModelClass[]; imports: { module: string; names: string[]; line: number }[] };

function dirOf(path: string): string {
  const index = path.lastIndexOf("/");
  return index < 0 ? "" : path.slice(0, index);
}

const join = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);

/**
 * `from . import a` / `from .a import b` in `dir`, or the absolute
 * `from odoo.addons.<this module>.a import b` → candidate files.
 */
function importedFiles(dir: string, module: string, names: string[], files: ModuleFiles, moduleName: string): string[] {
  const absolute = `odoo.addons.${moduleName}`;
  let base = dir;
  let rest: string[];
  if (module === absolute || module.startsWith(`${absolute}.`)) {
    base = "";
    rest = module.slice(absolute.length).split(".").filter(Boolean);
  } else {
    const dots = /^\.+/.exec(module)?.[0].length ?? 0;
    if (dots === 0) return [];
    for (let i = 1; i < dots; i++) base = dirOf(base);
    rest = module.slice(dots).split(".").filter(Boolean);
  }
  const packageDir = rest.reduce(join, base);
  const resolve = (path: string) => [`${path}.py`, `${path}/__init__.py`].filter((candidate) => files.has(candidate));
  const out = rest.length > 0 ? resolve(packageDir) : [];
  for (const name of names) out.push(...resolve(join(packageDir, name)));
  return out;
}

export async function analysePython(
  files: ModuleFiles,
  opts: { version: OdooVersion; moduleName: string; hookNames?: ReadonlySet<string> },
  emit: Emit,
): Promise<PythonAnalysis> {
  const { version, moduleName, hookNames } = opts;
  const parsed = new Map<string, ParsedFile>();
  for (const [path, content] of files) {
    if (!path.endsWith(".py") || path === "__manifest__.py") continue;
    parsed.set(
      path,
      await withPythonTree(textOf(content), (tree) => {
        for (const problem of syntaxProblems(tree)) emit({ severity: "error", file: path, line: problem.line, rule: "python-syntax", message: `Python syntax error: ${problem.message}.` });
        for (const finding of pythonVersionRules(tree.rootNode, version, hookNames)) emit({ ...finding, file: path });
        const imports: ParsedFile["imports"] = [];
        for (const node of tree.rootNode.descendantsOfType("import_from_statement")) {
          if (!node) continue;
          const module = node.childForFieldName("module_name")?.text ?? "";
          const names = node.childrenForFieldName("name").map((name) => (name?.type === "aliased_import" ? name.childForFieldName("name")?.text : name?.text) ?? "");
          imports.push({ module, names, line: lineOf(node) });
        }
        return { classes: modelClasses(tree.rootNode), imports };
      }),
    );
  }

  const imported = new Set<string>();
  const queue = files.has("__init__.py") ? ["__init__.py"] : [];
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (imported.has(path)) continue;
    imported.add(path);
    for (const { module, names } of parsed.get(path)?.imports ?? []) {
      for (const target of importedFiles(dirOf(path), module, names, files, moduleName)) if (!imported.has(target)) queue.push(target);
    }
  }

  const classes: ModuleClass[] = [];
  for (const [path, file] of parsed) {
    if (imported.has(path)) {
      classes.push(...file.classes.map((cls) => ({ ...cls, file: path })));
    } else if (!NOT_IMPORTED_BY_INIT.test(path) && files.has("__init__.py")) {
      emit({
        // A helper nobody imports is dead code; a models file nobody imports loses its models.
        severity: file.classes.length > 0 ? "warning" : "info",
        file: path,
        line: null,
        rule: "python-not-imported",
        message:
          file.classes.length > 0
            ? `No __init__.py imports this file, so Odoo never loads its models (${file.classes.map((cls) => cls.name ?? cls.inherit[0]).join(", ")}).`
            : "No __init__.py imports this file; Odoo never runs it.",
      });
    }
  }
  return { classes, imported };
}
