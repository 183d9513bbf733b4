/**
 * The `e2b` sandbox provider: one E2B sandbox per sandbox, started from the template of its Odoo
 * version (sandbox-templates/odoo-<v>: PostgreSQL running, a template database with base + mail,
 * the preview proxy bundle). Mirrors the local adapter: the module goes under the template's
 * addons dir, install.sh clones the template database and runs odoo-bin `-i --test-enable
 * --stop-after-init`, and the verdict is read from its log + `ir_module_module.state`.
 *
 * The SDK is loaded through `loadSdk` so tests pass a fake of the few calls used here.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { OdooVersion } from "@/lib/odoo-versions";
import { bytesOf, type ModuleFiles, safeModulePath } from "@/server/odoo/module-files";
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

/** The part of `@e2b/code-interpreter`'s Sandbox this adapter uses. */
export interface E2BCommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface E2BSandboxHandle {
  readonly sandboxId: string;
  files: {
    write(files: { path: string; data: string | ArrayBuffer }[], opts?: { user?: string; requestTimeoutMs?: number }): Promise<unknown>;
  };
  commands: {
    run(
      cmd: string,
      opts: { timeoutMs: number; user?: string; envs?: Record<string, string>; requestTimeoutMs?: number },
    ): Promise<E2BCommandResult>;
  };
  getHost(port: number): string;
  setTimeout(timeoutMs: number, opts?: { requestTimeoutMs?: number }): Promise<void>;
  kill(opts?: { requestTimeoutMs?: number }): Promise<unknown>;
}

export interface E2BSdk {
  create(
    template: string,
    opts: {
      apiKey: string;
      timeoutMs: number;
      requestTimeoutMs: number;
      metadata: Record<string, string>;
      envs: Record<string, string>;
    },
  ): Promise<E2BSandboxHandle>;
  kill(sandboxId: string, opts: { apiKey: string; requestTimeoutMs: number }): Promise<boolean>;
}

/** The real SDK, imported on first use only (the app never loads it without E2B_API_KEY). */
export async function loadE2BSdk(): Promise<E2BSdk> {
  const { Sandbox } = await import("@e2b/code-interpreter");
  return {
    create: (template, opts) => Sandbox.create(template, opts),
    kill: (sandboxId, opts) => Sandbox.kill(sandboxId, opts),
  };
}

export interface E2BProviderOptions {
  apiKey: string;
  templates: Record<OdooVersion, HostedTemplate>;
  previewSecret: string;
  appOrigin: string;
  loadSdk?: () => Promise<E2BSdk>;
  /** Timeout of each control-plane request (create, setTimeout, kill). */
  requestTimeoutMs?: number;
}

const ROOT = "root";

export function e2bSandboxProvider(options: E2BProviderOptions): SandboxProvider {
  let sdk: Promise<E2BSdk> | undefined;
  const getSdk = () => {
    sdk ??= (options.loadSdk ?? loadE2BSdk)().catch((error: unknown) => {
      sdk = undefined;
      throw new SandboxUnavailableError("not_configured", `The E2B SDK could not be loaded: ${(error as Error).message}`);
    });
    return sdk;
  };
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  return {
    name: "e2b",
    async availableVersions() {
      return Object.keys(options.templates) as OdooVersion[];
    },
    async create(create) {
      const template = options.templates[create.odooVersion];
      if (!template) throw new SandboxUnavailableError("version_unavailable", `No E2B template is configured for Odoo ${create.odooVersion}.`);
      const id = randomUUID();
      const appOrigin = new URL(options.appOrigin).origin;
      let handle: E2BSandboxHandle;
      try {
        handle = await (await getSdk()).create(template.e2bTemplate, {
          apiKey: options.apiKey,
          timeoutMs: create.timeoutMs,
          requestTimeoutMs,
          metadata: { ...create.labels, omb_sandbox_id: id, odoo_version: create.odooVersion },
          // Read by the in-sandbox proxy (serve.sh); Odoo itself is started with a clean env.
          // `*.e2b.app` is never same-site with the app: cookies must work in a cross-site iframe.
          envs: {
            OMB_SANDBOX_ID: id,
            OMB_PREVIEW_KEY: sandboxPreviewKey(options.previewSecret, id),
            OMB_APP_ORIGIN: appOrigin,
            OMB_CROSS_SITE_COOKIES: "1",
          },
        });
      } catch (error) {
        throw e2bError(error, `start an Odoo ${create.odooVersion} sandbox from template "${template.e2bTemplate}"`, "create");
      }
      return new E2BSandbox(id, handle, create, options, requestTimeoutMs);
    },
    async destroyExternal(externalId) {
      try {
        // false = already gone: nothing to do.
        await (await getSdk()).kill(externalId, { apiKey: options.apiKey, requestTimeoutMs });
      } catch (error) {
        throw e2bError(error, `destroy sandbox ${externalId}`, "destroy");
      }
    },
  };
}

class E2BSandbox implements Sandbox {
  readonly provider = "e2b" as const;
  readonly externalId: string;
  expiresAt: Date;
  private adminPassword = "";
  private started = false;

  constructor(
    readonly id: string,
    private readonly handle: E2BSandboxHandle,
    private readonly create: CreateSandboxOptions,
    private readonly options: E2BProviderOptions,
    private readonly requestTimeoutMs: number,
  ) {
    this.externalId = handle.sandboxId;
    this.expiresAt = new Date(Date.now() + create.timeoutMs);
  }

