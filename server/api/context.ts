import "server-only";
import { sendEvent } from "@/inngest/send";
import { getCurrentUser } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { getBlobStore, getSandboxProvider } from "@/server/ports";
import { processSandboxRegistry } from "@/server/services/sandboxes/sandboxes";
import { getEnv } from "@/server/env";
import { clientIp } from "@/server/request";
import { type Context, createContextInner } from "./trpc";

/** Context for a request (HTTP handler or server component), from its headers and session. */
export async function createTRPCContext(opts: { headers: Headers }): Promise<Context> {
  const env = getEnv();
  const [db, user] = await Promise.all([getDb(), getCurrentUser()]);
  return createContextInner({
    db,
    storage: getBlobStore(),
    sandboxes: { provider: getSandboxProvider(), registry: processSandboxRegistry(), ttlMs: env.SANDBOX_TTL_MINUTES * 60_000 },
    events: { send: sendEvent },
    user,
    ip: clientIp(opts.headers, env.trustProxy),
  });
}
