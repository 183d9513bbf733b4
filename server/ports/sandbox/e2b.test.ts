import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";
import { type E2BCommandResult, type E2BSandboxHandle, type E2BSdk, e2bSandboxProvider, loadE2BSdk } from "./e2b";
import { sandboxProviderFrom, sandboxProviderName } from "./index";
import { PREVIEW_QUERY_PARAM } from "./preview-proxy";
import { verifyPreviewToken } from "./preview-token";
import { hostedTemplates, INSTALL_OVERHEAD_MS, sandboxPreviewKey } from "./templates";
import { SandboxUnavailableError } from "./types";

const fixture = (name: string) => readFileSync(path.resolve("server/odoo/runtime/fixtures", name), "utf8");
const trailer = (state: string, timedOut = false) => `\n# omb-result exit=${timedOut ? 137 : 0} timed_out=${timedOut ? 1 : 0} ms=3400 state=${state}\n`;
const secret = "s".repeat(40);

type RunCall = { cmd: string; opts: Parameters<E2BSandboxHandle["commands"]["run"]>[1] };

/** A fake of the SDK surface the adapter uses, recording every call; commands answer like the template's scripts. */
function fakeSdk(behaviour: { installOutput?: string; runError?: Error; createError?: Error } = {}) {
  const created: { template: string; opts: Parameters<E2BSdk["create"]>[1] }[] = [];
  const runs: RunCall[] = [];
  const writes: { path: string; data: string | ArrayBuffer }[][] = [];
  const timeouts: number[] = [];
  const killed: string[] = [];
  const staticKills: { id: string; apiKey: string }[] = [];
  const sdk: E2BSdk = {
    async create(template, opts) {
      if (behaviour.createError) throw behaviour.createError;
      created.push({ template, opts });
      const sandboxId = `sbx${created.length}abc`;
      const handle: E2BSandboxHandle = {
        sandboxId,
        files: {
          async write(files) {
            writes.push(files);
          },
        },
        commands: {
          async run(cmd, runOpts): Promise<E2BCommandResult> {
            runs.push({ cmd, opts: runOpts });
            if (behaviour.runError && cmd.includes("install.sh")) throw behaviour.runError;
            if (cmd.startsWith("/opt/omb/bin/install.sh")) return { exitCode: 0, stdout: behaviour.installOutput ?? "", stderr: "" };
            if (cmd.startsWith("/opt/omb/bin/serve.sh")) return { exitCode: 0, stdout: "ready (303)\n", stderr: "" };
            if (cmd.startsWith("sh -c") && cmd.includes("curl")) return { exitCode: 0, stdout: "200 403", stderr: "" };
            return { exitCode: 0, stdout: "", stderr: "" };
          },
        },
        getHost: (port) => `${port}-${sandboxId}.e2b.app`,
        async setTimeout(ms) {
          timeouts.push(ms);
        },
        async kill() {
          killed.push(sandboxId);
          return true;
        },
      };
      return handle;
    },
    async kill(id, opts) {
      staticKills.push({ id, apiKey: opts.apiKey });
      return true;
    },
  };
  return { sdk, created, runs, writes, timeouts, killed, staticKills };
}

function provider(fake: ReturnType<typeof fakeSdk>) {
  return e2bSandboxProvider({
    apiKey: "e2b_test_key_123",
    templates: hostedTemplates({ E2B_TEMPLATE_ODOO_17: "tpl-odoo17-id" }),
    previewSecret: secret,
    appOrigin: "https://app.example.com/some/path",
    loadSdk: async () => fake.sdk,
  });
}

const createOptions = { odooVersion: "17" as const, depends: ["mail"], timeoutMs: 30 * 60_000, labels: { project: "p1" } };

