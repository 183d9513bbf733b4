/**
 * The preview proxy: what stands between a customer's browser and a sandbox's Odoo so the app
 * can show Odoo in an iframe.
 *
 * Odoo refuses framing (`X-Frame-Options: DENY` on /web, `frame-ancestors 'self'` on /web/login)
 * and its `session_id` cookie is host-wide. The proxy, one per sandbox on 127.0.0.1:
 *   - admits only requests carrying the sandbox's preview token: `?omb_preview=<token>` once
 *     (then kept in an HttpOnly cookie and stripped from the URL by a redirect), or that cookie;
 *   - strips the framing headers and allows framing by the app's origin only;
 *   - renames Odoo's session cookie per sandbox (cookies ignore ports, so two previews on one
 *     host would otherwise log each other out) and never forwards the app's own cookies;
 *   - rewrites absolute redirects that point at the upstream to the proxy's origin;
 *   - passes WebSocket upgrades through (Odoo's bus).
 * The browser reaches the proxy on the app's host name, so the iframe is same-site with the app
 * and Odoo's SameSite=Lax cookie works without third-party cookies.
 */
import { createServer, type IncomingMessage, request as httpRequest, type Server, type ServerResponse } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { PREVIEW_QUERY_PARAM, verifyPreviewToken } from "./preview-token";

export { PREVIEW_QUERY_PARAM } from "./preview-token";

export interface PreviewProxyOptions {
  sandboxId: string;
  upstream: { host: string; port: number };
  /** Verifies preview tokens (see preview-token.ts). */
  secret: string;
  /** The app's origin, the only one allowed to frame the preview, e.g. http://localhost:3000. */
  appOrigin: string;
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  /**
   * Address to listen on: 127.0.0.1 (the default, and always for the local provider). Only a
   * hosted sandbox, whose provider edge reaches it over its own network, listens wider.
   */
  host?: string;
  /**
   * The preview's host is not same-site with the app (e.g. `8080-<id>.e2b.app` framed by the
   * app): browsers refuse SameSite=Lax cookies set inside a cross-site iframe, so the proxy's
   * cookies become `SameSite=None; Secure; Partitioned` (CHIPS; https by the provider's edge).
   */
  crossSiteCookies?: boolean;
  /**
   * Answers a request before admission when it is not for this sandbox, e.g. Fly's
   * `fly-replay: instance=<id>` to send it to the right machine. Null: handle it here.
   */
  redirectElsewhere?: (req: IncomingMessage) => Record<string, string> | null;
  now?: () => Date;
}

export interface PreviewProxy {
  port: number;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

export function sandboxCookieNames(sandboxId: string) {
  const slug = sandboxId.replace(/[^A-Za-z0-9]/g, "").slice(0, 24);
  return { access: `omb_pv_${slug}`, session: `omb_pv_${slug}_sid` };
}

function parseCookies(header: string | undefined): [string, string][] {
  if (!header) return [];
  return header
    .split(";")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf("=");
      return at < 0 ? [part, ""] : [part.slice(0, at), part.slice(at + 1)];
    });
}

/** Odoo's cookies as the sandbox set them: ours renamed back, everything else (the app's) dropped. */
function upstreamCookieHeader(header: string | undefined, names: ReturnType<typeof sandboxCookieNames>): string | null {
  const kept = parseCookies(header)
    .filter(([name]) => name === names.session || name.startsWith(`${names.session}_`))
    .map(([name, value]) => `${name === names.session ? "session_id" : name.slice(names.session.length + 1)}=${value}`);
  return kept.length ? kept.join("; ") : null;
}

function sameSite(crossSite: boolean): string {
  return crossSite ? "SameSite=None; Secure; Partitioned" : "SameSite=Lax";
}

/** `session_id=abc; Path=/; HttpOnly; SameSite=Lax; Secure` → our name, our SameSite, no Domain. */
function rewriteSetCookie(cookie: string, names: ReturnType<typeof sandboxCookieNames>, crossSite: boolean): string {
  const [pair = "", ...attributes] = cookie.split(";").map((part) => part.trim());
  const at = pair.indexOf("=");
  const name = at < 0 ? pair : pair.slice(0, at);
  const value = at < 0 ? "" : pair.slice(at + 1);
  const renamed = name === "session_id" ? names.session : `${names.session}_${name}`;
  const kept = attributes.filter((attribute) => !/^(domain|samesite|secure|partitioned)\b/i.test(attribute));
  return [`${renamed}=${value}`, ...kept, sameSite(crossSite)].join("; ");
}

function deny(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(
    `<!doctype html><meta charset="utf-8"><title>Preview unavailable</title>` +
      `<body style="font-family:system-ui;padding:2rem;color:#333"><h1 style="font-size:1.25rem">Preview unavailable</h1><p>${message}</p></body>`,
  );
}

