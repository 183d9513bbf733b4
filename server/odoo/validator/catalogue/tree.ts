/**
 * Where a real Odoo source tree for a version lives on this machine (ODOO.md § Real Odoo):
 * `ODOO_<V>_PATH` first, then `$XDG_DATA_HOME/odoo-module-builder/odoo/<version>`.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { OdooVersion } from "@/lib/odoo-versions";
import { parseRuntimeConfig } from "@/server/odoo/runtime/config";
import { findTree, isTree } from "@/server/odoo/runtime/trees";

export function conventionalTreePath(version: OdooVersion, env: Readonly<Record<string, string | undefined>> = process.env): string {
  return path.join(parseRuntimeConfig(env).treesRoot, version);
}

/** The tree's root for `version`, or null: the runtime's discovery, so both agree on one tree. */
export function findOdooTree(version: OdooVersion, env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  const tree = findTree(version, parseRuntimeConfig(env));
  return isTree(tree) ? tree.root : null;
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
