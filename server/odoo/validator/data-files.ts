/**
 * The module's data files in Odoo's load order (manifest `data`, then `demo`), parsed once:
 * XML into a tree, CSV into rows; plus the ids each defines and references. Also reports files
 * the manifest lists but are missing, and XML/CSV files under data folders it forgets.
 */
import { type ModuleFiles, textOf } from "../module-files";
import { type CsvRow, parseCsv } from "./csv";
import type { Manifest } from "./manifest";
import { MANIFEST } from "./manifest";
import type { Emit } from "./types";
import { parseXml, type XmlElement } from "./xml/parse";
import { type DataFileIds, groupIds, xmlFileIds } from "./xml/records";

export type DataFile = {
  path: string;
  section: "data" | "demo";
  /** Position in load order. */
  order: number;
  xml: XmlElement | null;
  csv: { model: string; header: string[]; rows: CsvRow[] } | null;
  ids: DataFileIds;
};

/** Folders whose .xml/.csv files are data files (not static assets, tests or translations). */
const NOT_DATA = /^(static|tests|i18n|i18n_extra|migrations|upgrades|doc)\//;

/**
 * Listed files in load order. `incomplete` is set when a listed file could not be parsed: its ids
 * are unknown, so "not defined" findings would be noise.
 */
export function loadDataFiles(files: ModuleFiles, manifest: Manifest | null, emit: Emit): { dataFiles: DataFile[]; incomplete: boolean } {
  const out: DataFile[] = [];
  let incomplete = false;
  const listed = new Set<string>();
  const sections = manifest ? ([["data", manifest.data], ["demo", manifest.demo]] as const) : [];
  for (const [section, paths] of sections) {
    for (const path of paths) {
      const line = manifest?.keyLines.get(section) ?? null;
      if (listed.has(path)) {
        emit({ severity: "warning", file: MANIFEST, line, rule: "manifest-data-duplicate", message: `"${path}" is listed twice; Odoo loads it twice.` });
        continue;
      }
      listed.add(path);
      const content = files.get(path);
      if (content === undefined) {
        emit({ severity: "error", file: MANIFEST, line, rule: "manifest-data-missing", message: `"${path}" is listed in "${section}" but the module has no such file; installation fails.` });
        continue;
      }
      const parsed = parseDataFile(path, textOf(content), emit);
      if (parsed) out.push({ ...parsed, path, section, order: out.length });
      else incomplete = true;
    }
  }
  for (const [path, content] of files) {
    if (listed.has(path) || !/\.(xml|csv)$/.test(path) || NOT_DATA.test(path) || !path.includes("/")) continue;
    if (manifest) emit({ severity: "warning", file: path, line: null, rule: "manifest-data-unlisted", message: "This file is not listed in the manifest's data or demo, so Odoo never loads it." });
    parseDataFile(path, textOf(content), emit);
  }
  return { dataFiles: out, incomplete };
}

function parseDataFile(path: string, text: string, emit: Emit): Pick<DataFile, "xml" | "csv" | "ids"> | null {
  if (path.endsWith(".xml")) {
    if (text.trim() === "") {
      // Odoo skips an empty data file; it is harmless but useless.
      emit({ severity: "warning", file: path, line: null, rule: "xml-empty", message: "This data file is empty." });
      return { xml: null, csv: null, ids: { definitions: [], references: [], functionCalls: [] } };
    }
    const parsed = parseXml(text);
    if ("error" in parsed) {
      emit({ severity: "error", file: path, line: parsed.error.line, rule: "xml-well-formed", message: `XML is not well-formed: ${parsed.error.message}` });
      return null;
    }
    if (!["odoo", "openerp", "data"].includes(parsed.root.name)) {
      emit({ severity: "error", file: path, line: parsed.root.line, rule: "xml-root", message: `A data file's root element must be <odoo> (or the legacy <openerp>/<data>), not <${parsed.root.name}>.` });
      return null;
    }
    return { xml: parsed.root, csv: null, ids: xmlFileIds(parsed.root) };
  }
  if (path.endsWith(".csv")) {
    const rows = parseCsv(text.replace(/^\uFEFF/, ""));
    const header = (rows[0]?.cells ?? []).map((cell) => cell.trim());
    const model = path.split("/").pop()!.replace(/\.csv$/, "");
    const ids: DataFileIds = { definitions: [], references: [], functionCalls: [] };
    const idColumn = header.indexOf("id");
    for (const row of rows.slice(1)) {
      const id = idColumn >= 0 ? row.cells[idColumn]?.trim() : undefined;
      if (id) ids.definitions.push({ id, line: row.line, model });
      header.forEach((column, index) => {
        if (!/[:/]id$/.test(column) || column === "id") return;
        for (const ref of groupIds(row.cells[index] ?? "")) ids.references.push({ id: ref, line: row.line, via: column });
      });
    }
    return { xml: null, csv: { model, header, rows: rows.slice(1) }, ids };
  }
  return { xml: null, csv: null, ids: { definitions: [], references: [], functionCalls: [] } };
}
