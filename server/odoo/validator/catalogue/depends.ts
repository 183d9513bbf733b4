/**
 * The real module dependency graph of an Odoo tree (every addon's manifest `depends`), so a
 * module depending on e.g. website_event_track may reference `event.*` ids. Cached like the
 * catalogue, in `.data/catalogue/<version>.depends.json`.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { OdooVersion } from "@/lib/odoo-versions";
import { isDict, stringList, tryLiteral } from "../python/literal";
import { withPythonTree } from "../python/parser";
import { addonsRoots, defaultCatalogueCacheDir, findOdooTree, writeCacheFile } from "./tree";

export type DependsGraph = ReadonlyMap<string, readonly string[]>;

/**
 * Module → the dependencies that trigger its automatic install (`auto_install`: True means all
 * of `depends`). Glue modules such as sale_stock install themselves once sale and stock are.
 */
export type AutoInstall = ReadonlyMap<string, readonly string[]>;

type CacheFile = { treePath: string; hash: string; depends: Record<string, string[]>; autoInstall: Record<string, string[]> };
type Graphs = { depends: DependsGraph; autoInstall: AutoInstall };

const autoInstallOf = new WeakMap<DependsGraph, AutoInstall>();

/** The auto-install triggers read with a tree's graph, if it came from loadDependsGraph. */
export const autoInstallFor = (graph: DependsGraph): AutoInstall | undefined => autoInstallOf.get(graph);

function manifests(tree: string): { module: string; file: string }[] {
  const found: { module: string; file: string }[] = [];
  for (const root of addonsRoots(tree)) {
    if (!existsSync(root)) continue;
    for (const entry of readdirSync(root, { withFileTypes: true })) {
      const file = path.join(root, entry.name, "__manifest__.py");
      if (entry.isDirectory() && existsSync(file)) found.push({ module: entry.name, file });
    }
  }
  return found.sort((a, b) => a.file.localeCompare(b.file));
}

async function readManifest(file: string): Promise<{ depends: string[]; autoInstall: string[] | null }> {
  return withPythonTree(readFileSync(file, "utf8"), (tree) => {
    const dict = tree.rootNode.descendantsOfType("dictionary")[0];
    const value = tryLiteral(dict);
    if (!isDict(value)) return { depends: [], autoInstall: null };
    const get = (key: string) => value.entries.find((candidate) => candidate.key === key)?.value;
    const depends = stringList(get("depends")) ?? [];
    const auto = get("auto_install");
    return { depends, autoInstall: auto === true ? depends : (stringList(auto) ?? null) };
  });
}

const memo = new Map<string, Promise<DependsGraph | null>>();

/** The tree's graph for `version`, or null without a tree (callers use the built-in graph). */
export function loadDependsGraph(version: OdooVersion, options: { treePath?: string | null; cacheDir?: string } = {}): Promise<DependsGraph | null> {
  const tree = options.treePath === undefined ? findOdooTree(version) : options.treePath;
  const cacheDir = options.cacheDir ?? defaultCatalogueCacheDir();
  const key = `${version}\0${tree ?? ""}\0${cacheDir}`;
  let loading = memo.get(key);
  if (!loading) {
    loading = tree ? cachedGraph(version, tree, cacheDir) : Promise.resolve(null);
    loading.catch(() => memo.delete(key));
    memo.set(key, loading);
  }
  return loading;
}

export async function cachedGraph(version: string, tree: string, cacheDir: string): Promise<DependsGraph> {
  const { depends, autoInstall } = await cachedGraphs(version, tree, cacheDir);
  autoInstallOf.set(depends, autoInstall);
  return depends;
}

async function cachedGraphs(version: string, tree: string, cacheDir: string): Promise<Graphs> {
  const found = manifests(tree);
  const hash = createHash("sha256");
  for (const { file } of found) {
    const stat = statSync(file);
    hash.update(`${path.relative(tree, file)}\t${stat.size}\t${stat.mtimeMs}\n`);
  }
  const digest = hash.digest("hex").slice(0, 32);
  const treePath = path.resolve(tree);
  const cacheFile = path.join(cacheDir, `${version}.depends.json`);
  try {
    const cached = JSON.parse(readFileSync(cacheFile, "utf8")) as CacheFile;
    if (cached.treePath === treePath && cached.hash === digest && cached.autoInstall) {
      return { depends: new Map(Object.entries(cached.depends)), autoInstall: new Map(Object.entries(cached.autoInstall)) };
    }
  } catch {
    // no usable cache
  }
  const depends: Record<string, string[]> = {};
  const autoInstall: Record<string, string[]> = {};
  for (const { module, file } of found) {
    if (depends[module]) continue;
    const manifest = await readManifest(file);
    depends[module] = manifest.depends;
    if (manifest.autoInstall) autoInstall[module] = manifest.autoInstall;
  }
  writeCacheFile(cacheFile, JSON.stringify({ treePath, hash: digest, depends, autoInstall } satisfies CacheFile));
  return { depends: new Map(Object.entries(depends)), autoInstall: new Map(Object.entries(autoInstall)) };
}
