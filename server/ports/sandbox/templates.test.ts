import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { odooVersions } from "@/lib/odoo-versions";
import { buildProxyBundle } from "@/scripts/build-sandbox-proxy";
import { PREVIEW_QUERY_PARAM, sandboxCookieNames } from "./preview-proxy";
import { signPreviewToken } from "./preview-token";
import { healthFromOutput, hostedTemplates, installCommand, sandboxPreviewKey, shellCommand, verdictFromInstallOutput } from "./templates";

const templatesRoot = path.resolve("sandbox-templates");

/** The Odoo sources of docs/ODOO.md (repository, commit) the images must fetch. */
const ODOO_SOURCES = {
  16: ["init-tech-solution/odoo-nightly", "145acfbf9c8a107a2e2d5718fefaacee0ea39cc7"],
  17: ["Clyde1030/odoo17", "62a16a12e3e0e898e712402d0bf2ec62f31a6964"],
  18: ["hlaadhari/odoo-18.0", "1b5d156449e9794be555824400d9920c5670aef2"],
  19: ["Manognaaaaaa/Campus_events_erp_Odoo", "738b31d24facde1c62fdb3234adba9319e729120"],
} as const;

describe("sandbox templates", () => {
  it.each(odooVersions)("Odoo %s has a template folder: image recipe, E2B config, build context", (version) => {
    const dir = path.join(templatesRoot, `odoo-${version}`);
    const dockerfile = readFileSync(path.join(dir, "e2b.Dockerfile"), "utf8");
    const [repo, commit] = ODOO_SOURCES[version];
    expect(dockerfile).toMatch(/^FROM debian:bookworm/m);
    expect(dockerfile).toContain(`ARG ODOO_REPO=${repo}`);
    expect(dockerfile).toContain(`ARG ODOO_COMMIT=${commit}`);
    for (const needed of ["postgresql", "python3-psycopg2", "python3-passlib", "nodejs", "useradd --system", "build-template-db.sh base,mail"]) {
      expect(dockerfile).toContain(needed);
    }
    expect(dockerfile).toContain("COPY .build/omb-preview-proxy.mjs /opt/omb/omb-preview-proxy.mjs");
    expect(dockerfile).toContain(`ODOO_VERSION=${version}`);
    const toml = readFileSync(path.join(dir, "e2b.toml"), "utf8");
    expect(toml).toContain(`template_name = "omb-odoo-${version}"`);
    expect(toml).toContain('dockerfile = "e2b.Dockerfile"');
    expect(toml).toMatch(/^start_cmd = ".*\/opt\/omb\/bin\/start\.sh"$/m);
    expect(readFileSync(path.join(dir, ".dockerignore"), "utf8")).toContain("!.build/");
  });

  it("ships the in-sandbox scripts, executable and valid bash", () => {
    const bin = path.join(templatesRoot, "shared", "bin");
    for (const script of ["lib.sh", "start.sh", "install.sh", "serve.sh", "write-module.sh", "build-template-db.sh"]) {
      const file = path.join(bin, script);
      expect(statSync(file).mode & 0o111, `${script} is executable`).not.toBe(0);
      execFileSync("bash", ["-n", file]);
    }
    // The script's result line is the one the adapters parse.
    expect(readFileSync(path.join(bin, "install.sh"), "utf8")).toContain("# omb-result exit=%s timed_out=%s ms=%s state=%s");
  });

  it("maps versions to templates, overridable per version", () => {
    const templates = hostedTemplates({ E2B_TEMPLATE_ODOO_18: "abc123", FLY_IMAGE_ODOO_16: "registry.fly.io/x:16" });
    expect(templates["17"]).toEqual({ version: "17", folder: "sandbox-templates/odoo-17", e2bTemplate: "omb-odoo-17", flyImage: null });
    expect(templates["18"].e2bTemplate).toBe("abc123");
    expect(templates["16"].flyImage).toBe("registry.fly.io/x:16");
    for (const template of Object.values(templates)) expect(existsSync(path.resolve(template.folder))).toBe(true);
  });

  it("reads install.sh output and quotes commands", () => {
    expect(installCommand("my_mod", { tests: true, timeoutMs: 90_500 })).toEqual(["/opt/omb/bin/install.sh", "my_mod", "1", "91"]);
    expect(shellCommand(["echo", "a b", "it's", "--x=1"])).toBe(`echo 'a b' 'it'\\''s' --x=1`);
    const verdict = verdictFromInstallOutput("# omb-result exit=0 timed_out=0 ms=10 state=to install\n", "my_mod", 5);
    expect(verdict.state).toBe("failed");
    expect(verdict.errors[0]!.message).toContain("(state: to install)");
    expect(sandboxPreviewKey("a".repeat(32), "x")).not.toBe(sandboxPreviewKey("a".repeat(32), "y"));
    expect(healthFromOutput("200 403", "log")).toEqual({ healthy: true, detail: "Odoo answered 200" });
    expect(healthFromOutput("000 403", "log")).toMatchObject({ healthy: false, detail: expect.stringMatching(/^Odoo is not answering/) });
    expect(healthFromOutput("303 000", "log")).toMatchObject({ healthy: false, detail: expect.stringMatching(/^The preview proxy/) });
  });
});