export async function startPreviewProxy(options: PreviewProxyOptions): Promise<PreviewProxy> {
  const names = sandboxCookieNames(options.sandboxId);
  const now = options.now ?? (() => new Date());
  const upstreamOrigin = `http://${options.upstream.host}:${options.upstream.port}`;

  /** The token of a request (query first, then cookie), checked. */
  const admit = (req: IncomingMessage) => {
    const url = new URL(req.url ?? "/", "http://proxy.invalid");
    const fromQuery = url.searchParams.get(PREVIEW_QUERY_PARAM);
    const fromCookie = parseCookies(req.headers.cookie).find(([name]) => name === names.access)?.[1];
    const token = fromQuery ?? fromCookie;
    if (!token) return { ok: false as const, reason: "This preview link is missing its access token. Open it from your project page." };
    const check = verifyPreviewToken(options.secret, options.sandboxId, token, now());
    if (!check.ok) {
      return {
        ok: false as const,
        reason: check.reason === "expired" ? "This preview has expired. Start a new one from your project page." : "This preview link is not valid.",
      };
    }
    return { ok: true as const, token, fromQuery: fromQuery !== null, url, expiresAt: check.expiresAt };
  };

  const forwardHeaders = (req: IncomingMessage, proxyHost: string) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name) || name === "cookie") continue;
      headers[name] = value;
    }
    const cookie = upstreamCookieHeader(req.headers.cookie, names);
    if (cookie) headers.cookie = cookie;
    headers["x-forwarded-host"] = proxyHost;
    headers["x-forwarded-proto"] = "http";
    return headers;
  };

  const crossSite = options.crossSiteCookies ?? false;
  const elsewhere = (req: IncomingMessage) => options.redirectElsewhere?.(req) ?? null;

  const server: Server = createServer((req, res) => {
    const redirect = elsewhere(req);
    if (redirect) {
      res.writeHead(204, { ...redirect, "cache-control": "no-store" });
      return res.end();
    }
    const admitted = admit(req);
    if (!admitted.ok) return deny(res, 403, admitted.reason);
    if (admitted.fromQuery) {
      // Keep the token out of Odoo's logs, the address bar and Referer headers: cookie + redirect.
      admitted.url.searchParams.delete(PREVIEW_QUERY_PARAM);
      const maxAge = Math.max(0, Math.floor((admitted.expiresAt.getTime() - now().getTime()) / 1000));
      res.writeHead(302, {
        location: `${admitted.url.pathname}${admitted.url.search}`,
        "set-cookie": `${names.access}=${admitted.token}; Path=/; HttpOnly; Max-Age=${maxAge}; ${sameSite(crossSite)}`,
        "cache-control": "no-store",
      });
      return res.end();
    }
    const proxyHost = req.headers.host ?? `127.0.0.1:${port}`;
    const upstream = httpRequest(
      {
        host: options.upstream.host,
        port: options.upstream.port,
        method: req.method,
        path: req.url,
        headers: forwardHeaders(req, proxyHost),
      },
      (upstreamRes) => {
        const headers: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(upstreamRes.headers)) {
          if (value === undefined || HOP_BY_HOP.has(name)) continue;
          if (name === "x-frame-options" || name === "content-security-policy") continue;
          headers[name] = value;
        }
        headers["content-security-policy"] = `frame-ancestors ${options.appOrigin}`;
        const setCookie = upstreamRes.headers["set-cookie"];
        if (setCookie) headers["set-cookie"] = setCookie.map((cookie) => rewriteSetCookie(cookie, names, crossSite));
        const location = upstreamRes.headers.location;
        if (location?.startsWith(upstreamOrigin)) headers.location = location.slice(upstreamOrigin.length) || "/";
        res.writeHead(upstreamRes.statusCode ?? 502, headers);
        upstreamRes.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) deny(res, 502, "The Odoo instance behind this preview is not answering. It may still be starting, or it has stopped.");
      else res.destroy();
    });
    req.pipe(upstream);
  });

  // Upgraded sockets leave the HTTP server's bookkeeping: track them so close() can end them.
  const tunnels = new Set<Socket>();
  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const redirect = elsewhere(req);
    if (redirect) {
      const lines = Object.entries(redirect).map(([name, value]) => `${name}: ${value}\r\n`).join("");
      socket.end(`HTTP/1.1 204 No Content\r\n${lines}Connection: close\r\n\r\n`);
      return;
    }
    const admitted = admit(req);
    if (!admitted.ok || admitted.fromQuery) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
      return;
    }
    const upstream = connect(options.upstream.port, options.upstream.host, () => {
      const headers = forwardHeaders(req, req.headers.host ?? "");
      headers.connection = "Upgrade";
      headers.upgrade = req.headers.upgrade ?? "websocket";
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (const [name, value] of Object.entries(headers)) {
        for (const item of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${item}`);
      }
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    tunnels.add(socket).add(upstream);
    const close = () => {
      upstream.destroy();
      socket.destroy();
      tunnels.delete(socket);
      tunnels.delete(upstream);
    };
    upstream.on("error", close).on("close", close);
    socket.on("error", close).on("close", close);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of tunnels) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
