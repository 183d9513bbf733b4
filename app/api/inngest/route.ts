import type { NextRequest } from "next/server";
import { serve } from "inngest/next";
import { inngest, inngestMode } from "@/inngest/client";
import { functions } from "@/inngest/functions";

export const dynamic = "force-dynamic";

type Handler = ReturnType<typeof serve>;
let handler: Handler | undefined;
// Built on first request: serve() reads the client's mode, hence the environment, which must not
// happen while `next build` imports this module.
const getHandler = (): Handler => (handler ??= serve({ client: inngest, functions }));

/**
 * Inngest (Cloud or self-hosted) calls this route, with signed requests. In embedded mode the
 * executor calls the handler in-process and the client runs in dev mode, which would accept
 * unsigned requests: so the route is closed then, and nothing outside can start a function.
 */
function onlyWithInngest(method: "GET" | "POST" | "PUT") {
  return (req: NextRequest, res: unknown): Promise<Response> =>
    inngestMode() === "inngest"
      ? getHandler()[method](req, res)
      : Promise.resolve(Response.json({ error: "The pipeline runs in this process (embedded executor)." }, { status: 404 }));
}

export const GET = onlyWithInngest("GET");
export const POST = onlyWithInngest("POST");
export const PUT = onlyWithInngest("PUT");
