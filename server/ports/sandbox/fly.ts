/**
 * The `fly` sandbox provider: one Fly Machine per sandbox, in one Fly app, from the image built
 * from sandbox-templates/odoo-<v> (the same recipe as the E2B template), driven through the
 * Machines REST API with fetch. Every request has its own timeout.
 *
 * Lifetime: machines are created with `auto_destroy: true` and `restart: no`; the image's
 * start.sh stops the machine at the epoch second in /run/omb/expires-at (set from
 * OMB_EXPIRES_AT, moved by extend()), so a machine the app forgot destroys itself. The reaper's
 * destroyExternal is the second line.
 *
 * Preview routing: every machine serves its preview proxy on the app's service (443 → 8080).
 * With FLY_PREVIEW_DOMAIN (a wildcard `*.<domain>` pointed at the app), the preview is
 * `https://<machine id>.<domain>`; whichever machine Fly's edge picks, the in-machine proxy
 * answers requests for another machine with `fly-replay: instance=<id>`, and Fly replays them
 * there (browsers cannot send `fly-force-instance-id` themselves). Without it the preview is
 * `https://<app>.fly.dev`, which is only right while a single machine runs.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { OdooVersion } from "@/lib/odoo-versions";
import { type ModuleFiles, zipModule } from "@/server/odoo/module-files";
import { MODULE_NAME_PATTERN } from "@/server/odoo/module-name";
import { previewLinkWithToken } from "./preview-token";
import {
  HEALTH_COMMAND,
  type HostedTemplate,
  healthFromOutput,
  INSTALL_OVERHEAD_MS,
  InstallOutputError,
  installCommand,
  SANDBOX_LAYOUT,
  sandboxPreviewKey,
  shellCommand,
  tail,
  verdictFromInstallOutput,
} from "./templates";
import {
  type CreateSandboxOptions,
  type InstallVerdict,
  type PreviewServer,
  type Sandbox,
  type SandboxHealth,
  type SandboxProvider,
  SandboxUnavailableError,
} from "./types";

export interface FlyProviderOptions {
  apiToken: string;
  appName: string;
  /** Default https://api.machines.dev; tests point it at a local fake. */
  apiHostname?: string;
  templates: Record<OdooVersion, HostedTemplate>;
  previewSecret: string;
  appOrigin: string;
  region?: string;
  memoryMb?: number;
  previewDomain?: string;
  /** Timeout of plain API requests (create, get, delete). */
  requestTimeoutMs?: number;
  /** How long to wait for a new machine to reach `started`. */
  startTimeoutMs?: number;
}

interface FlyMachine {
  id: string;
  state?: string;
  instance_id?: string;
}

interface ExecResult {
  exit_code?: number;
  stdout?: string;
  stderr?: string;
}

class FlyApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "FlyApiError";
  }
}

class FlyApi {
  readonly base: string;
  constructor(
    private readonly options: FlyProviderOptions,
    readonly requestTimeoutMs: number,
  ) {
    this.base = `${(options.apiHostname ?? "https://api.machines.dev").replace(/\/+$/, "")}/v1/apps/${encodeURIComponent(options.appName)}`;
  }

  async request<T>(method: string, path: string, body: unknown, timeoutMs: number, action: string): Promise<T> {
    const token = this.options.apiToken;
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          // Macaroon tokens (`FlyV1 fm2_…`) carry their own scheme; older tokens are bearer tokens.
          authorization: token.startsWith("FlyV1 ") ? token : `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === "TimeoutError" || name === "AbortError") {
        throw new SandboxUnavailableError(
          "provider_error",
          `Fly did not answer within ${Math.round(timeoutMs / 1000)} s while trying to ${action} (${method} ${path}).`,
        );
      }
      throw new SandboxUnavailableError("provider_error", `Could not reach the Fly Machines API to ${action}: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) throw new FlyApiError(response.status, flyMessage(text) || response.statusText);
    return (text ? JSON.parse(text) : {}) as T;
  }
}

const flyMessage = (text: string) => {
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
    return String(parsed.error ?? parsed.message ?? text).slice(0, 500);
  } catch {
    return text.slice(0, 500);
  }
};

/** API errors → the port's reasons, with the action in the message. */
function flyError(error: unknown, action: string): SandboxUnavailableError {
  if (error instanceof SandboxUnavailableError) return error;
  if (error instanceof FlyApiError) {
    if (error.status === 401 || error.status === 403) {
      return new SandboxUnavailableError("not_configured", `Fly rejected FLY_API_TOKEN (HTTP ${error.status}) while trying to ${action}: ${error.message}`);
    }
    if (error.status === 429 || error.status === 503 || /insufficient (memory|cpu|resources)|capacity/i.test(error.message)) {
      return new SandboxUnavailableError("capacity", `Fly has no capacity to ${action} right now; try again in a minute. (${error.message})`);
    }
    return new SandboxUnavailableError("provider_error", `Fly could not ${action} (HTTP ${error.status}): ${error.message}`);
  }
  return new SandboxUnavailableError("provider_error", `Fly failed to ${action}: ${(error as Error).message}`);
}

