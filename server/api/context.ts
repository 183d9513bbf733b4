import "server-only";
import { getCurrentUser } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { getBlobStore } from "@/server/ports";
import { getEnv } from "@/server/env";
import { clientIp } from "@/server/request";
import { type Context, createContextInner } from "./trpc";

/** Context for a request (HTTP handler or server component), from its headers and session. */
export async function createTRPCContext(opts: { headers: Headers }): Promise<Context> {
  const env = getEnv();
  const [db, user] = await Promise.all([getDb(), getCurrentUser()]);
  return createContextInner({ db, storage: getBlobStore(), user, ip: clientIp(opts.headers, env.trustProxy) });
}
