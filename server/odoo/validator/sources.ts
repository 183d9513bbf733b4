/**
 * Module sources other than an in-memory map: an uploaded zip (unsafe archives become findings,
 * not exceptions) and a folder on disk (same limits as zips; symlinks are not followed).
 */
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ModulePathError, unzipModule, ZIP_LIMITS } from "../module-files";
import type { Finding, ValidateOptions } from "./types";
import { validateModule } from "./validate";

const SKIPPED_DIRS = new Set(["__pycache__", ".git", "node_modules", ".venv"]);

function zipFinding(error: ModulePathError): Finding {
  const rule = /more than \d+ files/.test(error.message)
    ? "zip-unsafe-count"
    : /larger than/.test(error.message)
      ? "zip-unsafe-size"
      : "zip-unsafe-path";
  return { severity: "error", file: error.path || null, line: null, rule, message: error.message };
}

export async function validateZip(zip: Uint8Array, opts: ValidateOptions): Promise<Finding[]> {
  let unzipped: ReturnType<typeof unzipModule>;
  try {
    unzipped = unzipModule(zip);
  } catch (error) {
    if (error instanceof ModulePathError) return [zipFinding(error)];
    return [{ severity: "error", file: null, line: null, rule: "zip-invalid", message: `Not a readable zip archive: ${error instanceof Error ? error.message : String(error)}` }];
  }
  const findings = await validateModule(unzipped.files, opts);
  if (unzipped.moduleName && unzipped.moduleName !== opts.moduleName) {
    findings.unshift({
      severity: "warning",
      file: null,
      line: null,
      rule: "zip-module-name",
      message: `The zip's folder is "${unzipped.moduleName}" but the module is validated as "${opts.moduleName}"; Odoo names the module after the folder.`,
    });
  }
  return findings;
}

/** Reads `dir` as a module; unsafe trees (too many or too large files) become findings. */
export async function validateDirectory(dir: string, opts: ValidateOptions): Promise<Finding[]> {
  const files = new Map<string, Uint8Array>();
  const findings: Finding[] = [];
  let total = 0;
  const visit = (absolute: string, relative: string) => {
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      const childAbsolute = path.join(absolute, entry.name);
      const childRelative = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) {
        findings.push({ severity: "warning", file: childRelative, line: null, rule: "zip-unsafe-path", message: "Symbolic links are not followed (they can point outside the module)." });
        continue;
      }
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) visit(childAbsolute, childRelative);
        continue;
      }
      if (!entry.isFile() || entry.name.endsWith(".pyc")) continue;
      const size = lstatSync(childAbsolute).size;
      if (files.size + 1 > ZIP_LIMITS.maxFiles) throw new ModulePathError(childRelative, `more than ${ZIP_LIMITS.maxFiles} files`);
      if (size > ZIP_LIMITS.maxFileBytes) throw new ModulePathError(childRelative, `file larger than ${ZIP_LIMITS.maxFileBytes} bytes`);
      total += size;
      if (total > ZIP_LIMITS.maxTotalBytes) throw new ModulePathError(childRelative, `module larger than ${ZIP_LIMITS.maxTotalBytes} bytes`);
      files.set(childRelative, new Uint8Array(readFileSync(childAbsolute)));
    }
  };
  try {
    visit(dir, "");
  } catch (error) {
    if (error instanceof ModulePathError) return [zipFinding(error)];
    throw error;
  }
  return [...findings, ...(await validateModule(files, opts))];
}
