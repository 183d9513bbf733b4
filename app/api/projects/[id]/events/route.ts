import { projectEventStream } from "@/lib/live/project-event-stream";
import { getCurrentUser } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { processSandboxRegistry } from "@/server/services/sandboxes/sandboxes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Live progress of a project (SSE); the owner only. See lib/live/project-event-stream.ts. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [db, user] = await Promise.all([getDb(), getCurrentUser()]);
  return projectEventStream({
    db,
    user,
    projectId: id,
    lastEventId: request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId"),
    signal: request.signal,
    registry: processSandboxRegistry(),
  });
}
