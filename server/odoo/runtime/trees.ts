/**
 * Finds the Odoo source trees on this machine: `ODOO_<V>_PATH` first, then
 * `$XDG_DATA_HOME/odoo-module-builder/odoo/<version>`. A tree is valid when it has `odoo-bin`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { getRuntimeConfig, ODOO_VERSIONS, type OdooVersion, type RuntimeConfig } from "./config";
import { run } from "./exec";

export type OdooTree = {
  version: OdooVersion;
  root: string;
  /** Where it was found: the env var's name, or "default". */
  source: `ODOO_${OdooVersion}_PATH` | "default";
  odooBin: string;
  /** `odoo/addons` always; top-level `addons/` only when it holds real addons. */
  addonsPaths: string[];
  /** From `odoo/release.py` `version_info`, e.g. "17.0"; null when unreadable. */
  release: string | null;
};

export type TreeProblem = { version: OdooVersion; tried: string[]; reason: string };

/** The tree for one version, or a problem saying where we looked. */
export function findTree(version: OdooVersion, config: RuntimeConfig = getRuntimeConfig()): OdooTree | TreeProblem {
  const envVar = `ODOO_${version}_PATH` as const;
  const explicit = config.treePaths[version];
  const candidates: { root: string; source: OdooTree["source"] }[] = [
    ...(explicit ? [{ root: path.resolve(explicit), source: envVar }] : []),
    { root: path.join(config.treesRoot, String(version)), source: "default" },
  ];
  for (const { root, source } of candidates) {
    const odooBin = path.join(root, "odoo-bin");
    if (!isFile(odooBin)) continue;
    return { version, root, source, odooBin, addonsPaths: addonsPathsOf(root), release: releaseOf(root) };
  }
  return {
    version,
    tried: candidates.map((candidate) => candidate.root),
    reason: `no odoo-bin in ${candidates.map((c) => c.root).join(", ")} (set ${envVar} or run scripts/setup-odoo.sh --fetch-help)`,
  };
}

export const isTree = (found: OdooTree | TreeProblem): found is OdooTree => "odooBin" in found;

export function findTrees(config: RuntimeConfig = getRuntimeConfig()): Map<OdooVersion, OdooTree | TreeProblem> {
  return new Map(ODOO_VERSIONS.map((version) => [version, findTree(version, config)]));
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** An addon is a directory with a manifest; 19's top-level `addons/` holds only dotfiles. */
export function addonNames(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .filter((entry) => isFile(path.join(dir, entry.name, "__manifest__.py")))
    .map((entry) => entry.name);
}

export function addonsPathsOf(root: string): string[] {
  const paths = [path.join(root, "odoo", "addons")];
  const top = path.join(root, "addons");
  if (addonNames(top).length > 0) paths.push(top);
  return paths;
}

/** Every addon the tree ships (for telling core depends from missing ones). */
export function availableAddons(tree: Pick<OdooTree, "addonsPaths">): Set<string> {
  return new Set(tree.addonsPaths.flatMap(addonNames));
}

/** `version_info = (17, 0, 0, FINAL, 0, '')` → "17.0"; `saas~17.2` style majors keep their minor. */
export function parseReleaseVersion(releasePy: string): string | null {
  const match = /^version_info\s*=\s*\(\s*['"]?(?:saas~)?(\d+)['"]?\s*,\s*(\d+)/m.exec(releasePy);
  return match ? `${match[1]}.${match[2]}` : null;
}

function releaseOf(root: string): string | null {
  try {
    return parseReleaseVersion(readFileSync(path.join(root, "odoo", "release.py"), "utf8"));
  } catch {
    return null;
  }
}

export type ImportCheck = { ok: true; version: string } | { ok: false; error: string };

const importChecks = new Map<string, Promise<ImportCheck>>();

/**
 * Whether the configured Python (Debian's /usr/bin/python3) can import this tree's `odoo`
 * package: the Debian dependency set is complete for it. Cached per (python, tree) per process.
 */
export function checkPythonImport(tree: Pick<OdooTree, "root">, python = getRuntimeConfig().python): Promise<ImportCheck> {
  const key = `${python}\0${tree.root}`;
  let check = importChecks.get(key);
  if (!check) {
    const script = "import sys; sys.path.insert(0, sys.argv[1]); import odoo.release, odoo.modules; print(odoo.release.version)";
    check = run(python, ["-c", script, tree.root], { timeoutMs: 60_000, env: { PATH: "/usr/bin:/bin", LANG: "C.UTF-8" } }).then(
      (result): ImportCheck =>
        result.code === 0
          ? { ok: true, version: result.stdout.trim() }
          : { ok: false, error: (result.stderr.trim().split("\n").pop() ?? "") || `exit ${result.code}` },
      (error: Error): ImportCheck => ({ ok: false, error: error.message }),
    );
    importChecks.set(key, check);
  }
  return check;
}