type Answer = { status: number; headers: IncomingHttpHeaders; body: string };
function get(port: number, urlPath: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: urlPath, headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The bundle the images COPY, built and run as the image runs it: node + env, nothing else. */
describe("in-sandbox preview proxy bundle", () => {
  const secret = "k".repeat(40);
  const sandboxId = "5a1d0c3e-sbx";
  const key = sandboxPreviewKey(secret, sandboxId);
  let dir = "";
  let odoo: Server;
  let child: ChildProcess;
  let port = 0;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "omb-proxy-bundle-"));
    const bundle = await buildProxyBundle(path.join(dir, "omb-preview-proxy.mjs"));
    odoo = createServer((req, res) => {
      res.writeHead(200, { "x-frame-options": "DENY", "set-cookie": "session_id=abc; Path=/; HttpOnly" });
      res.end(`odoo ${req.url}`);
    });
    await new Promise<void>((resolve) => odoo.listen(0, "127.0.0.1", resolve));
    child = spawn(process.execPath, [bundle], {
      env: {
        NODE_ENV: "production",
        PATH: process.env.PATH,
        PORT: "0",
        BIND_HOST: "127.0.0.1",
        UPSTREAM: `127.0.0.1:${(odoo.address() as AddressInfo).port}`,
        SECRET: key,
        SANDBOX_ID: sandboxId,
        APP_ORIGIN: "https://app.example.com",
        PREVIEW_DOMAIN: "preview.example.com",
        FLY_MACHINE_ID: "e28650f",
        CROSS_SITE_COOKIES: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        out += chunk;
        const match = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.stderr!.on("data", (chunk: Buffer) => reject(new Error(String(chunk))));
      child.on("exit", (code) => reject(new Error(`proxy exited with ${code}`)));
    });
  });
  afterAll(async () => {
    child?.kill("SIGTERM");
    await new Promise<void>((resolve) => odoo?.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("is one self-contained file", () => {
    const source = readFileSync(path.join(dir, "omb-preview-proxy.mjs"), "utf8");
    expect(source).toContain("Generated by scripts/build-sandbox-proxy.ts");
    expect(source).not.toMatch(/from\s+["'](?!node:)[^"']+["']/);
  });

  it("admits only the sandbox's token, then proxies Odoo without its framing header", async () => {
    expect((await get(port, "/web/login")).status).toBe(403);
    const wrong = signPreviewToken(secret, sandboxId, new Date(Date.now() + 60_000));
    expect((await get(port, `/web/login?${PREVIEW_QUERY_PARAM}=${wrong}`)).status).toBe(403);

    const token = signPreviewToken(key, sandboxId, new Date(Date.now() + 60_000));
    const admitted = await get(port, `/web/login?db=omb_sbx&${PREVIEW_QUERY_PARAM}=${token}`, { host: "e28650f.preview.example.com" });
    expect(admitted.status).toBe(302);
    expect(admitted.headers.location).toBe("/web/login?db=omb_sbx");
    // Storable inside a cross-site iframe (the app framing *.e2b.app).
    expect(admitted.headers["set-cookie"]?.[0]).toMatch(/; HttpOnly; Max-Age=\d+; SameSite=None; Secure; Partitioned$/);
    const names = sandboxCookieNames(sandboxId);
    const page = await get(port, "/web/login?db=omb_sbx", { host: "e28650f.preview.example.com", cookie: `${names.access}=${token}` });
    expect(page.status).toBe(200);
    expect(page.body).toBe("odoo /web/login?db=omb_sbx");
    expect(page.headers["x-frame-options"]).toBeUndefined();
    expect(page.headers["content-security-policy"]).toBe("frame-ancestors https://app.example.com");
    expect(page.headers["set-cookie"]?.[0]).toBe(`${names.session}=abc; Path=/; HttpOnly; SameSite=None; Secure; Partitioned`);
  });

  it("replays requests for another machine to it (Fly routing)", async () => {
    const other = await get(port, "/web", { host: "e28651a.preview.example.com" });
    expect(other.status).toBe(204);
    expect(other.headers["fly-replay"]).toBe("instance=e28651a");
    expect((await get(port, "/web", { host: "e28650f.preview.example.com" })).headers["fly-replay"]).toBeUndefined();
  });
});
