/**
 * The sandbox port: a real Odoo where a module version is installed, tested, and shown live.
 * Adapters: `local` (an Odoo source tree on this machine), `e2b`, `fly`, and `none` (nothing
 * configured: every create fails with a typed, user-facing reason).
 */
import type { OdooVersion } from "@/lib/odoo-versions";
import type { ModuleFiles } from "@/server/odoo/module-files";

export const sandboxProviderNames = ["local", "e2b", "fly", "none"] as const;
export type SandboxProviderName = (typeof sandboxProviderNames)[number];

export interface CreateSandboxOptions {
  odooVersion: OdooVersion;
  /** Core modules the module depends on (pre-installed where the provider can). */
  depends: readonly string[];
  timeoutMs: number;
  labels: Record<string, string>;
  /**
   * Demo data: the module's demo records are loaded at install and core demo data is present,
   * so the live preview is not empty (UAT). Off by default (tests create their own data).
   */
  demo?: boolean;
}

export interface InstallFailure {
  test: string;
  message: string;
  file?: string;
  line?: number;
}

export interface InstallError {
  kind: "registry" | "parse" | "missing-dependency" | "import" | "skipped" | "timeout" | "other";
  message: string;
  file?: string;
  line?: number;
}

export interface InstallVerdict {
  state: "installed" | "failed" | "timeout";
  installed: boolean;
  testsRun: number;
  testsFailed: number;
  failures: InstallFailure[];
  errors: InstallError[];
  durationMs: number;
  /** The full log, stored through the storage port by the caller (kept out of step outputs). */
  log: string;
}

export interface PreviewServer {
  /** Absolute URL the browser opens (through the preview proxy), without the token. */
  previewUrl: string;
  login: string;
  password: string;
}

export interface SandboxHealth {
  healthy: boolean;
  detail: string;
}

export interface Sandbox {
  readonly id: string;
  readonly provider: SandboxProviderName;
  /** The provider's own id (database name, E2B sandbox id, Fly machine id). */
  readonly externalId: string;
  readonly expiresAt: Date;
  writeModule(moduleName: string, files: ModuleFiles): Promise<void>;
  install(moduleName: string, options: { tests: boolean; quick?: boolean; timeoutMs?: number }): Promise<InstallVerdict>;
  startServer(options: { demo: boolean }): Promise<PreviewServer>;
  health(): Promise<SandboxHealth>;
  /** The preview URL with an access token valid until the sandbox expires; null before startServer. */
  previewLink(): string | null;
  extend(ms: number): Promise<Date>;
  destroy(): Promise<void>;
}

export interface SandboxProvider {
  readonly name: SandboxProviderName;
  /** Versions this provider can run right now (local: trees found and runnable). */
  availableVersions(): Promise<OdooVersion[]>;
  create(options: CreateSandboxOptions): Promise<Sandbox>;
  /** Destroys by external id: used by the reaper for rows left behind (e.g. after a restart). */
  destroyExternal(externalId: string): Promise<void>;
}

/** Why a sandbox cannot be had; `message` is shown to the user as-is. */
export class SandboxUnavailableError extends Error {
  constructor(
    readonly reason: "not_configured" | "version_unavailable" | "capacity" | "provider_error",
    message: string,
  ) {
    super(message);
    this.name = "SandboxUnavailableError";
  }
}
