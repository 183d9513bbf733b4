/**
 * Installs a module (and runs its tests) in a real Odoo, on a clone of the template for its
 * depends, and returns a verdict: the module's state read from the database after the run
 * (exit code 0 does not mean installed) plus what the log says (tests, failures, errors).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { moduleTestTags } from "../compiler/test-tags";
import { bytesOf, type ModuleFiles, safeModulePath } from "../module-files";
import { MODULE_NAME_PATTERN } from "../module-name";
import type { OdooVersion } from "./config";
import { chownTreeToOdoo } from "./exec";
import { type LogError, type LogFailure, type LogWarning, parseOdooLog } from "./log-parser";
import { runOdoo } from "./runner";
import { cloneDatabase, dropDatabase, ensureTemplate, moduleStates } from "./templates";
import { availableAddons, findTree, isTree, type OdooTree } from "./trees";

export type InstallOptions = {
  version: OdooVersion;
  files: ModuleFiles;
  moduleName: string;
  /** The manifest's depends. Those the tree ships go into the template; others are left to fail. */
  depends: readonly string[];
  tests: boolean;
  /**
   * Happy-path tests only (the project's "quick test"): the generated classes tagged
   * `omb_happy` (see compiler/test-tags.ts). Ignored when `testTags` is given.
   */
  quick?: boolean;
  /** Defaults to `/<module>` (or `omb_happy/<module>` when quick): the module's own tests. */
  testTags?: string;
  timeoutMs: number;
  /** Keep the database and sandbox dir (for a preview server); dropped by default. */
  keep?: boolean;
  demo?: boolean;
};

export type InstallResult = {
  state: "installed" | "failed" | "timeout";
  installed: boolean;
  /** `ir_module_module.state` after the run (`installed`, `uninstalled`, `to install`, …) or null. */
  moduleState: string | null;
  testsRun: number;
  testsFailed: number;
  failures: LogFailure[];
  errors: LogError[];
  /** WARNING records (e.g. 19's "_sql_constraints … ignored"); the validator may promote some. */
  warnings: LogWarning[];
  durationMs: number;
  /** Odoo's own run only (the clone and template are not counted). */
  odooMs: number;
  /** Last 1 MB of the log. */
  log: string;
  /** The whole log; null once the sandbox is dropped (i.e. unless `keep`). */
  logFile: string | null;
  /** The sandbox database and directory; they only exist afterwards when `kept`. */
  database: string;
  sandboxDir: string;
  kept: boolean;
  template: { name: string; built: boolean; buildMs: number };
};

const LOG_TAIL_BYTES = 1024 * 1024;

export async function installModule(options: InstallOptions): Promise<InstallResult> {
  const started = Date.now();
  if (!MODULE_NAME_PATTERN.test(options.moduleName)) throw new Error(`Invalid module name "${options.moduleName}"`);
  const tree = findTree(options.version);
  if (!isTree(tree)) throw new Error(`No Odoo ${options.version} tree: ${tree.reason}`);
  const core = availableAddons(tree);
  // Odoo takes the first addon of a name along the addons path: the core one would win silently.
  if (core.has(options.moduleName)) throw new Error(`"${options.moduleName}" is the name of an addon shipped with Odoo ${options.version}`);
  const template = await ensureTemplate(
    tree,
    options.depends.filter((name) => core.has(name)),
    { demo: options.demo },
  );
  const clone = await cloneDatabase(template);
  try {
    writeModule(path.join(addonsDirOf(clone.dir), options.moduleName), options.files);
    chownTreeToOdoo(addonsDirOf(clone.dir));
    const verdict = await installInClone(tree, clone, options);
    return {
      ...verdict,
      durationMs: Date.now() - started,
      logFile: options.keep ? verdict.logFile : null,
      kept: Boolean(options.keep),
      template: { name: template.name, built: template.built, buildMs: template.buildMs },
    };
  } finally {
    if (!options.keep) await dropDatabase(clone.database, clone.dir);
  }
}

/** Where a sandbox keeps the customer's module(s): an extra addons path of its own. */
export const addonsDirOf = (sandboxDir: string) => path.join(sandboxDir, "addons");

/**
 * Installs (`-i`) a module already written under the clone's addons dir, in that clone, and
 * reads the verdict. Used by installModule (fresh clone) and by a long-lived sandbox.
 */
export async function installInClone(
  tree: OdooTree,
  clone: { database: string; dir: string },
  options: Pick<InstallOptions, "moduleName" | "tests" | "quick" | "testTags" | "timeoutMs" | "demo">,
): Promise<Omit<InstallResult, "kept" | "template"> & { logFile: string }> {
  const started = Date.now();
  const logFile = path.join(clone.dir, `install-${Date.now()}.log`);
  const run = await runOdoo({
    tree,
    database: clone.database,
    dir: clone.dir,
    extraAddonsPaths: [addonsDirOf(clone.dir)],
    args: installArgs(options),
    timeoutMs: options.timeoutMs,
    logFile,
    demo: options.demo,
  });
  const log = readFileSync(logFile, "utf8");
  const parsed = parseOdooLog(log, { moduleName: options.moduleName });
  const moduleState = (await moduleStates(clone.database, [options.moduleName])).get(options.moduleName) ?? null;
  const installed = moduleState === "installed";
  // Odoo can skip a module without logging an error (exit code 0): never report "failed" bare.
  const errors: LogError[] =
    !installed && !run.timedOut && parsed.errors.length === 0
      ? [{ kind: "other", message: `Odoo exited (code ${run.exitCode}) without installing ${options.moduleName} (state: ${moduleState ?? "absent"})` }]
      : parsed.errors;
  return {
    state: run.timedOut ? "timeout" : installed ? "installed" : "failed",
    installed,
    moduleState,
    testsRun: parsed.testsRun,
    testsFailed: parsed.testsFailed,
    failures: parsed.failures,
    errors,
    warnings: parsed.warnings,
    durationMs: Date.now() - started,
    odooMs: run.durationMs,
    log: log.length > LOG_TAIL_BYTES ? log.slice(-LOG_TAIL_BYTES) : log,
    logFile,
    database: clone.database,
    sandboxDir: clone.dir,
  };
}

/** odoo-bin's module arguments for an install: `-i`, the test flags, `--stop-after-init`. */
export function installArgs(options: Pick<InstallOptions, "moduleName" | "tests" | "quick" | "testTags">): string[] {
  const tags = options.testTags ?? moduleTestTags(options.moduleName, options.quick ?? false);
  const testArgs = options.tests ? ["--test-enable", `--test-tags=${tags}`] : [];
  return ["-i", options.moduleName, ...testArgs, "--stop-after-init"];
}

/** Writes the files under `dir`, each path checked (no `..`, no absolute paths). */
export function writeModule(dir: string, files: ModuleFiles): void {
  for (const [name, content] of files) {
    const target = path.join(dir, safeModulePath(name));
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    writeFileSync(target, bytesOf(content), { mode: 0o644 });
  }
}
