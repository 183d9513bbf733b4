/**
 * The catalogue for a version: built from the real Odoo tree when one is installed (cached in
 * `.data/catalogue/`), else the built-in fallback. Memoised per process.
 */
import type { OdooVersion } from "@/lib/odoo-versions";
import type { ModelCatalogue } from "../types";
import { cachedCatalogue } from "./build";
import { fallbackCatalogue } from "./fallback";
import { defaultCatalogueCacheDir, findOdooTree } from "./tree";

export { defaultCatalogueCacheDir };

export type LoadedCatalogue = {
  catalogue: ModelCatalogue;
  source: "tree" | "fallback";
  /** The tree it was built from, when source is "tree". */
  treePath: string | null;
  /** True when a tree's catalogue came from the JSON cache rather than a fresh parse. */
  fromCache: boolean;
};

export type LoadCatalogueOptions = {
  /** Overrides ODOO_<V>_PATH and the conventional location; null forces the fallback. */
  treePath?: string | null;
  /** Where `<version>.json` is cached; default `$DATA_DIR/catalogue` (DATA_DIR default `.data`). */
  cacheDir?: string;
};

const memo = new Map<string, Promise<LoadedCatalogue>>();

export function loadCatalogueDetailed(version: OdooVersion, options: LoadCatalogueOptions = {}): Promise<LoadedCatalogue> {
  const treePath = options.treePath === undefined ? findOdooTree(version) : options.treePath;
  const cacheDir = options.cacheDir ?? defaultCatalogueCacheDir();
  const key = `${version}\0${treePath ?? ""}\0${cacheDir}`;
  let loading = memo.get(key);
  if (!loading) {
    loading = (async (): Promise<LoadedCatalogue> => {
      if (!treePath) return { catalogue: fallbackCatalogue(version), source: "fallback", treePath: null, fromCache: false };
      const { catalogue, fromCache } = await cachedCatalogue(version, treePath, cacheDir);
      return { catalogue, source: "tree", treePath, fromCache };
    })();
    // A failed build must not poison later calls.
    loading.catch(() => memo.delete(key));
    memo.set(key, loading);
  }
  return loading;
}

export async function loadCatalogue(version: OdooVersion, options?: LoadCatalogueOptions): Promise<ModelCatalogue> {
  return (await loadCatalogueDetailed(version, options)).catalogue;
}

/** Forgets memoised catalogues (tests, benchmarks). */
export function clearCatalogueMemo(): void {
  memo.clear();
}
