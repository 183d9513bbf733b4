/**
 * Runs odoo-bin once, as the unprivileged Odoo user, bound to 127.0.0.1 on a free port, with a
 * hard timeout that kills the whole process group, its output captured to a log file.
 */
import type { OdooVersion } from "@/lib/odoo-versions";
import { spawn } from "node:child_process";
import { createWriteStream, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { getRuntimeConfig } from "./config";
import { ensureOdooDir, killGroup, odooEnv, odooIdentity } from "./exec";
import type { OdooTree } from "./trees";

export type RunOdooOptions = {
  tree: OdooTree;
  database: string;
  /** Per-sandbox (or per-template) directory: gets `data/`, `odoo.conf` and the log. */
  dir: string;
  /** Directories holding extra addons (e.g. the one with the customer's module). */
  extraAddonsPaths?: string[];
  /** Module-specific arguments: `-i x`, `--test-enable`, `--stop-after-init`, … */
  args: string[];
  timeoutMs: number;
  logFile: string;
  /** Demo data: off unless asked (16–18 load it by default, 19 needs `--with-demo`). */
  demo?: boolean;
};

export type RunOdooResult = {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  durationMs: number;
  port: number;
  logFile: string;
  command: string[];
};

/** A port nobody listens on right now: bind port 0 on 127.0.0.1 and let the kernel choose. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export const dataDirOf = (dir: string) => path.join(dir, "data");

export function demoArgs(version: OdooVersion, demo: boolean): string[] {
  // 19 loads no demo data unless asked; older versions load it unless told not to.
  if (Number(version) >= 19) return demo ? ["--with-demo"] : [];
  return demo ? [] : ["--without-demo=all"];
}

/** The full command line; exported for tests and for the log header. */
export function odooCommand(
  options: Omit<RunOdooOptions, "logFile" | "timeoutMs"> & { port: number; configFile: string },
  prefix = odooIdentity().prefix,
  python = getRuntimeConfig().python,
): string[] {
  const { tree, database } = options;
  const addons = [...tree.addonsPaths, ...(options.extraAddonsPaths ?? [])];
  return [
    ...prefix,
    python,
    tree.odooBin,
    // An empty config file: never pick up the user's ~/.odoorc.
    `--config=${options.configFile}`,
    `--addons-path=${addons.join(",")}`,
    `--database=${database}`,
    // Escaped: database names are [a-z0-9_], so this only anchors.
    `--db-filter=^${database}$`,
    "--no-database-list",
    // With --test-enable Odoo starts its HTTP server even with --stop-after-init and would bind
    // 0.0.0.0:8069 otherwise.
    "--http-interface=127.0.0.1",
    `--http-port=${options.port}`,
    `--data-dir=${dataDirOf(options.dir)}`,
    "--max-cron-threads=0",
    ...demoArgs(tree.version, options.demo ?? false),
    ...options.args,
  ];
}

export async function runOdoo(options: RunOdooOptions): Promise<RunOdooResult> {
  ensureOdooDir(options.dir);
  ensureOdooDir(dataDirOf(options.dir));
  const configFile = path.join(options.dir, "odoo.conf");
  writeFileSync(configFile, "[options]\n");
  const port = await freePort();
  const command = odooCommand({ ...options, port, configFile });
  const log = createWriteStream(options.logFile);
  log.write(`# ${command.join(" ")}\n`);
  const started = Date.now();
  const [bin, ...args] = command;
  // detached: its own process group, so a timeout kills runuser, python and anything it spawned.
  const child = spawn(bin!, args, { detached: true, env: odooEnv(), cwd: options.dir, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  let timedOut = false;
  // SIGKILL, not SIGTERM: Odoo treats the first SIGTERM as "shut down gracefully", finishes the
  // running install and commits it (seen on 17), so a timeout would still install the module.
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid, "SIGKILL");
  }, options.timeoutMs);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
  }).finally(() => clearTimeout(timer));
  // Anything the child left in the group (it should not) goes with it.
  if (timedOut) killGroup(child.pid, "SIGKILL");
  const durationMs = Date.now() - started;
  await new Promise<void>((resolve) => log.end(timedOut ? `\n# omb: killed after ${options.timeoutMs} ms timeout\n` : "", () => resolve()));
  return { exitCode: code, signal, timedOut, durationMs, port, logFile: options.logFile, command };
}
