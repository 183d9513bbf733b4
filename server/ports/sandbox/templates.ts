/**
 * The hosted sandbox templates (`sandbox-templates/odoo-<v>/`): which E2B template / Fly image
 * runs which Odoo version, the layout inside the image, and the contract of its in-sandbox
 * scripts (install.sh's output), shared by the e2b and fly adapters so both read a verdict the
 * same way the local runtime does (parseOdooLog + `ir_module_module.state`).
 */
import { createHmac } from "node:crypto";
import { type OdooVersion, odooVersions } from "@/lib/odoo-versions";
import { parseOdooLog } from "@/server/odoo/runtime/log-parser";
import type { InstallError, InstallVerdict } from "./types";

export interface HostedTemplate {
  version: OdooVersion;
  /** Folder holding the image recipe and scripts, relative to the repository root. */
  folder: string;
  /** E2B template id or name (`e2b template build --name omb-odoo-17`). */
  e2bTemplate: string;
  /** Fly image reference (e.g. registry.fly.io/omb-sandboxes:odoo-17); null when not configured. */
  flyImage: string | null;
}

type TemplateEnv = Partial<Record<`E2B_TEMPLATE_ODOO_${OdooVersion}` | `FLY_IMAGE_ODOO_${OdooVersion}`, string | undefined>>;

/** Version → template, each overridable by `E2B_TEMPLATE_ODOO_<V>` / `FLY_IMAGE_ODOO_<V>`. */
export function hostedTemplates(env: TemplateEnv): Record<OdooVersion, HostedTemplate> {
  return Object.fromEntries(
    odooVersions.map((version) => [
      version,
      {
        version,
        folder: `sandbox-templates/odoo-${version}`,
        e2bTemplate: env[`E2B_TEMPLATE_ODOO_${version}`] || `omb-odoo-${version}`,
        flyImage: env[`FLY_IMAGE_ODOO_${version}`] || null,
      },
    ]),
  ) as Record<OdooVersion, HostedTemplate>;
}

/** Where things are inside every template image (the Dockerfiles and scripts use the same paths). */
export const SANDBOX_LAYOUT = {
  /** The customer's module(s): an extra addons path, owned by the odoo user after each install. */
  addonsDir: "/opt/omb/addons",
  installScript: "/opt/omb/bin/install.sh",
  serveScript: "/opt/omb/bin/serve.sh",
  /** Reads a base64 zip of one module on stdin (Fly has no file API). */
  writeModuleScript: "/opt/omb/bin/write-module.sh",
  /** Fly only: the watchdog stops the machine at the epoch second written here. */
  expiresAtFile: "/run/omb/expires-at",
  /** The sandbox's database, cloned from the template database `omb_tpl` on first use. */
  database: "omb_sbx",
  /** Odoo listens on 127.0.0.1 only; the preview proxy is the one public port. */
  odooPort: 8069,
  proxyPort: 8080,
} as const;

/**
 * The key the in-sandbox proxy verifies preview tokens with: derived per sandbox from the app's
 * preview secret, so the app-wide secret never enters a machine where customer code runs (a
 * leaked key opens that one sandbox only). Tokens are the same `signPreviewToken` format as local.
 */
export function sandboxPreviewKey(previewSecret: string, sandboxId: string): string {
  return createHmac("sha256", previewSecret).update(`omb-sandbox-preview\n${sandboxId}`).digest("base64url");
}

/** `install.sh <module> <tests 0|1> <timeout seconds>`; the module name is checked by the caller. */
export function installCommand(moduleName: string, options: { tests: boolean; timeoutMs: number }): string[] {
  return [SANDBOX_LAYOUT.installScript, moduleName, options.tests ? "1" : "0", String(Math.max(1, Math.ceil(options.timeoutMs / 1000)))];
}

/** Room for the clone and the state query around Odoo's own run, on top of the install timeout. */
export const INSTALL_OVERHEAD_MS = 90_000;

/**
 * install.sh prints Odoo's log (its last MB), then one trailer line:
 * `# omb-result exit=<code> timed_out=<0|1> ms=<odoo run ms> state=<ir_module_module.state|absent>`
 * (the state last: it can hold a space, e.g. `to install`).
 * On a timeout the log already ends with the runner's `# omb: killed after … timeout` marker.
 */
const TRAILER = /^# omb-result exit=(-?\d+) timed_out=([01]) ms=(\d+) state=([^\n]*?)\s*$/m;

export class InstallOutputError extends Error {
  constructor(readonly output: string) {
    super("The sandbox's install script printed no result line: it did not finish (see its output).");
    this.name = "InstallOutputError";
  }
}

const LOG_TAIL_BYTES = 1024 * 1024;

/** Builds the verdict from install.sh's output, like installInClone does from a local run. */
export function verdictFromInstallOutput(output: string, moduleName: string, durationMs: number): InstallVerdict {
  const matches = [...output.matchAll(new RegExp(TRAILER.source, "gm"))];
  const trailer = matches.at(-1);
  if (!trailer) throw new InstallOutputError(output.slice(-4000));
  const log = output.slice(0, trailer.index).replace(/\n$/, "");
  const [, exitCode, timedOutFlag, , rawState] = trailer;
  const moduleState = !rawState || rawState === "absent" ? null : rawState;
  const timedOut = timedOutFlag === "1";
  const parsed = parseOdooLog(log, { moduleName });
  const installed = moduleState === "installed";
  const errors: InstallError[] =
    !installed && !timedOut && parsed.errors.length === 0
      ? [{ kind: "other", message: `Odoo exited (code ${exitCode}) without installing ${moduleName} (state: ${moduleState ?? "absent"})` }]
      : parsed.errors.map(({ kind, message, file, line }) => ({ kind, message, file, line }));
  if (timedOut) errors.push({ kind: "timeout", message: "Odoo did not finish installing in time." });
  return {
    state: timedOut ? "timeout" : installed ? "installed" : "failed",
    installed,
    testsRun: parsed.testsRun,
    testsFailed: parsed.testsFailed,
    failures: parsed.failures.map(({ test, message, file, line }) => ({ test, message, file, line })),
    errors,
    durationMs,
    log: log.length > LOG_TAIL_BYTES ? log.slice(-LOG_TAIL_BYTES) : log,
  };
}

/** The last lines of some output, for error messages. */
export function tail(text: string, lines = 15): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** argv → one shell command line (E2B runs commands through bash). */
export function shellCommand(argv: readonly string[]): string {
  return argv.map((arg) => (/^[\w./:=@,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(" ");
}

/** Odoo (directly) and the preview proxy (which refuses a request without a token: 403), in one command. */
export const HEALTH_COMMAND = [
  "sh",
  "-c",
  `curl -s -o /dev/null -w '%{http_code} ' --max-time 5 http://127.0.0.1:${SANDBOX_LAYOUT.odooPort}/web/login; ` +
    `curl -s -o /dev/null -w '%{http_code}' --max-time 5 http://127.0.0.1:${SANDBOX_LAYOUT.proxyPort}/web/login`,
];

export function healthFromOutput(stdout: string, logHint: string): { healthy: boolean; detail: string } {
  const [odoo = 0, proxy = 0] = stdout.trim().split(/\s+/).map(Number);
  if (!(odoo > 0 && odoo < 500)) return { healthy: false, detail: `Odoo is not answering (HTTP ${odoo || "none"}); see ${logHint}` };
  if (!(proxy > 0 && proxy < 500)) return { healthy: false, detail: `The preview proxy is not answering (HTTP ${proxy || "none"}); see ${logHint}` };
  return { healthy: true, detail: `Odoo answered ${odoo}` };
}
