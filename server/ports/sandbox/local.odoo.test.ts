/**
 * The local sandbox provider on real Odoo: install with tests, a live preview through the proxy
 * (refused without the token, framable with it, admin login works), two at once, and nothing left
 * behind after destroy. Skipped with the reason when this machine has no usable Odoo tree.
 */
import { afterAll, describe, expect, it } from "vitest";
import { ODOO_VERSIONS, odooAvailability } from "@/server/odoo/runtime";
import { sampleModule } from "@/server/odoo/runtime/fixtures/sample-module";
import { databaseExists, psql } from "@/server/odoo/runtime/pg";
import { localSandboxProvider } from "./local";
import { PREVIEW_QUERY_PARAM } from "./preview-proxy";
import type { Sandbox } from "./types";

const candidates = await Promise.all(ODOO_VERSIONS.map(async (v) => ({ v, a: await odooAvailability(v) })));
// One version is enough for the adapter's behaviour; prefer 17 (fastest here), else any.
const chosen = candidates.find((c) => c.v === "17" && c.a.ok) ?? candidates.find((c) => c.a.ok);
const reason = candidates.map((c) => (c.a.ok ? null : `${c.v}: ${c.a.reason}`)).filter(Boolean).join("; ");
if (!chosen) console.warn(`[local sandbox] skipped: ${reason}`);

const provider = localSandboxProvider({ previewSecret: "x".repeat(40), appOrigin: "http://127.0.0.1:3000" });
const created: Sandbox[] = [];
afterAll(async () => {
  for (const sandbox of created) await sandbox.destroy().catch(() => undefined);
}, 120_000);

describe.skipIf(!chosen)(chosen ? `local sandbox on Odoo ${chosen.v}` : `local sandbox — skipped: ${reason}`, () => {
  const version = chosen?.v ?? "17";

  it("installs a module with its tests, serves a preview only to token holders, and leaves nothing behind", async () => {
    const sandbox = await provider.create({ odooVersion: version, depends: ["base"], timeoutMs: 10 * 60_000, labels: { test: "local" } });
    created.push(sandbox);
    await sandbox.writeModule("omb_sandbox_sample", sampleModule(version, "omb_sandbox_sample"));
    const verdict = await sandbox.install("omb_sandbox_sample", { tests: true });
    expect(verdict).toMatchObject({ state: "installed", installed: true, testsRun: 2, testsFailed: 0, errors: [] });

    const preview = await sandbox.startServer({ demo: false });
    expect(preview.login).toBe("admin");
    expect((await sandbox.health()).healthy).toBe(true);
    const url = new URL(preview.previewUrl);
    expect(url.hostname).toBe("127.0.0.1");

    const bare = await fetch(url, { redirect: "manual" });
    expect(bare.status).toBe(403);

    const withToken = new URL(sandbox.previewLink()!);
    expect(withToken.searchParams.get(PREVIEW_QUERY_PARAM)).toBeTruthy();
    const admitted = await fetch(withToken, { redirect: "manual" });
    expect(admitted.status).toBe(302);
    const access = admitted.headers.getSetCookie()[0]!.split(";")[0]!;
    const login = await fetch(new URL(admitted.headers.get("location")!, url), { headers: { cookie: access }, redirect: "manual" });
    expect(login.status).toBe(200);
    expect(login.headers.get("x-frame-options")).toBeNull();
    expect(login.headers.get("content-security-policy")).toBe("frame-ancestors http://127.0.0.1:3000");
    expect(await login.text()).toContain("password");

    // The generated admin password works through the proxy (JSON-RPC, as Odoo's login form does).
    const auth = await fetch(new URL("/web/session/authenticate", url), {
      method: "POST",
      headers: { cookie: access, "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", params: { db: url.searchParams.get("db"), login: preview.login, password: preview.password } }),
    });
    const session = (await auth.json()) as { result?: { uid?: number }; error?: unknown };
    expect(session.error).toBeUndefined();
    expect(session.result?.uid).toBe(2);

    await sandbox.destroy();
    expect(await databaseExists(sandbox.externalId)).toBe(false);
    expect((await fetch(url, { redirect: "manual" }).catch(() => null))?.status ?? "closed").toBe("closed");
  }, 600_000);

  it("runs two previews at once on different ports, and the reaper path drops a sandbox by id", async () => {
    const [a, b] = await Promise.all([
      provider.create({ odooVersion: version, depends: ["base"], timeoutMs: 60_000, labels: {} }),
      provider.create({ odooVersion: version, depends: ["base"], timeoutMs: 60_000, labels: {} }),
    ]);
    created.push(a!, b!);
    const [pa, pb] = await Promise.all([a!.startServer({ demo: false }), b!.startServer({ demo: false })]);
    expect(new URL(pa.previewUrl).port).not.toBe(new URL(pb.previewUrl).port);
    expect((await a!.health()).healthy && (await b!.health()).healthy).toBe(true);
    await a!.destroy();
    // As the reaper would after a restart: by external id only.
    await b!.destroy();
    await provider.destroyExternal(b!.externalId);
    expect(await databaseExists(a!.externalId)).toBe(false);
    expect(await databaseExists(b!.externalId)).toBe(false);
  }, 600_000);

  it("starts a preview sandbox with demo data when asked (the customer's UAT is not empty)", async () => {
    const sandbox = await provider.create({ odooVersion: version, depends: ["base"], timeoutMs: 60_000, labels: {}, demo: true });
    created.push(sandbox);
    const rows = await psql("SELECT demo FROM ir_module_module WHERE name = 'base'", sandbox.externalId);
    expect(rows[0]?.[0]).toBe("t");
    await sandbox.destroy();
  }, 600_000);
});