export function flySandboxProvider(options: FlyProviderOptions): SandboxProvider {
  const api = new FlyApi(options, options.requestTimeoutMs ?? 30_000);
  const destroyMachine = async (machineId: string) => {
    try {
      await api.request("DELETE", `/machines/${encodeURIComponent(machineId)}?force=true`, undefined, api.requestTimeoutMs, `destroy machine ${machineId}`);
    } catch (error) {
      // Already gone (destroyed by its own expiry, or by an earlier call): that is the goal.
      if (error instanceof FlyApiError && error.status === 404) return;
      throw flyError(error, `destroy machine ${machineId}`);
    }
  };
  return {
    name: "fly",
    async availableVersions() {
      return Object.values(options.templates)
        .filter((template) => template.flyImage)
        .map((template) => template.version);
    },
    async create(create) {
      const image = options.templates[create.odooVersion]?.flyImage;
      if (!image) {
        throw new SandboxUnavailableError(
          "version_unavailable",
          `Odoo ${create.odooVersion} is not available on Fly: set FLY_IMAGE_ODOO_${create.odooVersion} to an image built from sandbox-templates/odoo-${create.odooVersion}.`,
        );
      }
      const id = randomUUID();
      const expiresAt = new Date(Date.now() + create.timeoutMs);
      const action = `start an Odoo ${create.odooVersion} machine from ${image}`;
      let machine: FlyMachine;
      try {
        machine = await api.request<FlyMachine>(
          "POST",
          "/machines",
          {
            name: `omb-${create.odooVersion}-${id.slice(0, 8)}`,
            ...(options.region ? { region: options.region } : {}),
            config: {
              image,
              env: {
                OMB_SANDBOX_ID: id,
                OMB_PREVIEW_KEY: sandboxPreviewKey(options.previewSecret, id),
                OMB_APP_ORIGIN: new URL(options.appOrigin).origin,
                OMB_EXPIRES_AT: String(Math.floor(expiresAt.getTime() / 1000)),
                // SameSite=None; Secure; Partitioned: works framed from another site (fly.dev) and
                // from the same site alike; previews are always https behind Fly's edge.
                OMB_CROSS_SITE_COOKIES: "1",
                ...(options.previewDomain ? { OMB_PREVIEW_DOMAIN: options.previewDomain } : {}),
              },
              guest: { cpu_kind: "shared", cpus: 2, memory_mb: options.memoryMb ?? 2048 },
              auto_destroy: true,
              restart: { policy: "no" },
              stop_config: { signal: "SIGTERM", timeout: "10s" },
              metadata: { ...create.labels, omb_sandbox_id: id, odoo_version: create.odooVersion },
              services: [
                {
                  protocol: "tcp",
                  internal_port: SANDBOX_LAYOUT.proxyPort,
                  autostop: "off",
                  autostart: false,
                  ports: [
                    { port: 443, handlers: ["tls", "http"] },
                    { port: 80, handlers: ["http"], force_https: true },
                  ],
                },
              ],
            },
          },
          api.requestTimeoutMs,
          action,
        );
      } catch (error) {
        throw flyError(error, action);
      }
      const startTimeoutMs = options.startTimeoutMs ?? 60_000;
      try {
        // Fly's wait takes at most 60 s per call.
        const waitSeconds = Math.min(60, Math.max(1, Math.ceil(startTimeoutMs / 1000)));
        await api.request(
          "GET",
          `/machines/${encodeURIComponent(machine.id)}/wait?state=started&timeout=${waitSeconds}`,
          undefined,
          // A little more than Fly's own wait, so Fly's answer (not our abort) decides when it can.
          waitSeconds * 1000 + 2_000,
          `wait for machine ${machine.id} to start`,
        );
      } catch (error) {
        await destroyMachine(machine.id).catch(() => undefined);
        throw flyError(error, `wait for machine ${machine.id} to start`);
      }
      return new FlyMachineSandbox(id, machine.id, expiresAt, api, options);
    },
    destroyExternal: destroyMachine,
  };
}

class FlyMachineSandbox implements Sandbox {
  readonly provider = "fly" as const;
  private adminPassword = "";
  private started = false;

  constructor(
    readonly id: string,
    readonly externalId: string,
    public expiresAt: Date,
    private readonly api: FlyApi,
    private readonly options: FlyProviderOptions,
  ) {}

