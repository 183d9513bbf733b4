/**
 * The template's in-sandbox scripts on real Odoo, on this machine instead of in an image: the
 * same shared/bin scripts and proxy bundle, pointed at a local Odoo tree and a throwaway layout
 * under /tmp through their OMB_* overrides. Proves what the fakes in e2b/fly tests assume:
 * build-template-db.sh builds a template, write-module.sh unpacks the zip the Fly adapter sends,
 * install.sh prints a log + result line that verdictFromInstallOutput turns into the right
 * verdict, serve.sh brings up Odoo and the preview proxy (bound to 127.0.0.1 here).
 * Needs root (the scripts switch to the `odoo` user), that user, PostgreSQL and an Odoo tree
 * (scripts/setup-odoo.sh); skipped with the reason otherwise.
 */
import { spawnSync } from "node:child_process";
import { chownSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildProxyBundle } from "@/scripts/build-sandbox-proxy";
import { zipModule } from "@/server/odoo/module-files";
import { ODOO_VERSIONS, odooAvailability } from "@/server/odoo/runtime";
import { sampleModule } from "@/server/odoo/runtime/fixtures/sample-module";
import { freePort } from "@/server/odoo/runtime/runner";
import { PREVIEW_QUERY_PARAM, sandboxCookieNames } from "./preview-proxy";
import { signPreviewToken } from "./preview-token";
import { installCommand, sandboxPreviewKey, verdictFromInstallOutput } from "./templates";

const candidates = await Promise.all(ODOO_VERSIONS.map(async (v) => ({ v, a: await odooAvailability(v) })));
const chosen = candidates.find((c) => c.v === "17" && c.a.ok) ?? candidates.find((c) => c.a.ok);
const uid = (name: string) => {
  const result = spawnSync("id", ["-u", name], { encoding: "utf8" });
  return result.status === 0 ? Number(result.stdout.trim()) : null;
};
const gid = (name: string) => {
  const result = spawnSync("id", ["-g", name], { encoding: "utf8" });
  return result.status === 0 ? Number(result.stdout.trim()) : null;
};
const skip =
  process.getuid?.() !== 0
    ? "needs root (the scripts run Odoo as the odoo user)"
    : uid("odoo") === null
      ? "no `odoo` system user (scripts/setup-odoo.sh)"
      : spawnSync("pg_isready", ["-q"]).status !== 0
        ? "PostgreSQL is not answering"
        : !chosen
          ? `no Odoo tree: ${candidates.map((c) => (c.a.ok ? "" : `${c.v}: ${c.a.reason}`)).join("; ")}`
          : null;
if (skip) console.warn(`[template scripts on real Odoo] skipped: ${skip}`);

const suffix = Math.random().toString(36).slice(2, 8);
const root = skip ? "" : mkdtempSync("/tmp/omb-template-test-");
const etc = path.join(root, "etc");
const home = path.join(root, "home");
const addons = path.join(root, "addons");
const secret = "t".repeat(40);
const sandboxId = `tpl-test-${suffix}`;
let ports = { odoo: 0, proxy: 0 };

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: "test",
    PATH: "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
    OMB_ETC: etc,
    OMB_HOME: home,
    OMB_ADDONS_DIR: addons,
    // Outside the local runtime's omb_sbx_/omb_tpl_ names, so its sweeper never touches them.
    OMB_TEMPLATE_DB: `ombt_tpl_${suffix}`,
    OMB_DB: `ombt_sbx_${suffix}`,
    OMB_ODOO_PORT: String(ports.odoo),
    OMB_PROXY_PORT: String(ports.proxy),
    OMB_PROXY_BIND: "127.0.0.1",
    OMB_PROXY_USER: "odoo",
    ...extra,
  };
}

