/**
 * A long-running Odoo HTTP server on a sandbox's database (the live preview), plus the admin
 * password it is reached with. Same command line as the one-shot runs (127.0.0.1 only, its own
 * --db-filter, no database manager), without --stop-after-init.
 */
import { spawn } from "node:child_process";
import { createWriteStream, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getRuntimeConfig } from "./config";
import { ensureOdooDir, killGroup, odooEnv, runAsOdoo } from "./exec";
import { literal, psql } from "./pg";
import { dataDirOf, freePort, odooCommand } from "./runner";
import type { OdooTree } from "./trees";

export interface OdooServer {
  port: number;
  pid: number;
  logFile: string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

export interface StartServerOptions {
  tree: OdooTree;
  database: string;
  dir: string;
  extraAddonsPaths?: string[];
  /** How long to wait for /web/login to answer. */
  readyTimeoutMs?: number;
}

export async function startOdooServer(options: StartServerOptions): Promise<OdooServer> {
  ensureOdooDir(options.dir);
  ensureOdooDir(dataDirOf(options.dir));
  const configFile = path.join(options.dir, "odoo-server.conf");
  writeFileSync(configFile, "[options]\n");
  const port = await freePort();
  const command = odooCommand({ ...options, port, configFile, args: [], demo: false });
  const logFile = path.join(options.dir, "server.log");
  const log = createWriteStream(logFile, { flags: "a" });
  log.write(`# ${command.join(" ")}\n`);
  const [bin, ...args] = command;
  const child = spawn(bin!, args, { detached: true, env: odooEnv(), cwd: options.dir, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  // The pid file lets a later process (the reaper after a restart) stop a server it did not start.
  writeFileSync(serverPidFile(options.dir), String(child.pid));
  const exited = new Promise<void>((resolve) => child.on("close", () => resolve()));
  let running = true;
  void exited.then(() => {
    running = false;
    log.end();
  });
  const stop = async () => {
    if (!running) return;
    killGroup(child.pid, "SIGTERM");
    const killer = setTimeout(() => killGroup(child.pid, "SIGKILL"), 5_000);
    await exited;
    clearTimeout(killer);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (!running) throw new Error(`Odoo exited before it was ready:\n${logTail(logFile)}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/web/login`, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      if (response.status < 500) return { port, pid: child.pid!, logFile, exited, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`Odoo did not answer on 127.0.0.1:${port} within ${options.readyTimeoutMs ?? 90_000} ms:\n${logTail(logFile)}`);
}

export const serverPidFile = (dir: string) => path.join(dir, "server.pid");

/** Stops the Odoo server recorded in `dir` (its whole process group), if one is still running. */
export function stopRecordedServer(dir: string): void {
  try {
    const pid = Number(readFileSync(serverPidFile(dir), "utf8"));
    if (Number.isInteger(pid) && pid > 1) killGroup(pid, "SIGKILL");
  } catch {
    // no server was started there
  }
}

/** The last lines of a log, for error messages a user or operator can act on. */
export function logTail(file: string, lines = 20): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * Sets the admin user's password to `password`, hashed the way Odoo stores it (passlib
 * pbkdf2_sha512, which every version 16–19 verifies), with Debian's python as the Odoo user.
 */
export async function setAdminPassword(database: string, password: string, python = getRuntimeConfig().python): Promise<void> {
  const script = "import sys; from passlib.context import CryptContext; print(CryptContext(['pbkdf2_sha512']).hash(sys.stdin.read()))";
  const hashed = await runAsOdoo([python, "-c", script], { timeoutMs: 30_000, input: password });
  if (hashed.code !== 0) throw new Error(`hashing the preview password failed: ${hashed.stderr.trim()}`);
  await psql(`UPDATE res_users SET password = ${literal(hashed.stdout.trim())} WHERE login = 'admin'`, database);
}
