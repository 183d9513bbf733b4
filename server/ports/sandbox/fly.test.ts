import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";
import { textOf, unzipModule } from "@/server/odoo/module-files";
import { flySandboxProvider } from "./fly";
import { sandboxProviderFrom, sandboxProviderName } from "./index";
import { PREVIEW_QUERY_PARAM } from "./preview-proxy";
import { verifyPreviewToken } from "./preview-token";
import { hostedTemplates, sandboxPreviewKey } from "./templates";
import { SandboxUnavailableError } from "./types";

const fixture = (name: string) => readFileSync(path.resolve("server/odoo/runtime/fixtures", name), "utf8");
const secret = "f".repeat(40);

type Recorded = { method: string; url: string; headers: IncomingHttpHeaders; body: unknown };

/** Answers like the Fly Machines API where the adapter needs it; records every request. */
class FakeMachinesApi {
  requests: Recorded[] = [];
  machines = new Map<string, { config: Record<string, unknown> }>();
  status: { create?: number; wait?: number } = {};
  waitDelayMs = 0;
  installOutput = "";
  writtenModule: Map<string, Uint8Array> | null = null;
  serveStdin = "";
  private server!: Server;
  port = 0;

  async start() {
    this.server = createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk: Buffer) => (raw += chunk));
      req.on("end", () => {
        const body = raw ? JSON.parse(raw) : undefined;
        this.requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        const send = (status: number, payload: unknown) => {
          if (res.destroyed) return;
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify(payload));
        };
        const url = new URL(req.url!, "http://fake");
        const match = /^\/v1\/apps\/([^/]+)\/machines(?:\/([^/]+))?(?:\/(wait|exec))?$/.exec(url.pathname);
        if (!match) return send(404, { error: "not found" });
        const [, , id, verb] = match;
        if (req.headers.authorization !== "Bearer fly_test_token") return send(401, { error: "unauthorized" });
        if (req.method === "POST" && !id) {
          if (this.status.create) return send(this.status.create, { error: "insufficient memory available to fulfill request" });
          const machineId = `e2865${this.machines.size + 1}f`;
          this.machines.set(machineId, { config: body.config });
          return send(200, { id: machineId, state: "created", instance_id: "01H" });
        }
        if (!id || !this.machines.has(id)) return send(404, { error: "machine not found" });
        if (verb === "wait") {
          if (this.status.wait) return send(this.status.wait, { error: "timeout waiting for machine" });
          setTimeout(() => send(200, { ok: true }), this.waitDelayMs);
          return;
        }
        if (verb === "exec") return send(200, this.exec(body as { command: string[]; stdin?: string; timeout: number }));
        if (req.method === "DELETE") {
          this.machines.delete(id);
          return send(200, { ok: true });
        }
        return send(405, { error: "unexpected" });
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** The image's scripts, as far as the adapter can tell. */
  private exec({ command, stdin }: { command: string[]; stdin?: string }) {
    const [bin] = command;
    if (bin === "/opt/omb/bin/write-module.sh") {
      this.writtenModule = unzipModule(Buffer.from(stdin ?? "", "base64")).files;
      return { exit_code: 0, stdout: `wrote ${this.writtenModule.size} files\n` };
    }
    if (bin === "/opt/omb/bin/install.sh") return { stdout: this.installOutput, stderr: "" };
    if (bin === "/opt/omb/bin/serve.sh") {
      this.serveStdin = stdin ?? "";
      return { stdout: "ready (303)\n" };
    }
    if (bin === "sh" && command[2]?.includes("curl")) return { stdout: "200 403" };
    if (bin === "sh") return { stdout: "" };
    return { exit_code: 127, stderr: `${bin}: not found` };
  }

  stop() {
    this.server.closeAllConnections();
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const api = new FakeMachinesApi();
beforeAll(() => api.start());
afterAll(() => api.stop());
beforeEach(() => {
  api.requests = [];
  api.status = {};
  api.waitDelayMs = 0;
});

function provider(overrides: Partial<Parameters<typeof flySandboxProvider>[0]> = {}) {
  return flySandboxProvider({
    apiToken: "fly_test_token",
    appName: "omb-sbx",
    apiHostname: `http://127.0.0.1:${api.port}`,
    templates: hostedTemplates({ FLY_IMAGE_ODOO_17: "registry.fly.io/omb-sbx:odoo-17", FLY_IMAGE_ODOO_18: "registry.fly.io/omb-sbx:odoo-18" }),
    previewSecret: secret,
    appOrigin: "https://app.example.com",
    region: "fra",
    previewDomain: "preview.example.com",
    ...overrides,
  });
}

const createOptions = { odooVersion: "17" as const, depends: [], timeoutMs: 20 * 60_000, labels: { project: "p1" } };
const trailer = (state: string) => `\n# omb-result exit=0 timed_out=0 ms=3100 state=${state}\n`;

describe("fly sandbox provider (fake Machines API)", () => {
  it("offers the versions that have an image", async () => {
    expect(await provider().availableVersions()).toEqual(["17", "18"]);
    await expect(provider().create({ ...createOptions, odooVersion: "19" })).rejects.toMatchObject({
      reason: "version_unavailable",
      message: expect.stringMatching(/FLY_IMAGE_ODOO_19/),
    });
  });

  it("creates a self-destroying machine from the version's image and waits for it to start", async () => {
    const sandbox = await provider().create(createOptions);
    const [create, wait] = api.requests;
    expect(create).toMatchObject({ method: "POST", url: "/v1/apps/omb-sbx/machines" });
    expect(create!.headers.authorization).toBe("Bearer fly_test_token");
    const body = create!.body as { region: string; config: Record<string, any> };
    expect(body.region).toBe("fra");
    expect(body.config).toMatchObject({
      image: "registry.fly.io/omb-sbx:odoo-17",
      auto_destroy: true,
      restart: { policy: "no" },
      guest: { memory_mb: 2048 },
      metadata: { project: "p1", omb_sandbox_id: sandbox.id, odoo_version: "17" },
      services: [{ internal_port: 8080, ports: [{ port: 443, handlers: ["tls", "http"] }, { port: 80, handlers: ["http"], force_https: true }] }],
    });
    expect(body.config.env).toEqual({
      OMB_SANDBOX_ID: sandbox.id,
      OMB_PREVIEW_KEY: sandboxPreviewKey(secret, sandbox.id),
      OMB_APP_ORIGIN: "https://app.example.com",
      OMB_EXPIRES_AT: String(Math.floor(sandbox.expiresAt.getTime() / 1000)),
      OMB_PREVIEW_DOMAIN: "preview.example.com",
      OMB_CROSS_SITE_COOKIES: "1",
    });
    expect(wait).toMatchObject({ method: "GET", url: `/v1/apps/omb-sbx/machines/${sandbox.externalId}/wait?state=started&timeout=60` });
    expect(sandbox.provider).toBe("fly");
  });

  it("writes the module as a zip on stdin and builds the install verdict from the exec output", async () => {
    const sandbox = await provider().create(createOptions);
    await sandbox.writeModule("omb_sample", new Map([["__manifest__.py", "{'name': 'Sample'}"], ["models/__init__.py", ""]]));
    expect(api.writtenModule && [...api.writtenModule.keys()].sort()).toEqual(["__manifest__.py", "models/__init__.py"]);
    expect(textOf(api.writtenModule!.get("__manifest__.py")!)).toBe("{'name': 'Sample'}");

    api.installOutput = fixture("19-failing-test.log") + trailer("installed");
    const verdict = await sandbox.install("omb_sample", { tests: true, timeoutMs: 300_000 });
    const exec = api.requests.at(-1)!;
    expect(exec.url).toBe(`/v1/apps/omb-sbx/machines/${sandbox.externalId}/exec`);
    expect(exec.body).toMatchObject({
      command: ["/opt/omb/bin/install.sh", "omb_sample", "1", "300"],
      cmd: "/opt/omb/bin/install.sh omb_sample 1 300",
      timeout: 390,
    });
    expect(verdict).toMatchObject({ state: "installed", installed: true, testsFailed: 1 });
    expect(verdict.failures[0]).toMatchObject({ file: "tests/test_sample.py" });

    api.installOutput = fixture("19-missing-dependency.log") + trailer("uninstalled");
    const missing = await sandbox.install("omb_sample", { tests: true });
    expect(missing.state).toBe("failed");
    expect(missing.errors.some((error) => error.kind === "missing-dependency")).toBe(true);
  });

  it("serves the preview on the machine's own host under the preview domain, with links its proxy accepts", async () => {
    const sandbox = await provider().create(createOptions);
    const server = await sandbox.startServer({ demo: false });
    expect(api.serveStdin).toBe(server.password);
    // On stdin, not in argv (visible to every process on the machine).
    expect((api.requests.at(-1)!.body as { command: string[] }).command).toEqual(["/opt/omb/bin/serve.sh"]);
    expect(server.previewUrl).toBe(`https://${sandbox.externalId}.preview.example.com/web/login?db=omb_sbx`);
    const token = new URL(sandbox.previewLink()!).searchParams.get(PREVIEW_QUERY_PARAM)!;
    expect(verifyPreviewToken(sandboxPreviewKey(secret, sandbox.id), sandbox.id, token)).toMatchObject({ ok: true });
    expect(await sandbox.health()).toEqual({ healthy: true, detail: "Odoo answered 200" });

    const bare = await provider({ previewDomain: undefined }).create(createOptions);
    expect((await bare.startServer({ demo: false })).previewUrl).toBe("https://omb-sbx.fly.dev/web/login?db=omb_sbx");
  });

  it("extends by moving the machine's stop time, and destroys (also by id, idempotently)", async () => {
    const fly = provider();
    const sandbox = await fly.create(createOptions);
    const before = sandbox.expiresAt.getTime();
    const next = await sandbox.extend(10 * 60_000);
    expect(next.getTime()).toBe(before + 10 * 60_000);
    expect(api.requests.at(-1)!.body).toMatchObject({
      command: ["sh", "-c", `echo ${Math.floor(next.getTime() / 1000)} > /run/omb/expires-at`],
    });
    await sandbox.destroy();
    expect(api.requests.at(-1)).toMatchObject({ method: "DELETE", url: `/v1/apps/omb-sbx/machines/${sandbox.externalId}?force=true` });
    // Gone already (404): destroy and destroyExternal succeed.
    await sandbox.destroy();
    await fly.destroyExternal(sandbox.externalId);
    const other = await fly.create(createOptions);
    await fly.destroyExternal(other.externalId);
    expect(api.machines.has(other.externalId)).toBe(false);
  });

  it("maps API failures and timeouts to SandboxUnavailableError, cleaning up a machine that never started", async () => {
    await expect(provider({ apiToken: "wrong_token_123" }).create(createOptions)).rejects.toMatchObject({
      reason: "not_configured",
      message: expect.stringMatching(/FLY_API_TOKEN \(HTTP 401\)/),
    });

    api.status.create = 412;
    await expect(provider().create(createOptions)).rejects.toMatchObject({ reason: "capacity", message: expect.stringMatching(/insufficient memory/) });
    api.status.create = undefined;

    api.waitDelayMs = 4_000;
    const machinesBefore = api.machines.size;
    const error = await provider({ startTimeoutMs: 200 })
      .create(createOptions)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SandboxUnavailableError);
    expect((error as SandboxUnavailableError).message).toMatch(/Fly did not answer within \d+ s while trying to wait for machine \w+ to start/);
    // The machine that did not start was destroyed, not left running.
    expect(api.requests.at(-1)!.method).toBe("DELETE");
    expect(api.machines.size).toBe(machinesBefore);
  });

  it("reports a failing script and unreachable API plainly", async () => {
    const sandbox = await provider().create(createOptions);
    api.installOutput = "python3: can't open file\n";
    await expect(sandbox.install("omb_sample", { tests: true })).rejects.toMatchObject({
      reason: "provider_error",
      message: expect.stringMatching(/no result line[\s\S]*can't open file/),
    });
    const unreachable = provider({ apiHostname: "http://127.0.0.1:9" });
    await expect(unreachable.create(createOptions)).rejects.toMatchObject({
      reason: "provider_error",
      message: expect.stringMatching(/Could not reach the Fly Machines API/),
    });
  });

  it("is what `auto` picks with a Fly token and app but no E2B key", async () => {
    const base = { DATA_DIR: ".data/test-env", NEXTAUTH_SECRET: "n".repeat(40) };
    expect(sandboxProviderName(parseEnv({ ...base, FLY_API_TOKEN: "fly_token_1234", FLY_APP_NAME: "omb-sbx" }), () => true)).toBe("fly");
    expect(sandboxProviderName(parseEnv({ ...base, FLY_API_TOKEN: "fly_token_1234" }), () => true)).toBe("local");
    expect(sandboxProviderName(parseEnv({ ...base, FLY_API_TOKEN: "fly_token_1234" }), () => false)).toBe("none");
    expect(() => parseEnv({ ...base, SANDBOX_PROVIDER: "fly", FLY_API_TOKEN: "fly_token_1234" })).toThrow(/FLY_APP_NAME/);
    expect(() => parseEnv({ ...base, FLY_APP_NAME: "Not_Valid" })).toThrow(/FLY_APP_NAME/);
    const built = sandboxProviderFrom(parseEnv({ ...base, FLY_API_TOKEN: "fly_token_1234", FLY_APP_NAME: "omb-sbx", FLY_IMAGE_ODOO_18: "registry.fly.io/omb-sbx:odoo-18" }));
    expect(built.name).toBe("fly");
    return expect(built.availableVersions()).resolves.toEqual(["18"]);
  });
});