  /** Runs a command on the machine (exec endpoint) with a timeout; exit code and output returned. */
  private async exec(command: string[], timeoutMs: number, stdin?: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    const action = `run ${command[0]} on machine ${this.externalId}`;
    try {
      const result = await this.api.request<ExecResult>(
        "POST",
        `/machines/${encodeURIComponent(this.externalId)}/exec`,
        // `command` (argv) is the current field; `cmd` (one string) is what older API versions read.
        { command, cmd: shellCommand(command), timeout: Math.ceil(timeoutMs / 1000), ...(stdin === undefined ? {} : { stdin }) },
        timeoutMs + 15_000,
        action,
      );
      return { exitCode: result.exit_code ?? 0, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
    } catch (error) {
      throw flyError(error, action);
    }
  }

  private async execOk(command: string[], timeoutMs: number, stdin?: string) {
    const result = await this.exec(command, timeoutMs, stdin);
    if (result.exitCode !== 0) {
      throw new SandboxUnavailableError(
        "provider_error",
        `${command[0]} failed on machine ${this.externalId} (exit ${result.exitCode}):\n${tail(`${result.stdout}\n${result.stderr}`)}`,
      );
    }
    return result;
  }

  async writeModule(moduleName: string, files: ModuleFiles): Promise<void> {
    assertModuleName(moduleName);
    // No file API on Fly: the module travels as a zip on the command's stdin.
    const zip = Buffer.from(zipModule(moduleName, files)).toString("base64");
    await this.execOk([SANDBOX_LAYOUT.writeModuleScript, moduleName], 60_000, zip);
  }

  async install(moduleName: string, opts: { tests: boolean; quick?: boolean; timeoutMs?: number }): Promise<InstallVerdict> {
    assertModuleName(moduleName);
    const timeoutMs = opts.timeoutMs ?? 10 * 60_000;
    const started = Date.now();
    const result = await this.execOk(installCommand(moduleName, { tests: opts.tests, timeoutMs }), timeoutMs + INSTALL_OVERHEAD_MS);
    try {
      return verdictFromInstallOutput(result.stdout, moduleName, Date.now() - started);
    } catch (error) {
      if (!(error instanceof InstallOutputError)) throw error;
      throw new SandboxUnavailableError("provider_error", `${error.message}\n${tail(`${result.stdout}\n${result.stderr}`)}`);
    }
  }

  async startServer(): Promise<PreviewServer> {
    if (!this.started) {
      const password = randomBytes(9).toString("base64url");
      // The password goes on stdin, not argv: the command line is visible to every process.
      await this.execOk([SANDBOX_LAYOUT.serveScript], 180_000, password);
      this.adminPassword = password;
      this.started = true;
    }
    return this.preview();
  }

  private preview(): PreviewServer {
    const host = this.options.previewDomain ? `${this.externalId}.${this.options.previewDomain}` : `${this.options.appName}.fly.dev`;
    const url = new URL(`https://${host}/web/login`);
    url.searchParams.set("db", SANDBOX_LAYOUT.database);
    return { previewUrl: url.toString(), login: "admin", password: this.adminPassword };
  }

  previewLink(): string | null {
    if (!this.started) return null;
    return previewLinkWithToken(this.preview().previewUrl, sandboxPreviewKey(this.options.previewSecret, this.id), this.id, this.expiresAt);
  }

  async health(): Promise<SandboxHealth> {
    if (!this.started) return { healthy: false, detail: "The preview server is not started." };
    try {
      const result = await this.exec(HEALTH_COMMAND, 15_000);
      return healthFromOutput(result.stdout, "/var/lib/omb/logs on the machine");
    } catch (error) {
      return { healthy: false, detail: `Odoo is not answering (${(error as Error).message})` };
    }
  }

  async extend(ms: number): Promise<Date> {
    const next = new Date(this.expiresAt.getTime() + ms);
    const epoch = String(Math.floor(next.getTime() / 1000));
    // start.sh's watchdog re-reads this file; the machine stops (and auto-destroys) at that second.
    await this.execOk(["sh", "-c", `echo ${epoch} > ${SANDBOX_LAYOUT.expiresAtFile}`], 15_000);
    this.expiresAt = next;
    return next;
  }

  async destroy(): Promise<void> {
    try {
      await this.api.request("DELETE", `/machines/${encodeURIComponent(this.externalId)}?force=true`, undefined, this.api.requestTimeoutMs, "destroy");
    } catch (error) {
      if (error instanceof FlyApiError && error.status === 404) return;
      throw flyError(error, `destroy machine ${this.externalId}`);
    }
  }
}

function assertModuleName(name: string) {
  if (!MODULE_NAME_PATTERN.test(name)) throw new Error(`Invalid module name "${name}"`);
}
