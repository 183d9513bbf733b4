/**
 * Builds the core-model catalogue from a real Odoo tree: parses `models/*.py` of CATALOGUE_ADDONS
 * with tree-sitter and resolves inheritance. Cached as JSON under `.data/catalogue/`, keyed by the
 * tree path and a hash of the files' names, sizes and mtimes, so a re-load only stats files.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { catalogueOrigins, catalogueParents, type FieldOrigins, resolveModels, setCatalogueOrigins, setCatalogueParents } from "../python/model-graph";
import { modelClasses, type PyModelClass, targetModel } from "../python/models";
import { withPythonTree } from "../python/parser";
import type { ModelCatalogue } from "../types";
import { catalogueModules } from "./addons";
import { cachedGraph } from "./depends";
import { addonsRoots, writeCacheFile } from "./tree";

/** Bump when the extraction changes, so old caches are rebuilt. */
const BUILDER_VERSION = 6;

type CacheFile = {
  builder: number;
  treePath: string;
  hash: string;
  models: Record<string, string[]>;
  /** Direct parents, so modules extending a parent model extend its children too. */
  parents: Record<string, string[]>;
  /** model → field → the addons declaring it (fields `base` declares are left out: always there). */
  origins: Record<string, Record<string, string[]>>;
};

/** Folders of an addon that hold model classes (wizards are models too, e.g. portal.share). */
const MODEL_DIRS = ["models", "wizard", "wizards", "report"];

/** Model source files (`models/**.py`, wizards, reports) of the catalogue's addons in this tree. */
export function catalogueSources(tree: string, addons: Iterable<string>): string[] {
  const files: string[] = [];
  const collect = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) collect(full);
      else if (entry.name.endsWith(".py")) files.push(full);
    }
  };
  for (const addon of [...addons].sort()) {
    const root = addonsRoots(tree).find((candidate) => existsSync(path.join(candidate, addon, "__manifest__.py")));
    if (!root) continue;
    for (const dir of MODEL_DIRS) {
      // Paths in an Odoo tree outside the project: not something the bundler should trace.
      const models = path.join(/*turbopackIgnore: true*/ root, addon, dir);
      if (existsSync(/*turbopackIgnore: true*/ models)) collect(models);
    }
  }
  return files.sort();
}

export function sourcesHash(tree: string, files: string[]): string {
  const hash = createHash("sha256").update(`builder ${BUILDER_VERSION}\n`);
  for (const file of files) {
    const stat = statSync(file);
    hash.update(`${path.relative(tree, file)}\t${stat.size}\t${stat.mtimeMs}\n`);
  }
  return hash.digest("hex").slice(0, 32);
}

/** `<tree>/odoo/addons/sale/models/x.py` → `sale`. */
const addonOf = (tree: string, file: string) =>
  path
    .relative(tree, file)
    .split(path.sep)
    .filter((part, index, parts) => !(index < 2 && (part === "addons" || (part === "odoo" && parts[index + 1] === "addons"))))[0]!;

export async function buildCatalogue(tree: string, files: string[]): Promise<ModelCatalogue> {
  const classes: (PyModelClass & { addon: string })[] = [];
  for (const file of files) {
    const addon = addonOf(tree, file);
    const found = await withPythonTree(readFileSync(file, "utf8"), (parsed) => modelClasses(parsed.rootNode));
    classes.push(...found.map((cls) => ({ ...cls, addon })));
  }
  // A model with a parent outside the parsed addons has a partial field list: leave it out, so
  // the validator treats it as unknown instead of reporting fields it merely cannot see.
  const { models, incomplete, parents } = resolveModels(classes);
  for (const model of incomplete.keys()) models.delete(model);
  const kept = new Map<string, string[]>();
  for (const model of models.keys()) {
    const direct = [...(parents.get(model) ?? [])].filter((parent) => models.has(parent));
    if (direct.length > 0) kept.set(model, direct.sort());
  }
  setCatalogueParents(models, kept);
  setCatalogueOrigins(models, fieldOrigins(classes, models, kept));
  return models;
}