  /** Runs a command as root with an explicit timeout; SDK errors become SandboxUnavailableError. */
  private async run(argv: readonly string[], timeoutMs: number, envs?: Record<string, string>): Promise<E2BCommandResult> {
    try {
      return await this.handle.commands.run(shellCommand(argv), { timeoutMs, user: ROOT, envs, requestTimeoutMs: this.requestTimeoutMs });
    } catch (error) {
      throw e2bError(error, `run ${argv[0]} in sandbox ${this.externalId}`, "command", timeoutMs);
    }
  }

  async writeModule(moduleName: string, files: ModuleFiles): Promise<void> {
    assertModuleName(moduleName);
    const dir = `${SANDBOX_LAYOUT.addonsDir}/${moduleName}`;
    // A rewrite replaces the module: files dropped from it must not linger.
    await this.run(["rm", "-rf", dir], 30_000);
    const entries = [...files].map(([name, content]) => {
      const bytes = bytesOf(content);
      return { path: `${dir}/${safeModulePath(name)}`, data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer };
    });
    try {
      await this.handle.files.write(entries, { user: ROOT, requestTimeoutMs: 120_000 });
    } catch (error) {
      throw e2bError(error, `write ${moduleName} into sandbox ${this.externalId}`, "command");
    }
  }

  async install(moduleName: string, opts: { tests: boolean; quick?: boolean; timeoutMs?: number }): Promise<InstallVerdict> {
    assertModuleName(moduleName);
    const timeoutMs = opts.timeoutMs ?? 10 * 60_000;
    const started = Date.now();
    // install.sh enforces timeoutMs on Odoo itself (and reports "timeout"); the command's own
    // limit only catches a sandbox that stopped answering.
    const result = await this.run(installCommand(moduleName, { tests: opts.tests, timeoutMs }), timeoutMs + INSTALL_OVERHEAD_MS);
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
      // serve.sh sets the admin password, starts Odoo (127.0.0.1) and the preview proxy in the
      // background, and returns once /web/login answers through the proxy.
      await this.run([SANDBOX_LAYOUT.serveScript], 180_000, { OMB_ADMIN_PASSWORD: password });
      this.adminPassword = password;
      this.started = true;
    }
    return this.preview();
  }

  private preview(): PreviewServer {
    const url = new URL(`https://${this.handle.getHost(SANDBOX_LAYOUT.proxyPort)}/web/login`);
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
      const result = await this.run(HEALTH_COMMAND, 15_000);
      return healthFromOutput(result.stdout, "/var/lib/omb/logs in the sandbox");
    } catch (error) {
      return { healthy: false, detail: `Odoo is not answering (${(error as Error).message})` };
    }
  }

  async extend(ms: number): Promise<Date> {
    const next = new Date(this.expiresAt.getTime() + ms);
    try {
      // E2B's timeout counts from now.
      await this.handle.setTimeout(Math.max(1_000, next.getTime() - Date.now()), { requestTimeoutMs: this.requestTimeoutMs });
    } catch (error) {
      throw e2bError(error, `extend sandbox ${this.externalId}`, "command");
    }
    this.expiresAt = next;
    return next;
  }

  async destroy(): Promise<void> {
    try {
      await this.handle.kill({ requestTimeoutMs: this.requestTimeoutMs });
    } catch (error) {
      if (errorName(error) === "NotFoundError" || errorName(error) === "SandboxNotFoundError") return;
      throw e2bError(error, `destroy sandbox ${this.externalId}`, "destroy");
    }
  }
}

function assertModuleName(name: string) {
  if (!MODULE_NAME_PATTERN.test(name)) throw new Error(`Invalid module name "${name}"`);
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : "");

/** The SDK's error classes (matched by name: the fake and the real SDK both set it) → our reasons. */
function e2bError(error: unknown, action: string, phase: "create" | "command" | "destroy", timeoutMs?: number): SandboxUnavailableError {
  if (error instanceof SandboxUnavailableError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const stderr = typeof (error as { stderr?: unknown })?.stderr === "string" ? (error as { stderr: string }).stderr : "";
  switch (errorName(error)) {
    case "AuthenticationError":
      return new SandboxUnavailableError("not_configured", `E2B rejected the API key (E2B_API_KEY) while trying to ${action}: ${message}`);
    case "NotFoundError":
    case "SandboxNotFoundError":
      return phase === "create"
        ? new SandboxUnavailableError("version_unavailable", `E2B could not ${action}: the template was not found (build it: sandbox-templates/README.md). ${message}`)
        : new SandboxUnavailableError("provider_error", `E2B could not ${action}: the sandbox no longer exists (it expired or was killed).`);
    case "RateLimitError":
    case "ServiceBusyError":
    case "NotEnoughSpaceError":
      return new SandboxUnavailableError("capacity", `E2B has no capacity to ${action} right now; try again in a minute. (${message})`);
    case "TimeoutError":
      return new SandboxUnavailableError(
        "provider_error",
        `E2B did not answer in time while trying to ${action}${timeoutMs ? ` (limit ${Math.round(timeoutMs / 1000)} s)` : ""}: ${message}`,
      );
    case "CommandExitError":
      return new SandboxUnavailableError("provider_error", `Could not ${action}: ${message}${stderr ? `\n${tail(stderr)}` : ""}`);
    default:
      return new SandboxUnavailableError("provider_error", `E2B failed to ${action}: ${message}`);
  }
}
