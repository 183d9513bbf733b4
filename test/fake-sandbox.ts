import type { ModuleFiles } from "@/server/odoo/module-files";
import type { InstallVerdict, Sandbox, SandboxProvider } from "@/server/ports/sandbox";

/**
 * An in-memory sandbox provider for service tests: records what it was asked to do and answers
 * with the verdict the test chose. Real Odoo is exercised by the *.odoo.test.ts files.
 */
export function fakeSandboxProvider(verdict: Partial<InstallVerdict> = {}) {
  const written = new Map<string, ModuleFiles>();
  const destroyed: string[] = [];
  let counter = 0;
  const provider: SandboxProvider = {
    name: "local",
    async availableVersions() {
      return ["17"];
    },
    async create(options) {
      counter += 1;
      const externalId = `omb_fake_${counter}`;
      let expiresAt = new Date(Date.now() + options.timeoutMs);
      let serving = false;
      const sandbox: Sandbox = {
        id: `fake-${counter}`,
        provider: "local",
        externalId,
        get expiresAt() {
          return expiresAt;
        },
        async writeModule(name, files) {
          written.set(`${externalId}/${name}`, files);
        },
        async install() {
          return { state: "installed", installed: true, testsRun: 3, testsFailed: 0, failures: [], errors: [], durationMs: 1234, log: "INFO odoo.tests.result: 0 failed, 0 error(s) of 3 tests", ...verdict };
        },
        async startServer() {
          serving = true;
          return { previewUrl: `http://127.0.0.1:4999/web/login?db=${externalId}`, login: "admin", password: "pw-123" };
        },
        async health() {
          return { healthy: serving, detail: serving ? "ok" : "not started" };
        },
        previewLink() {
          return serving ? `http://127.0.0.1:4999/web/login?db=${externalId}&omb_preview=t${expiresAt.getTime()}` : null;
        },
        async extend(ms) {
          expiresAt = new Date(expiresAt.getTime() + ms);
          return expiresAt;
        },
        async destroy() {
          serving = false;
          destroyed.push(externalId);
        },
      };
      return sandbox;
    },
    async destroyExternal(externalId) {
      destroyed.push(externalId);
    },
  };
  return { provider, written, destroyed };
}
