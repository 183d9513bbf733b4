/**
 * The `local` sandbox provider: real Odoo from a source tree on this machine (server/odoo/runtime)
 * against the local PostgreSQL server. A sandbox is a clone of the template database for its
 * depends, its own addons dir and filestore; its preview is an Odoo server on 127.0.0.1 behind a
 * preview proxy in this process.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import type { OdooVersion } from "@/lib/odoo-versions";
import type { ModuleFiles } from "@/server/odoo/module-files";
import {
  addonsDirOf,
  availableAddons,
  chownTreeToOdoo,
  cloneDatabase,
  dropDatabase,
  ensureOdooDir,
  logTail,
  ensureTemplate,
  installInClone,
  type OdooServer,
  type OdooTree,
  odooAvailability,
  ODOO_VERSIONS,
  sandboxesDir,
  setAdminPassword,
  startOdooServer,
  stopRecordedServer,
  writeModule,
} from "@/server/odoo/runtime";
import { type PreviewProxy, startPreviewProxy } from "./preview-proxy";
import { previewLinkWithToken } from "./preview-token";
import {
  type CreateSandboxOptions,
  type InstallVerdict,
  type PreviewServer,
  type Sandbox,
  type SandboxHealth,
  type SandboxProvider,
  SandboxUnavailableError,
} from "./types";

export interface LocalProviderOptions {
  /** Signs preview tokens (the app's secret for previews). */
  previewSecret: string;
  /** The app's public origin: the preview URL uses its host name, so the iframe is same-site. */
  appOrigin: string;
}

export function localSandboxProvider(options: LocalProviderOptions): SandboxProvider {
  return {
    name: "local",
    async availableVersions() {
      const checks = await Promise.all(ODOO_VERSIONS.map(async (v) => [v, await odooAvailability(v)] as const));
      return checks.filter(([, availability]) => availability.ok).map(([v]) => v);
    },
    async create(create) {
      const availability = await odooAvailability(create.odooVersion);
      if (!availability.ok) {
        throw new SandboxUnavailableError("version_unavailable", `Odoo ${create.odooVersion} is not available here: ${availability.reason}`);
      }
      const tree = availability.tree;
      const core = availableAddons(tree);
      const template = await ensureTemplate(tree, create.depends.filter((name) => core.has(name)), { demo: create.demo ?? false });
      const clone = await cloneDatabase(template);
      return new LocalSandbox(tree, clone, create, options);
    },
    async destroyExternal(externalId) {
      // A server left running by a crashed app still holds the database: stop it first.
      stopRecordedServer(path.join(sandboxesDir(), externalId));
      await dropDatabase(externalId);
    },
  };
}

class LocalSandbox implements Sandbox {
  readonly id = randomUUID();
  readonly provider = "local" as const;
  readonly externalId: string;
  expiresAt: Date;
  private server: OdooServer | null = null;
  private proxy: PreviewProxy | null = null;
  private adminPassword = "";

  constructor(
    private readonly tree: OdooTree,
    private readonly clone: { database: string; dir: string },
    private readonly create: CreateSandboxOptions,
    private readonly options: LocalProviderOptions,
  ) {
    this.externalId = clone.database;
    this.expiresAt = new Date(Date.now() + create.timeoutMs);
    ensureOdooDir(addonsDirOf(clone.dir));
  }

  get version(): OdooVersion {
    return this.create.odooVersion;
  }

  async writeModule(moduleName: string, files: ModuleFiles): Promise<void> {
    writeModule(path.join(addonsDirOf(this.clone.dir), moduleName), files);
    chownTreeToOdoo(addonsDirOf(this.clone.dir));
  }

  async install(moduleName: string, opts: { tests: boolean; quick?: boolean; timeoutMs?: number }): Promise<InstallVerdict> {
    const result = await installInClone(this.tree, this.clone, {
      moduleName,
      tests: opts.tests,
      // Quick: only the generated classes tagged omb_happy (the project's "quick test").
      quick: opts.quick ?? false,
      // A demo template loads the module's demo records too (odoo-bin's demo flag must match).
      demo: this.create.demo ?? false,
      timeoutMs: opts.timeoutMs ?? 10 * 60_000,
    });
    return {
      state: result.state,
      installed: result.installed,
      testsRun: result.testsRun,
      testsFailed: result.testsFailed,
      failures: result.failures.map(({ test, message, file, line }) => ({ test, message, file, line })),
      errors: [
        ...result.errors,
        ...(result.state === "timeout" ? [{ kind: "timeout" as const, message: "Odoo did not finish installing in time." }] : []),
      ],
      durationMs: result.durationMs,
      log: result.log,
    };
  }

  async startServer(): Promise<PreviewServer> {
    if (this.server && this.proxy) return this.preview();
    const password = randomBytes(9).toString("base64url");
    await setAdminPassword(this.clone.database, password);
    this.adminPassword = password;
    this.server = await startOdooServer({ tree: this.tree, database: this.clone.database, dir: this.clone.dir, extraAddonsPaths: this.extraAddonsPaths() });
    this.proxy = await startPreviewProxy({
      sandboxId: this.id,
      secret: this.options.previewSecret,
      upstream: { host: "127.0.0.1", port: this.server.port },
      appOrigin: new URL(this.options.appOrigin).origin,
    });
    return this.preview();
  }

  /** Odoo refuses an addons path holding no module at all ("not a valid addons directory"). */
  private extraAddonsPaths(): string[] {
    const dir = addonsDirOf(this.clone.dir);
    const hasModule = readdirSync(dir, { withFileTypes: true }).some(
      (entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "__manifest__.py")),
    );
    return hasModule ? [dir] : [];
  }

  private preview(): PreviewServer {
    const app = new URL(this.options.appOrigin);
    const url = new URL(`${app.protocol}//${app.hostname}:${this.proxy!.port}/web/login`);
    url.searchParams.set("db", this.clone.database);
    return { previewUrl: url.toString(), login: "admin", password: this.adminPassword };
  }

  previewLink(): string | null {
    if (!this.proxy) return null;
    return previewLinkWithToken(this.preview().previewUrl, this.options.previewSecret, this.id, this.expiresAt);
  }

  async health(): Promise<SandboxHealth> {
    if (!this.server) return { healthy: false, detail: "The preview server is not started." };
    try {
      const response = await fetch(`http://127.0.0.1:${this.server.port}/web/login`, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      return response.status < 500
        ? { healthy: true, detail: `Odoo answered ${response.status}` }
        : { healthy: false, detail: `Odoo answered ${response.status}. Last lines of its log:\n${logTail(this.server.logFile, 15)}` };
    } catch (error) {
      return { healthy: false, detail: `Odoo is not answering (${(error as Error).message}). Last lines of its log:\n${logTail(this.server.logFile, 15)}` };
    }
  }

  async extend(ms: number): Promise<Date> {
    this.expiresAt = new Date(this.expiresAt.getTime() + ms);
    return this.expiresAt;
  }

  async destroy(): Promise<void> {
    await this.proxy?.close();
    await this.server?.stop();
    this.proxy = null;
    this.server = null;
    await dropDatabase(this.clone.database, this.clone.dir);
  }
}