function script(name: string, args: string[] = [], options: { input?: string; extra?: Record<string, string>; timeoutMs?: number } = {}) {
  const result = spawnSync(path.join(etc, "bin", name), args, {
    env: env(options.extra),
    input: options.input,
    encoding: "utf8",
    timeout: options.timeoutMs ?? 240_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function get(port: number, urlPath: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: urlPath, headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

afterAll(() => {
  if (skip) return;
  // Only what serve.sh started, by the process groups it recorded.
  for (const name of ["proxy", "odoo"]) {
    const pid = Number(spawnSync("cat", [path.join(home, "run", `${name}.pid`)], { encoding: "utf8" }).stdout.trim());
    if (pid > 1) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  for (const database of [`ombt_sbx_${suffix}`, `ombt_tpl_${suffix}`]) {
    spawnSync("runuser", ["-u", "odoo", "--", "dropdb", "--if-exists", "--force", database]);
  }
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe.skipIf(skip !== null)(`template scripts on real Odoo ${chosen?.v ?? ""}`, () => {
  const version = chosen?.v ?? "17";

  it("build the template, install with tests into its clone, and serve the preview", async () => {
    ports = { odoo: await freePort(), proxy: await freePort() };
    const tree = chosen!.a.ok ? chosen!.a.tree : null;
    mkdirSync(etc, { recursive: true });
    cpSync(path.resolve("sandbox-templates/shared/bin"), path.join(etc, "bin"), { recursive: true });
    await buildProxyBundle(path.join(etc, "omb-preview-proxy.mjs"));
    writeFileSync(path.join(etc, "omb.env"), `ODOO_VERSION=${version}\nODOO_ROOT=${tree!.root}\n`);
    writeFileSync(path.join(etc, "odoo.conf"), "[options]\n");
    for (const dir of [home, addons]) {
      mkdirSync(dir, { recursive: true });
      chownSync(dir, uid("odoo")!, gid("odoo")!);
    }
    spawnSync("chmod", ["-R", "a+rX", root]);

    const built = script("build-template-db.sh", ["base"]);
    expect(built.code, `${built.stdout}\n${built.stderr}`).toBe(0);

    const zip = Buffer.from(zipModule("omb_tpl_sample", sampleModule(version, "omb_tpl_sample"))).toString("base64");
    const written = script("write-module.sh", ["omb_tpl_sample"], { input: zip });
    expect(written.code, written.stderr).toBe(0);

    const [, ...args] = installCommand("omb_tpl_sample", { tests: true, timeoutMs: 180_000 });
    const installed = script("install.sh", args);
    expect(installed.code, installed.stderr).toBe(0);
    const verdict = verdictFromInstallOutput(installed.stdout, "omb_tpl_sample", 0);
    expect(verdict, verdict.log.slice(-3000)).toMatchObject({ state: "installed", installed: true, testsRun: 2, testsFailed: 0, errors: [] });

    script("write-module.sh", ["omb_tpl_broken"], {
      input: Buffer.from(zipModule("omb_tpl_broken", sampleModule(version, "omb_tpl_broken", "broken-view"))).toString("base64"),
    });
    const broken = verdictFromInstallOutput(script("install.sh", ["omb_tpl_broken", "1", "180"]).stdout, "omb_tpl_broken", 0);
    expect(broken.state).toBe("failed");
    expect(broken.errors.some((error) => error.kind === "parse")).toBe(true);

    // Killed at its timeout (SIGKILL, so Odoo cannot commit the install on the way out).
    script("write-module.sh", ["omb_tpl_slow"], {
      input: Buffer.from(zipModule("omb_tpl_slow", sampleModule(version, "omb_tpl_slow"))).toString("base64"),
    });
    const slow = verdictFromInstallOutput(script("install.sh", ["omb_tpl_slow", "1", "1"]).stdout, "omb_tpl_slow", 0);
    expect(slow.state).toBe("timeout");
    expect(slow.installed).toBe(false);

    const key = sandboxPreviewKey(secret, sandboxId);
    const served = script("serve.sh", [], {
      input: "s3cret-pass\n",
      extra: { OMB_SANDBOX_ID: sandboxId, OMB_PREVIEW_KEY: key, OMB_APP_ORIGIN: "https://app.example.com", OMB_CROSS_SITE_COOKIES: "1" },
    });
    expect(served.code, served.stderr).toBe(0);
    expect((await get(ports.proxy, "/web/login")).status).toBe(403);
    const token = signPreviewToken(key, sandboxId, new Date(Date.now() + 10 * 60_000));
    const admitted = await get(ports.proxy, `/web/login?db=ombt_sbx_${suffix}&${PREVIEW_QUERY_PARAM}=${token}`);
    expect(admitted.status).toBe(302);
    const page = await get(ports.proxy, `/web/login?db=ombt_sbx_${suffix}`, { cookie: `${sandboxCookieNames(sandboxId).access}=${token}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain("oe_login_form");
    expect(page.headers["x-frame-options"]).toBeUndefined();
  }, 600_000);
});
