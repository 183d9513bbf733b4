/**
 * Small process helpers: run a command to completion with a timeout, and the identity
 * (user, `runuser` prefix, work dir) under which Odoo, psql and createdb run.
 */
import { spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { getRuntimeConfig } from "./config";

export type RunResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; timedOut: boolean };

/** Runs a command, collects its output; kills its process group when the timeout passes. */
export function run(
  command: string,
  args: readonly string[],
  options: { timeoutMs?: number; input?: string; env?: Record<string, string>; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, env: options.env as NodeJS.ProcessEnv | undefined, cwd: options.cwd, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          killGroup(child.pid, "SIGKILL");
        }, options.timeoutMs)
      : undefined;
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
    child.stdin.on("error", () => undefined); // EPIPE when the command exits without reading
    child.stdin.end(options.input ?? "");
  });
}

export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

export type OdooIdentity = {
  user: string;
  uid: number;
  gid: number;
  /** Prepended to every command that must run as that user (`runuser -u odoo --` under root). */
  prefix: string[];
  workDir: string;
};

export class RuntimeUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RuntimeUnavailableError";
  }
}

let identity: OdooIdentity | undefined;

/**
 * Module code runs with the Odoo process's rights, so never as root: under root we switch to the
 * configured unprivileged user with runuser; as any other user we run as that user directly.
 */
export function odooIdentity(): OdooIdentity {
  if (identity) return identity;
  const config = getRuntimeConfig();
  const uid = process.getuid?.() ?? -1;
  if (uid === 0) {
    const lookup = spawnSync("getent", ["passwd", config.odooUser], { encoding: "utf8" });
    const fields = lookup.stdout?.trim().split(":") ?? [];
    if (lookup.status !== 0 || fields.length < 7) {
      throw new RuntimeUnavailableError(
        `System user "${config.odooUser}" does not exist; run scripts/setup-odoo.sh (or set OMB_ODOO_USER).`,
      );
    }
    const [, , userUid, userGid, , home] = fields;
    if (Number(userUid) === 0) throw new RuntimeUnavailableError(`Refusing to run Odoo modules as root ("${config.odooUser}" has uid 0).`);
    identity = {
      user: config.odooUser,
      uid: Number(userUid),
      gid: Number(userGid),
      prefix: [runuserPath(), "-u", config.odooUser, "--"],
      workDir: config.workDir ?? path.join(home || "/var/lib/omb-odoo", "work"),
    };
  } else {
    const info = os.userInfo();
    identity = {
      user: info.username,
      uid: info.uid,
      gid: info.gid,
      prefix: [],
      workDir: config.workDir ?? path.join(path.dirname(getRuntimeConfig().treesRoot), "work"),
    };
  }
  return identity;
}

function runuserPath(): string {
  const found = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].find((candidate) => existsSync(candidate));
  if (!found) throw new RuntimeUnavailableError("runuser (util-linux) is not installed: it is needed to run Odoo as an unprivileged user.");
  return found;
}

/** Runs a command as the Odoo user. */
export function runAsOdoo(args: readonly string[], options: Parameters<typeof run>[2] = {}): Promise<RunResult> {
  const [command, ...rest] = [...odooIdentity().prefix, ...args];
  return run(command!, rest, { env: odooEnv() as Record<string, string>, ...options });
}

/** A clean environment: nothing of the app's secrets reaches module code. */
export function odooEnv(): NodeJS.ProcessEnv {
  // ProcessEnv is augmented (NODE_ENV required) by Next's types; this env has none of the app's.
  return {
    PATH: "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
    LANG: "C.UTF-8",
    LC_ALL: "C.UTF-8",
    TZ: "UTC",
    PYTHONUNBUFFERED: "1",
  } as Record<string, string> as NodeJS.ProcessEnv;
}

/** mkdir -p, owned by the Odoo user (the app may be root; Odoo writes into these dirs). */
export function ensureOdooDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const { uid, gid } = odooIdentity();
  if (process.getuid?.() === 0) chownSync(dir, uid, gid);
  return dir;
}

/** chown -R to the Odoo user (no-op unless the app is root). */
export function chownTreeToOdoo(root: string): void {
  if (process.getuid?.() !== 0) return;
  const { uid, gid } = odooIdentity();
  chownSync(root, uid, gid);
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) chownTreeToOdoo(full);
    else chownSync(full, uid, gid);
  }
}
