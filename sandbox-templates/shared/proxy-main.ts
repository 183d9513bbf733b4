/**
 * The preview proxy inside a hosted sandbox (E2B template / Fly image), bundled with
 * server/ports/sandbox/preview-proxy.ts by scripts/build-sandbox-proxy.ts into one .mjs that
 * the images COPY. The token checks, framing headers and cookie renaming are the app's own code;
 * this entry only adds what a hosted sandbox needs around it:
 *   - a public listener (BIND_HOST:PORT; the provider's edge reaches the sandbox on its network
 *     interface, while startPreviewProxy binds 127.0.0.1 only) that passes requests and
 *     WebSocket upgrades through unchanged;
 *   - on Fly with PREVIEW_DOMAIN set: requests for `<other machine>.<domain>` are answered with
 *     `fly-replay: instance=<id>` so Fly's edge replays them on the right machine;
 *   - CROSS_SITE_COOKIES=1 when the preview host is not same-site with the app (e.g.
 *     `8080-<id>.e2b.app` framed by the app): browsers refuse to store SameSite=Lax cookies set
 *     inside a cross-site iframe, so the proxy's cookies become `SameSite=None; Secure;
 *     Partitioned` (CHIPS: kept per top-level site, not usable for tracking). The preview is
 *     served over https by the provider's edge, which `Secure` needs.
 *
 * Environment: PORT (8080), BIND_HOST (127.0.0.1), UPSTREAM (Odoo, 127.0.0.1:8069), SECRET (the
 * sandbox's preview key), SANDBOX_ID, APP_ORIGIN, and optionally PREVIEW_DOMAIN + FLY_MACHINE_ID,
 * CROSS_SITE_COOKIES.
 */
import { createServer, type IncomingMessage, request, type Server } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import { startPreviewProxy } from "../../server/ports/sandbox/preview-proxy";

export interface SandboxProxyConfig {
  port: number;
  bindHost: string;
  upstream: { host: string; port: number };
  secret: string;
  sandboxId: string;
  appOrigin: string;
  previewDomain?: string;
  machineId?: string;
  crossSiteCookies?: boolean;
}

export function configFromEnv(env: NodeJS.ProcessEnv): SandboxProxyConfig {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const [host = "127.0.0.1", port = "8069"] = (env.UPSTREAM ?? "127.0.0.1:8069").split(":");
  return {
    port: Number(env.PORT ?? 8080),
    bindHost: env.BIND_HOST ?? "127.0.0.1",
    upstream: { host, port: Number(port) },
    secret: required("SECRET"),
    sandboxId: required("SANDBOX_ID"),
    appOrigin: new URL(required("APP_ORIGIN")).origin,
    previewDomain: env.PREVIEW_DOMAIN || undefined,
    machineId: env.FLY_MACHINE_ID || undefined,
    crossSiteCookies: env.CROSS_SITE_COOKIES === "1",
  };
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection"]);

/** `a=b; Path=/; HttpOnly; SameSite=Lax` → the same cookie, storable inside a cross-site iframe. */
export function crossSiteCookie(cookie: string): string {
  const kept = cookie
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part && !/^(samesite|secure|partitioned)\b/i.test(part));
  return [...kept, "SameSite=None", "Secure", "Partitioned"].join("; ");
}

/** The machine a request is for, when that is not this one (Fly routing), else null. */
function replayTarget(req: IncomingMessage, config: SandboxProxyConfig): string | null {
  if (!config.previewDomain || !config.machineId) return null;
  const host = (req.headers.host ?? "").split(":")[0]!.toLowerCase();
  const suffix = `.${config.previewDomain.toLowerCase()}`;
  if (!host.endsWith(suffix)) return null;
  const machine = host.slice(0, -suffix.length);
  return /^[a-z0-9]+$/.test(machine) && machine !== config.machineId.toLowerCase() ? machine : null;
}

export async function startSandboxProxy(config: SandboxProxyConfig): Promise<{ port: number; close(): Promise<void> }> {
  const inner = await startPreviewProxy({
    sandboxId: config.sandboxId,
    secret: config.secret,
    upstream: config.upstream,
    appOrigin: config.appOrigin,
  });
  const server: Server = createServer((req, res) => {
    const target = replayTarget(req, config);
    if (target) {
      res.writeHead(204, { "fly-replay": `instance=${target}`, "cache-control": "no-store" });
      return res.end();
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
    const forward = request({ host: "127.0.0.1", port: inner.port, method: req.method, path: req.url, headers }, (answer) => {
      const back = Object.fromEntries(Object.entries(answer.headers).filter(([name, value]) => value !== undefined && !HOP_BY_HOP.has(name)));
      if (config.crossSiteCookies && answer.headers["set-cookie"]) back["set-cookie"] = answer.headers["set-cookie"].map(crossSiteCookie);
      res.writeHead(answer.statusCode ?? 502, back as Record<string, string | string[]>);
      answer.pipe(res);
    });
    forward.on("error", () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(forward);
  });
  const tunnels = new Set<Socket>();
  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const target = replayTarget(req, config);
    if (target) {
      socket.end(`HTTP/1.1 204 No Content\r\nfly-replay: instance=${target}\r\nConnection: close\r\n\r\n`);
      return;
    }
    const upstream = connect(inner.port, "127.0.0.1", () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let index = 0; index < req.rawHeaders.length; index += 2) lines.push(`${req.rawHeaders[index]}: ${req.rawHeaders[index + 1]}`);
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
    server.listen(config.port, config.bindHost, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of tunnels) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await inner.close();
    },
  };
}

/** Entry point of the bundle (scripts/build-sandbox-proxy.ts calls it); exits on a bad config. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config: SandboxProxyConfig;
  try {
    config = configFromEnv(env);
  } catch (error) {
    console.error(`omb-preview-proxy: ${(error as Error).message}`);
    process.exit(2);
  }
  const proxy = await startSandboxProxy(config);
  console.log(`omb-preview-proxy listening on ${config.bindHost}:${proxy.port} -> ${config.upstream.host}:${config.upstream.port}`);
  const stop = () => void proxy.close().then(() => process.exit(0));
  process.on("SIGTERM", stop).on("SIGINT", stop);
}
