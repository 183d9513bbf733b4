/**
 * Where a real Odoo source tree for a version lives on this machine (ODOO.md § Real Odoo):
 * `ODOO_<V>_PATH` first, then `$XDG_DATA_HOME/odoo-module-builder/odoo/<version>`.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { OdooVersion } from "@/lib/odoo-versions";

export function conventionalTreePath(version: OdooVersion, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const dataHome = env.XDG_DATA_HOME || path.join(os.homedir(), ".local", "share");
  return path.join(dataHome, "odoo-module-builder", "odoo", version);
}

/** The tree for `version`, or null when none is installed (a tree has `odoo/addons/base`). */
export function findOdooTree(version: OdooVersion, env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  const candidates = [env[`ODOO_${version}_PATH`], conventionalTreePath(version, env)].filter(
    (candidate): candidate is string => Boolean(candidate),
  );
  return candidates.find((candidate) => existsSync(path.join(candidate, "odoo", "addons", "base"))) ?? null;
}

/** Addons folders of a tree: `odoo/addons` always, `addons/` when it holds modules (18). */
export const addonsRoots = (tree: string): string[] => [path.join(tree, "odoo", "addons"), path.join(tree, "addons")];

/** Where built catalogues are cached: `$DATA_DIR/catalogue` (DATA_DIR defaults to `.data`). */
export function defaultCatalogueCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return path.resolve(env.DATA_DIR || ".data", "catalogue");
}

/** Writes a cache file atomically, so a concurrent reader never sees half of it. */
export function writeCacheFile(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}
