/**
 * The preview proxy inside a hosted sandbox (E2B template / Fly image), bundled with
 * server/ports/sandbox/preview-proxy.ts by scripts/build-sandbox-proxy.ts into one .mjs that
 * the images COPY. Everything is the app's own proxy; this entry only reads its configuration:
 *   - BIND_HOST:PORT: the provider's edge reaches the sandbox on its network interface;
 *   - on Fly with PREVIEW_DOMAIN set, requests for `<other machine>.<domain>` are answered with
 *     `fly-replay: instance=<id>` so Fly's edge replays them on the right machine;
 *   - CROSS_SITE_COOKIES=1 when the preview host is not same-site with the app (see the
 *     `crossSiteCookies` option of startPreviewProxy).
 *
 * Environment: PORT (8080), BIND_HOST (127.0.0.1), UPSTREAM (Odoo, 127.0.0.1:8069), SECRET (the
 * sandbox's preview key), SANDBOX_ID, APP_ORIGIN, and optionally PREVIEW_DOMAIN + FLY_MACHINE_ID,
 * CROSS_SITE_COOKIES.
 */
import type { IncomingMessage } from "node:http";
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

/** The machine a request is for, when that is not this one (Fly routing), else null. */
export function replayTarget(req: Pick<IncomingMessage, "headers">, config: SandboxProxyConfig): string | null {
  if (!config.previewDomain || !config.machineId) return null;
  const host = (req.headers.host ?? "").split(":")[0]!.toLowerCase();
  const suffix = `.${config.previewDomain.toLowerCase()}`;
  if (!host.endsWith(suffix)) return null;
  const machine = host.slice(0, -suffix.length);
  return /^[a-z0-9]+$/.test(machine) && machine !== config.machineId.toLowerCase() ? machine : null;
}

export function startSandboxProxy(config: SandboxProxyConfig) {
  return startPreviewProxy({
    sandboxId: config.sandboxId,
    secret: config.secret,
    upstream: config.upstream,
    appOrigin: config.appOrigin,
    port: config.port,
    host: config.bindHost,
    crossSiteCookies: config.crossSiteCookies,
    redirectElsewhere: (req) => {
      const target = replayTarget(req, config);
      return target ? { "fly-replay": `instance=${target}` } : null;
    },
  });
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
