import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PREVIEW_QUERY_PARAM, type PreviewProxy, sandboxCookieNames, startPreviewProxy } from "./preview-proxy";
import { signPreviewToken, verifyPreviewToken } from "./preview-token";

const secret = "p".repeat(40);
const sandboxId = "sbx-1234";
const names = sandboxCookieNames(sandboxId);

type Answer = { status: number; headers: IncomingHttpHeaders; body: string };
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Behaves like Odoo where it matters: framing headers, a session cookie, absolute redirects, a WebSocket. */
describe("preview proxy", () => {
  let upstream: Server;
  let upstreamPort = 0;
  let proxy: PreviewProxy;
  const seen: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      seen.push(req.headers);
      if (req.url === "/web") {
        res.writeHead(303, { location: `http://127.0.0.1:${upstreamPort}/web/login?redirect=%2Fweb` });
        return res.end();
      }
      res.writeHead(200, {
        "content-type": "text/html",
        "x-frame-options": "DENY",
        "content-security-policy": "frame-ancestors 'self'",
        "set-cookie": ["session_id=abc123; Expires=Wed, 01 Jan 2031 00:00:00 GMT; HttpOnly; Path=/; SameSite=Lax", "frontend_lang=en_US; Path=/"],
      });
      res.end(`<html>Odoo login for ${req.headers.host}</html>`);
    });
    upstream.on("upgrade", (req, socket) => {
      socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
      socket.on("data", (data: Buffer) => socket.write(`echo:${data.toString()}|cookie:${req.headers.cookie ?? ""}`));
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    upstreamPort = (upstream.address() as AddressInfo).port;
    proxy = await startPreviewProxy({
      sandboxId,
      secret,
      upstream: { host: "127.0.0.1", port: upstreamPort },
      appOrigin: "http://localhost:3000",
    });
  });
  afterAll(async () => {
    await proxy.close();
    upstream.close();
  });

  const token = () => signPreviewToken(secret, sandboxId, new Date(Date.now() + 60 * 60 * 1000));

  it("refuses requests without a valid, unexpired token for this sandbox", async () => {
    expect((await get(proxy.port, "/web/login")).status).toBe(403);
    expect((await get(proxy.port, `/web/login?${PREVIEW_QUERY_PARAM}=garbage`)).status).toBe(403);
    const otherSandbox = signPreviewToken(secret, "sbx-other", new Date(Date.now() + 60_000));
    expect((await get(proxy.port, `/web/login?${PREVIEW_QUERY_PARAM}=${otherSandbox}`)).status).toBe(403);
    const expired = signPreviewToken(secret, sandboxId, new Date(Date.now() - 1000));
    const answer = await get(proxy.port, `/web/login?${PREVIEW_QUERY_PARAM}=${expired}`);
    expect(answer.status).toBe(403);
    expect(answer.body).toContain("expired");
    expect(seen).toHaveLength(0);
  });

  it("trades the query token for an HttpOnly cookie and strips it from the URL", async () => {
    const answer = await get(proxy.port, `/web/login?db=x&${PREVIEW_QUERY_PARAM}=${token()}`);
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toBe("/web/login?db=x");
    const cookie = answer.headers["set-cookie"]?.[0] ?? "";
    expect(cookie).toMatch(new RegExp(`^${names.access}=`));
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
  });

  it("proxies with the cookie: framing allowed for the app only, Odoo's cookies renamed, the app's never forwarded", async () => {
    const answer = await get(proxy.port, "/web/login", {
      cookie: `${names.access}=${token()}; next-auth.session-token=APP-SECRET; ${names.session}=abc123; ${names.session}_frontend_lang=en_US`,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers["x-frame-options"]).toBeUndefined();
    expect(answer.headers["content-security-policy"]).toBe("frame-ancestors http://localhost:3000");
    expect(answer.headers["set-cookie"]).toEqual([
      `${names.session}=abc123; Expires=Wed, 01 Jan 2031 00:00:00 GMT; HttpOnly; Path=/; SameSite=Lax`,
      `${names.session}_frontend_lang=en_US; Path=/; SameSite=Lax`,
    ]);
    const forwarded = seen.at(-1)!;
    expect(forwarded.cookie).toBe("session_id=abc123; frontend_lang=en_US");
    expect(forwarded.cookie).not.toContain("APP-SECRET");
    expect(forwarded.cookie).not.toContain(names.access);
  });

  it("rewrites redirects that point at the upstream to the proxy", async () => {
    const answer = await get(proxy.port, "/web", { cookie: `${names.access}=${token()}` });
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe("/web/login?redirect=%2Fweb");
  });

  it("passes WebSocket upgrades through for admitted clients only", async () => {
    const exchange = (cookie: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(proxy.port, "127.0.0.1", () => {
          socket.write(
            `GET /websocket HTTP/1.1\r\nHost: 127.0.0.1:${proxy.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nCookie: ${cookie}\r\n\r\n`,
          );
        });
        let data = "";
        socket.on("data", (chunk: Buffer) => {
          data += chunk.toString();
          if (data.includes("101 Switching") && !data.includes("echo:")) socket.write("ping");
          if (data.includes("echo:") || data.includes("403")) {
            socket.destroy();
            resolve(data);
          }
        });
        socket.on("close", () => resolve(data));
      });
    expect(await exchange("nothing=1")).toContain("403 Forbidden");
    const ok = await exchange(`${names.access}=${token()}; ${names.session}=abc123`);
    expect(ok).toContain("101 Switching Protocols");
    expect(ok).toContain("echo:ping|cookie:session_id=abc123");
  });

  it("answers 502 with a clear page when Odoo is down", async () => {
    const dead = await startPreviewProxy({ sandboxId, secret, upstream: { host: "127.0.0.1", port: 1 }, appOrigin: "http://localhost:3000" });
    const answer = await get(dead.port, "/web/login", { cookie: `${names.access}=${token()}` });
    await dead.close();
    expect(answer.status).toBe(502);
    expect(answer.body).toContain("not answering");
  });
});

describe("preview tokens", () => {
  it("bind a sandbox and an expiry", () => {
    const expiresAt = new Date("2026-11-22T12:00:00Z");
    const t = signPreviewToken(secret, "a", expiresAt);
    expect(verifyPreviewToken(secret, "a", t, new Date("2026-11-22T11:00:00Z"))).toEqual({ ok: true, expiresAt });
    expect(verifyPreviewToken(secret, "a", t, new Date("2026-11-22T12:00:00Z"))).toEqual({ ok: false, reason: "expired" });
    expect(verifyPreviewToken(secret, "b", t).ok).toBe(false);
    expect(verifyPreviewToken("q".repeat(40), "a", t).ok).toBe(false);
    expect(verifyPreviewToken(secret, "a", t.replace(/^\d+/, "9999999999")).ok).toBe(false);
  });
});