/**
 * Which addons bring each field onto each model, own declarations plus the parents'. Fields
 * `base` brings are left out (always installed), which keeps the cache small.
 */
function fieldOrigins(classes: (PyModelClass & { addon: string })[], models: ModelCatalogue, parents: ReadonlyMap<string, readonly string[]>): FieldOrigins {
  const direct = new Map<string, Map<string, Set<string>>>();
  for (const cls of classes) {
    const target = targetModel(cls);
    if (!target || !models.has(target)) continue;
    const fields = direct.get(target) ?? new Map<string, Set<string>>();
    direct.set(target, fields);
    for (const field of cls.fields) fields.set(field.name, (fields.get(field.name) ?? new Set()).add(cls.addon));
  }
  const memo = new Map<string, Map<string, Set<string>>>();
  const resolve = (model: string, seen: Set<string>): Map<string, Set<string>> => {
    const done = memo.get(model);
    if (done) return done;
    const merged = new Map<string, Set<string>>();
    if (seen.has(model)) return merged;
    seen.add(model);
    const add = (field: string, addons: Iterable<string>) => {
      const set = merged.get(field) ?? new Set<string>();
      for (const addon of addons) set.add(addon);
      merged.set(field, set);
    };
    for (const [field, addons] of direct.get(model) ?? []) add(field, addons);
    for (const parent of parents.get(model) ?? []) for (const [field, addons] of resolve(parent, seen)) add(field, addons);
    seen.delete(model);
    memo.set(model, merged);
    return merged;
  };
  const origins = new Map<string, Map<string, readonly string[]>>();
  for (const model of models.keys()) {
    const kept = new Map<string, readonly string[]>();
    for (const [field, addons] of resolve(model, new Set())) if (!addons.has("base")) kept.set(field, [...addons].sort());
    if (kept.size > 0) origins.set(model, kept);
  }
  return origins;
}

const cacheFileOf = (cacheDir: string, version: string) => path.join(cacheDir, `${version}.json`);

/** Reads the cached catalogue when its key still matches the tree, else builds and caches it. */
export async function cachedCatalogue(
  version: string,
  tree: string,
  cacheDir: string,
): Promise<{ catalogue: ModelCatalogue; fromCache: boolean }> {
  const graph = await cachedGraph(version, tree, cacheDir);
  const files = catalogueSources(tree, catalogueModules(graph));
  const hash = sourcesHash(tree, files);
  const cacheFile = cacheFileOf(cacheDir, version);
  const treePath = path.resolve(tree);
  try {
    const cached = JSON.parse(readFileSync(cacheFile, "utf8")) as CacheFile;
    if (cached.builder === BUILDER_VERSION && cached.treePath === treePath && cached.hash === hash) {
      const catalogue: ModelCatalogue = new Map(Object.entries(cached.models).map(([model, fields]) => [model, new Set(fields)]));
      setCatalogueParents(catalogue, new Map(Object.entries(cached.parents)));
      setCatalogueOrigins(catalogue, new Map(Object.entries(cached.origins).map(([model, fields]) => [model, new Map(Object.entries(fields))])));
      return { catalogue, fromCache: true };
    }
  } catch {
    // missing or unreadable cache: rebuild
  }
  const catalogue = await buildCatalogue(tree, files);
  const models = Object.fromEntries([...catalogue].sort(([a], [b]) => a.localeCompare(b)).map(([model, fields]) => [model, [...fields].sort()]));
  const parents = Object.fromEntries([...(catalogueParents(catalogue) ?? [])].map(([model, list]) => [model, [...list]]));
  const origins = Object.fromEntries([...(catalogueOrigins(catalogue) ?? [])].map(([model, fields]) => [model, Object.fromEntries(fields) as Record<string, string[]>]));
  writeCacheFile(cacheFile, JSON.stringify({ builder: BUILDER_VERSION, treePath, hash, models, parents, origins } satisfies CacheFile));
  return { catalogue, fromCache: false };
}
