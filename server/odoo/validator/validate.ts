/**
 * validateModule: every check, in the order Odoo itself would trip over them — manifest, Python,
 * data files (XML/CSV) in load order, references, records and views, access rights.
 */
import { type ModuleFiles, ModulePathError, safeModulePath, textOf } from "../module-files";
import { MODULE_NAME_PATTERN } from "../module-name";
import { catalogueModules } from "./catalogue/addons";
import { autoInstallFor, loadDependsGraph } from "./catalogue/depends";
import { isPartialCatalogue } from "./catalogue/fallback";
import { loadCatalogue } from "./catalogue/load";
import { loadDataFiles } from "./data-files";
import { dependsClosure, withAutoInstalled } from "./depends-graph";
import { MANIFEST, readManifest } from "./manifest";
import { buildModelIndex } from "./model-index";
import { analysePython } from "./python/module";
import { checkReferences } from "./references";
import { checkSecurity } from "./security";
import type { Finding, ValidateOptions } from "./types";
import { checkRecords } from "./views";
import { webIconModules } from "./xml/records";

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (a.file ?? "").localeCompare(b.file ?? "") || (a.line ?? 0) - (b.line ?? 0) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.rule.localeCompare(b.rule),
  );
}

export async function validateModule(input: ModuleFiles, opts: ValidateOptions): Promise<Finding[]> {
  const findings: Finding[] = [];
  const emit = (finding: Finding) => findings.push(finding);
  const { odooVersion: version, moduleName } = opts;

  if (!MODULE_NAME_PATTERN.test(moduleName)) {
    emit({ severity: "error", file: null, line: null, rule: "module-name", message: `"${moduleName}" is not a valid module folder name (lower-case letters, digits, underscores; starts with a letter).` });
  }

  const files = new Map<string, string | Uint8Array>();
  for (const [path, content] of input) {
    try {
      files.set(safeModulePath(path), content);
    } catch (error) {
      if (!(error instanceof ModulePathError)) throw error;
      emit({ severity: "error", file: null, line: null, rule: "zip-unsafe-path", message: error.message });
    }
  }

  const manifestSource = files.get(MANIFEST);
  const manifest = manifestSource === undefined ? null : await readManifest(textOf(manifestSource), version, emit);
  if (manifestSource === undefined) emit({ severity: "error", file: MANIFEST, line: null, rule: "manifest-missing", message: "The module has no __manifest__.py; Odoo does not see it as a module." });
  if (!files.has("__init__.py")) emit({ severity: "error", file: "__init__.py", line: null, rule: "init-missing", message: "The module has no __init__.py; Odoo cannot import it." });

  const hookNames = new Set(["pre_init_hook", "post_init_hook", "uninstall_hook"]);
  for (const key of ["pre_init_hook", "post_init_hook", "uninstall_hook"]) {
    const value = manifest?.values.get(key);
    if (typeof value === "string") hookNames.add(value);
  }
  const python = await analysePython(files, { version, moduleName, hookNames }, emit);
  const catalogue = opts.catalogue ?? (await loadCatalogue(version));
  const graph = opts.dependsGraph === undefined ? await loadDependsGraph(version) : opts.dependsGraph;
  const closure = dependsClosure(manifest?.depends ?? [], graph ?? undefined);
  const covered = catalogueModules(graph ?? undefined);
  const autoInstall = graph ? autoInstallFor(graph) : undefined;
  const index = buildModelIndex(python.classes, catalogue, {
    installed: graph && autoInstall ? withAutoInstalled(new Set([...closure, moduleName]), graph, autoInstall) : undefined,
    partial: isPartialCatalogue(catalogue),
    uncoveredDepends: [...closure].filter((module) => !covered.has(module) && module !== moduleName).sort(),
  });

  const { dataFiles, incomplete } = loadDataFiles(files, manifest, emit);
  checkReferences(dataFiles, { moduleName, closure, index, emit, incomplete });
  for (const file of dataFiles) {
    for (const { module, line } of file.xml ? webIconModules(file.xml) : []) {
      if (module !== moduleName && !closure.has(module)) {
        // Only the icon goes missing; the install itself succeeds.
        emit({ severity: "warning", file: file.path, line, rule: "ref-unresolved", message: `web_icon points into module "${module}", which is neither this module nor a dependency; the menu shows no icon.` });
      }
    }
  }
  checkRecords(dataFiles, { version, moduleName, index, emit });
  checkSecurity(dataFiles, index, moduleName, emit);
  return sortFindings(findings);
}
