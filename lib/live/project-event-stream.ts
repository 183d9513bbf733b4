import "server-only";
import { and, desc, eq } from "drizzle-orm";
import superjson from "superjson";
import type { DbExecutor } from "@/db/client";
import { type PipelineLog, pipelineLogs } from "@/db/schema";
import { AppError } from "@/server/errors";
import { currentSpecStream, type LiveStream, liveStreamOf } from "@/server/services/ai/streams";
import type { SessionUser } from "@/server/services/auth/auth";
import { logsAfter, type ProgressSnapshot, progressSnapshot } from "@/server/services/pipeline/progress";
import { getOwnedProject } from "@/server/services/projects/projects";
import type { SandboxRegistry } from "@/server/services/sandboxes/sandboxes";

/** Lines sent on a fresh connection (no Last-Event-ID): the tail the log panel shows. */
export const INITIAL_LOG_LINES = 200;

export interface ProjectEventStreamOptions {
  db: DbExecutor;
  user: Pick<SessionUser, "id"> | null;
  projectId: string;
  /** The `Last-Event-ID` header (the last log seq the client saw), for reconnects. */
  lastEventId?: string | null;
  signal?: AbortSignal;
  registry?: SandboxRegistry;
  pollMs?: number;
  heartbeatMs?: number;
  /** The stream ends after this long; EventSource reconnects by itself (with Last-Event-ID). */
  maxMs?: number;
}

/**
 * What of a snapshot counts as a change. Left out: `lastSeq` (log lines have their own events),
 * run/step durations (they grow every poll) and the preview URL (a fresh token every read).
 */
export function snapshotKey(snapshot: ProgressSnapshot): string {
  const run = snapshot.activeRun;
  return JSON.stringify({
    status: snapshot.status,
    reason: snapshot.statusReason,
    fix: snapshot.fixAttempts,
    adj: snapshot.adjustments,
    accepted: snapshot.acceptedModuleVersionId,
    run: run
      ? {
          id: run.id,
          status: run.status,
          stage: run.currentStage,
          fix: run.fixAttempts,
          error: run.error,
          steps: run.steps.map((step) => [step.id, step.status, step.attempts, step.error, step.endedAt?.getTime() ?? null]),
        }
      : null,
    report: snapshot.latestReport?.id ?? null,
    sandbox: snapshot.sandbox
      ? { id: snapshot.sandbox.id, status: snapshot.sandbox.status, expiresAt: snapshot.sandbox.expiresAt.getTime(), canExtend: snapshot.sandbox.canExtend }
      : null,
  });
}

/**
 * The spec draft as it is written, while the project is in `spec_generating`: returns the event
 * to send when the text changed since `lastKey` (null when nothing changed). Leaving the state
 * sends one `null`, so the page drops the streamed text.
 */
export async function specStreamUpdate(
  db: DbExecutor,
  projectId: string,
  generating: boolean,
  lastKey: string | null,
): Promise<{ key: string | null; payload: LiveStream | null } | null> {
  if (!generating) return lastKey === null ? null : { key: null, payload: null };
  const stream = await currentSpecStream(db, projectId);
  if (!stream) return lastKey === null ? null : { key: null, payload: null };
  const key = `${stream.text.length}:${stream.done}:${stream.updatedAt.getTime()}`;
  return key === lastKey ? null : { key, payload: liveStreamOf(stream) };
}

function parseLastEventId(value: string | null | undefined): number | null {
  if (!value) return null;
  const seq = Number(value);
  return Number.isSafeInteger(seq) && seq >= 0 ? seq : null;
}

async function logTail(db: DbExecutor, projectId: string, count: number): Promise<PipelineLog[]> {
  const rows = await db
    .select()
    .from(pipelineLogs)
    .where(and(eq(pipelineLogs.projectId, projectId)))
    .orderBy(desc(pipelineLogs.seq))
    .limit(count);
  return rows.reverse();
}

const encoder = new TextEncoder();
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

