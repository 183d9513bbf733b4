/**
 * Access rights: `ir.model.access.csv` shape (the 8 columns, 0/1 permissions) and an ACL row for
 * every model the module creates — without one Odoo warns and non-admin users see nothing.
 * Transient models need ACLs too (since Odoo 14); abstract models have no table and need none.
 */
import type { DataFile } from "./data-files";
import { type ModelIndex, modelXmlId } from "./model-index";
import { localId } from "./references";
import type { Emit } from "./types";

const ACL_COLUMNS = ["id", "name", "model_id:id", "group_id:id", "perm_read", "perm_write", "perm_create", "perm_unlink"];
const PERMS = ["perm_read", "perm_write", "perm_create", "perm_unlink"];

const normaliseColumn = (column: string) => column.replace(/\/id$/, ":id");

export function checkSecurity(dataFiles: DataFile[], index: ModelIndex, moduleName: string, emit: Emit): void {
  /** Local xml ids of models that have at least one ACL (`model_x_y`). */
  const covered = new Set<string>();

  for (const file of dataFiles) {
    if (file.csv?.model === "ir.model.access") {
      const header = file.csv.header.map(normaliseColumn);
      const missing = ACL_COLUMNS.filter((column) => !header.includes(column));
      if (missing.length > 0) {
        emit({ severity: "error", file: file.path, line: 1, rule: "acl-csv-header", message: `The header lacks ${missing.join(", ")}; expected ${ACL_COLUMNS.join(",")}.` });
      }
      const modelColumn = header.indexOf("model_id:id");
      for (const row of file.csv.rows) {
        if (row.cells.length !== header.length) {
          emit({ severity: "error", file: file.path, line: row.line, rule: "acl-csv-columns", message: `This row has ${row.cells.length} columns; the header has ${header.length}.` });
          continue;
        }
        for (const perm of PERMS) {
          const column = header.indexOf(perm);
          const value = column >= 0 ? row.cells[column]!.trim() : "0";
          if (value !== "0" && value !== "1") {
            emit({ severity: "error", file: file.path, line: row.line, rule: "acl-perm-value", message: `${perm} is "${value}"; use 0 or 1.` });
          }
        }
        const model = modelColumn >= 0 ? localId(row.cells[modelColumn]!.trim(), moduleName) : null;
        if (model) covered.add(model);
      }
    }
    if (file.xml) collectXmlAcls(file, moduleName, covered);
  }

  for (const [model, cls] of index.newModels) {
    if (cls.kind === "abstract" || cls.kind === "unknown") continue;
    if (covered.has(modelXmlId(model))) continue;
    emit({
      severity: "error",
      file: cls.file,
      line: cls.line,
      rule: "acl-missing",
      message: `Model ${model} has no access rule: add a line to security/ir.model.access.csv (model_id:id = ${modelXmlId(model)})${cls.kind === "transient" ? "; wizards (TransientModel) need one too" : ""}.`,
    });
  }
}

/** `<record model="ir.model.access">` with `<field name="model_id" ref="model_x"/>`. */
function collectXmlAcls(file: DataFile, moduleName: string, covered: Set<string>) {
  const visit = (element: NonNullable<DataFile["xml"]>) => {
    if (element.name === "record" && element.attrs.model === "ir.model.access") {
      const ref = element.children.find((child) => child.name === "field" && child.attrs.name === "model_id")?.attrs.ref;
      const local = ref ? localId(ref, moduleName) : null;
      if (local) covered.add(local);
      return;
    }
    for (const child of element.children) visit(child);
  };
  visit(file.xml!);
}