describe("e2b sandbox provider (fake SDK)", () => {
  it("creates from the version's template with the key, timeout, metadata and the sandbox's own preview key", async () => {
    const fake = fakeSdk();
    const sandbox = await provider(fake).create(createOptions);
    expect(fake.created).toHaveLength(1);
    const [{ template, opts }] = fake.created as [(typeof fake.created)[number]];
    expect(template).toBe("tpl-odoo17-id");
    expect(opts.apiKey).toBe("e2b_test_key_123");
    expect(opts.timeoutMs).toBe(30 * 60_000);
    expect(opts.requestTimeoutMs).toBeGreaterThan(0);
    expect(opts.metadata).toMatchObject({ project: "p1", omb_sandbox_id: sandbox.id, odoo_version: "17" });
    // The app-wide secret never enters the sandbox: only a key derived for this sandbox.
    expect(opts.envs).toEqual({
      OMB_SANDBOX_ID: sandbox.id,
      OMB_PREVIEW_KEY: sandboxPreviewKey(secret, sandbox.id),
      OMB_APP_ORIGIN: "https://app.example.com",
      OMB_CROSS_SITE_COOKIES: "1",
    });
    expect(Object.values(opts.envs)).not.toContain(secret);
    expect(sandbox.provider).toBe("e2b");
    expect(sandbox.externalId).toBe("sbx1abc");
    expect(sandbox.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
  });

  it("writes the module under the template's addons dir, replacing an older copy", async () => {
    const fake = fakeSdk();
    const sandbox = await provider(fake).create(createOptions);
    const files = new Map<string, string | Uint8Array>([
      ["__manifest__.py", "{'name': 'Sample', 'version': '17.0.1.0.0'}"],
      ["static/img.png", new Uint8Array([137, 80, 78, 71])],
    ]);
    await sandbox.writeModule("omb_sample", files);
    expect(fake.runs[0]!.cmd).toBe("rm -rf /opt/omb/addons/omb_sample");
    expect(fake.runs[0]!.opts).toMatchObject({ user: "root" });
    const written = fake.writes[0]!;
    expect(written.map((entry) => entry.path)).toEqual(["/opt/omb/addons/omb_sample/__manifest__.py", "/opt/omb/addons/omb_sample/static/img.png"]);
    expect(new Uint8Array(written[1]!.data as ArrayBuffer)).toEqual(new Uint8Array([137, 80, 78, 71]));
    await expect(sandbox.writeModule("omb_sample", new Map([["../evil.py", "x"]]))).rejects.toThrow(/Unsafe path/);
    await expect(sandbox.writeModule("Bad-Name", files)).rejects.toThrow(/Invalid module name/);
  });

  it("builds the install verdict from a real Odoo log and the module state (failing test)", async () => {
    const fake = fakeSdk({ installOutput: fixture("17-failing-test.log") + trailer("installed") });
    const sandbox = await provider(fake).create(createOptions);
    const verdict = await sandbox.install("omb_sample", { tests: true });
    const run = fake.runs.at(-1)!;
    expect(run.cmd).toBe("/opt/omb/bin/install.sh omb_sample 1 600");
    expect(run.opts.timeoutMs).toBe(600_000 + INSTALL_OVERHEAD_MS);
    expect(run.opts.user).toBe("root");
    expect(verdict).toMatchObject({ state: "installed", installed: true, testsRun: 2, testsFailed: 1 });
    expect(verdict.failures).toEqual([
      expect.objectContaining({ test: "TestSample.test_shout", file: "tests/test_sample.py", line: 12, message: expect.stringContaining("AssertionError") }),
    ]);
    expect(verdict.log).toContain("odoo.tests.result: 1 failed");
    expect(verdict.log).not.toContain("# omb-result");
  });

  it("reports a broken view as failed with a parse error, and a killed run as a timeout", async () => {
    const broken = fakeSdk({ installOutput: fixture("18-broken-view.log") + trailer("uninstalled") });
    const verdict = await (await provider(broken).create({ ...createOptions, odooVersion: "18" })).install("omb_sample", { tests: false, timeoutMs: 120_000 });
    expect(broken.runs.at(-1)!.cmd).toBe("/opt/omb/bin/install.sh omb_sample 0 120");
    expect(verdict.state).toBe("failed");
    expect(verdict.installed).toBe(false);
    expect(verdict.errors.some((error) => error.kind === "parse")).toBe(true);

    const slow = fakeSdk({ installOutput: fixture("18-timeout.log") + trailer("to install", true) });
    const timedOut = await (await provider(slow).create(createOptions)).install("omb_sample", { tests: true });
    expect(timedOut.state).toBe("timeout");
    expect(timedOut.errors).toContainEqual({ kind: "timeout", message: "Odoo did not finish installing in time." });
  });

  it("never reports a bare failure: a skipped module says why", async () => {
    const fake = fakeSdk({ installOutput: "2026-11-22 05:55:41,911 1 INFO ? odoo: Odoo version 17.0\n" + trailer("absent") });
    const verdict = await (await provider(fake).create(createOptions)).install("omb_sample", { tests: true });
    expect(verdict.state).toBe("failed");
    expect(verdict.errors[0]!.message).toMatch(/without installing omb_sample \(state: absent\)/);
  });

  it("starts the preview server and signs links the in-sandbox proxy accepts", async () => {
    const fake = fakeSdk();
    const sandbox = await provider(fake).create(createOptions);
    expect(sandbox.previewLink()).toBeNull();
    const server = await sandbox.startServer({ demo: false });
    const serve = fake.runs.at(-1)!;
    expect(serve.cmd).toBe("/opt/omb/bin/serve.sh");
    expect(serve.opts.envs?.OMB_ADMIN_PASSWORD).toBe(server.password);
    expect(serve.opts.timeoutMs).toBeGreaterThan(0);
    expect(server.previewUrl).toBe("https://8080-sbx1abc.e2b.app/web/login?db=omb_sbx");
    expect(server.login).toBe("admin");

    const link = new URL(sandbox.previewLink()!);
    expect(link.origin).toBe("https://8080-sbx1abc.e2b.app");
    const token = link.searchParams.get(PREVIEW_QUERY_PARAM)!;
    expect(verifyPreviewToken(sandboxPreviewKey(secret, sandbox.id), sandbox.id, token)).toMatchObject({ ok: true });
    // Signed with the sandbox's key, not the app secret: a token of one sandbox opens no other.
    expect(verifyPreviewToken(secret, sandbox.id, token)).toEqual({ ok: false, reason: "invalid" });
    // Idempotent: a second start does not restart anything.
    await sandbox.startServer({ demo: false });
    expect(fake.runs.filter((run) => run.cmd.includes("serve.sh"))).toHaveLength(1);
    expect(await sandbox.health()).toEqual({ healthy: true, detail: "Odoo answered 200" });
  });

  it("extends the E2B timeout to the new expiry and destroys by handle or by id", async () => {
    const fake = fakeSdk();
    const e2b = provider(fake);
    const sandbox = await e2b.create(createOptions);
    const before = sandbox.expiresAt.getTime();
    const after = await sandbox.extend(15 * 60_000);
    expect(after.getTime()).toBe(before + 15 * 60_000);
    expect(fake.timeouts[0]).toBeGreaterThan(44 * 60_000);
    expect(fake.timeouts[0]).toBeLessThanOrEqual(45 * 60_000);
    await sandbox.destroy();
    expect(fake.killed).toEqual(["sbx1abc"]);
    await e2b.destroyExternal("sbx-left-behind");
    expect(fake.staticKills).toEqual([{ id: "sbx-left-behind", apiKey: "e2b_test_key_123" }]);
  });

  it("turns SDK errors into SandboxUnavailableError with a clear reason", async () => {
    const named = (name: string, message: string) => Object.assign(new Error(message), { name });
    const auth = provider(fakeSdk({ createError: named("AuthenticationError", "Invalid API key") }));
    await expect(auth.create(createOptions)).rejects.toMatchObject({ reason: "not_configured", message: expect.stringMatching(/E2B_API_KEY/) });
    const missing = provider(fakeSdk({ createError: named("NotFoundError", "template not found") }));
    await expect(missing.create(createOptions)).rejects.toMatchObject({ reason: "version_unavailable", message: expect.stringMatching(/tpl-odoo17-id/) });
    const busy = provider(fakeSdk({ createError: named("RateLimitError", "429") }));
    await expect(busy.create(createOptions)).rejects.toMatchObject({ reason: "capacity" });

    const stuck = fakeSdk({ runError: named("TimeoutError", "deadline exceeded") });
    const sandbox = await provider(stuck).create(createOptions);
    const error = await sandbox.install("omb_sample", { tests: true, timeoutMs: 60_000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SandboxUnavailableError);
    expect((error as SandboxUnavailableError).message).toMatch(/did not answer in time .*install\.sh.*limit 150 s/);

    const exited = fakeSdk({ runError: Object.assign(named("CommandExitError", "exit status 3"), { stderr: "PostgreSQL does not answer\n" }) });
    const exitedSandbox = await provider(exited).create(createOptions);
    await expect(exitedSandbox.install("omb_sample", { tests: true })).rejects.toMatchObject({
      reason: "provider_error",
      message: expect.stringMatching(/install\.sh.*exit status 3\nPostgreSQL does not answer/),
    });

    const cut = fakeSdk({ installOutput: "Traceback: the sandbox ran out of disk\n" });
    const cutSandbox = await provider(cut).create(createOptions);
    await expect(cutSandbox.install("omb_sample", { tests: true })).rejects.toMatchObject({
      reason: "provider_error",
      message: expect.stringMatching(/no result line[\s\S]*ran out of disk/),
    });
  });

  it("loads the real SDK lazily (no network)", async () => {
    const sdk = await loadE2BSdk();
    expect(typeof sdk.create).toBe("function");
    expect(typeof sdk.kill).toBe("function");
  });

  it("is what `auto` picks when E2B_API_KEY is set", () => {
    const base = { DATA_DIR: ".data/test-env", NEXTAUTH_SECRET: "n".repeat(40) };
    expect(sandboxProviderName(parseEnv({ ...base, E2B_API_KEY: "e2b_key_123456" }), () => true)).toBe("e2b");
    expect(sandboxProviderName(parseEnv({ ...base, E2B_API_KEY: "e2b_key_123456", SANDBOX_PROVIDER: "local" }), () => true)).toBe("local");
    expect(() => parseEnv({ ...base, SANDBOX_PROVIDER: "e2b" })).toThrow(/E2B_API_KEY/);
    expect(sandboxProviderFrom(parseEnv({ ...base, E2B_API_KEY: "e2b_key_123456" })).name).toBe("e2b");
  });
});