/** One SSE frame. Payloads are superjson so dates survive, as they do through tRPC. */
export function sseFrame(event: string, data: unknown, id?: number): string {
  return `${id !== undefined ? `id: ${id}\n` : ""}event: ${event}\ndata: ${superjson.stringify(data)}\n\n`;
}

/**
 * Live progress of one project as `text/event-stream`: `snapshot` on connect, `log` per new log
 * line (its id is the line's seq, so a reconnect resumes after it), `progress` when the snapshot
 * changed, `spec-stream` with the spec draft so far while one is written, a comment as heartbeat. It polls the database rather than an in-process bus so it
 * sees what any instance (or the embedded executor, or Inngest Cloud) wrote.
 */
export async function projectEventStream(options: ProjectEventStreamOptions): Promise<Response> {
  const { db, user, projectId, signal, registry } = options;
  const pollMs = options.pollMs ?? 300;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxMs = options.maxMs ?? 5 * 60_000;
  if (!user) return Response.json({ error: "Sign in to follow this project." }, { status: 401 });
  try {
    await getOwnedProject(db, user.id, projectId);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return Response.json({ error: "Project not found." }, { status: 404 });
    throw error;
  }

  const stop = new AbortController();
  signal?.addEventListener("abort", () => stop.abort(), { once: true });

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (stop.signal.aborted) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop.abort(); // the consumer is gone
        }
      };
      const started = Date.now();
      let lastBeat = started;
      try {
        send(`retry: 2000\n\n`);
        let snapshot = await progressSnapshot(db, projectId, { registry });
        let key = snapshotKey(snapshot);
        send(sseFrame("snapshot", snapshot));

        const resumeAfter = parseLastEventId(options.lastEventId);
        let lastSeq: number;
        if (resumeAfter === null) {
          const tail = await logTail(db, projectId, INITIAL_LOG_LINES);
          for (const line of tail) send(sseFrame("log", line, line.seq));
          lastSeq = tail.at(-1)?.seq ?? 0;
        } else {
          lastSeq = resumeAfter;
        }

        let streamKey: string | null = null;
        const sendSpecStream = async () => {
          const update = await specStreamUpdate(db, projectId, snapshot.status === "spec_generating", streamKey);
          if (!update) return;
          streamKey = update.key;
          send(sseFrame("spec-stream", update.payload));
        };
        await sendSpecStream();

        let tick = 0;
        while (!stop.signal.aborted && Date.now() - started < maxMs) {
          await sleep(pollMs, stop.signal);
          if (stop.signal.aborted) break;
          tick += 1;
          const { lines, lastSeq: next } = await logsAfter(db, projectId, lastSeq, 500);
          for (const line of lines) send(sseFrame("log", line, line.seq));
          lastSeq = next;
          // The snapshot is several queries: read it when lines arrived (a stage likely moved) or
          // every third tick (~1 s), so a state change reaches the page within a second.
          if (lines.length > 0 || tick % 3 === 0) {
            snapshot = await progressSnapshot(db, projectId, { registry });
            const nextKey = snapshotKey(snapshot);
            if (nextKey !== key) {
              key = nextKey;
              send(sseFrame("progress", snapshot));
            }
          }
          // Every tick while a draft is written: the text grows in small steps.
          if (snapshot.status === "spec_generating" || streamKey !== null) await sendSpecStream();
          if (Date.now() - lastBeat >= heartbeatMs) {
            lastBeat = Date.now();
            send(`: heartbeat ${new Date().toISOString()}\n\n`);
          }
        }
      } catch (error) {
        // A deleted project or a database hiccup: tell the client, which reconnects and re-checks.
        // Not named "error": EventSource fires its own "error" for connection drops.
        send(sseFrame("failure", { message: error instanceof AppError ? error.message : "Live progress was interrupted." }));
      } finally {
        stop.abort();
        try {
          controller.close();
        } catch {
          // already closed by the consumer
        }
      }
    },
    cancel() {
      stop.abort();
    },
  });

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      // Proxies (nginx) must not buffer the stream.
      "x-accel-buffering": "no",
    },
  });
}
