/**
 * Text an agent is writing right now, one row per project and task (`ai_streams`): the spec
 * writer upserts its growing Markdown here and the live-progress stream reads it, so the page
 * can show the draft as it is written whichever instance runs the agent.
 */
import { and, eq, gte, max, sql } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { type AiStream, aiStreams, projectStatusHistory } from "@/db/schema";
import type { AiTask } from "@/server/ports/ai/types";

/** Text kept per stream; a spec is far smaller, this only stops a runaway model filling a row. */
export const MAX_STREAM_CHARS = 400_000;

export const streamKey = (projectId: string, task: AiTask) => `${projectId}:${task}`;

/** Creates or replaces the stream's text (the whole text so far, not a delta). */
export async function writeStream(db: DbExecutor, projectId: string, task: AiTask, text: string, done: boolean): Promise<void> {
  const capped = text.length > MAX_STREAM_CHARS ? text.slice(0, MAX_STREAM_CHARS) : text;
  await db
    .insert(aiStreams)
    .values({ key: streamKey(projectId, task), projectId, task, text: capped, done, updatedAt: sql`now()` })
    .onConflictDoUpdate({ target: aiStreams.key, set: { text: capped, done, updatedAt: sql`now()` } });
}

/**
 * The stream, or null when there is none. With `since`, a stream last written before then
 * counts as none (a finished draft from an earlier run must not show as the current one).
 */
export async function readStream(
  db: DbExecutor,
  projectId: string,
  task: AiTask,
  opts: { since?: Date } = {},
): Promise<AiStream | null> {
  const key = eq(aiStreams.key, streamKey(projectId, task));
  const [row] = await db
    .select()
    .from(aiStreams)
    .where(opts.since ? and(key, gte(aiStreams.updatedAt, opts.since)) : key)
    .limit(1);
  return row ?? null;
}

export async function clearStream(db: DbExecutor, projectId: string, task: AiTask): Promise<void> {
  await db.delete(aiStreams).where(eq(aiStreams.key, streamKey(projectId, task)));
}

/**
 * The spec draft being written now: the `spec` stream, if it was written since the project last
 * entered `spec_generating` (older text belongs to an earlier draft).
 */
export async function currentSpecStream(db: DbExecutor, projectId: string): Promise<AiStream | null> {
  // One query (the live stream asks every few hundred milliseconds while a draft is written).
  const entered = db
    .select({ at: max(projectStatusHistory.createdAt) })
    .from(projectStatusHistory)
    .where(and(eq(projectStatusHistory.projectId, projectId), eq(projectStatusHistory.toStatus, "spec_generating")));
  const [row] = await db
    .select()
    .from(aiStreams)
    .where(and(eq(aiStreams.key, streamKey(projectId, "spec")), sql`${aiStreams.updatedAt} >= coalesce((${entered}), '-infinity'::timestamptz)`))
    .limit(1);
  return row ?? null;
}

/** Characters sent to the page per update (the head of the text: Markdown renders from the top). */
export const LIVE_STREAM_MAX_CHARS = 100_000;

export interface LiveStream {
  text: string;
  done: boolean;
  /** True when `text` is cut at LIVE_STREAM_MAX_CHARS. */
  truncated: boolean;
  length: number;
  updatedAt: Date;
}

/** What the page receives of a stream (the SSE event and its polling fallback). */
export function liveStreamOf(stream: Pick<AiStream, "text" | "done" | "updatedAt">): LiveStream {
  const truncated = stream.text.length > LIVE_STREAM_MAX_CHARS;
  return {
    text: truncated ? stream.text.slice(0, LIVE_STREAM_MAX_CHARS) : stream.text,
    done: stream.done,
    truncated,
    length: stream.text.length,
    updatedAt: stream.updatedAt,
  };
}
