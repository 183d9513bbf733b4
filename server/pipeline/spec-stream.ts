/**
 * Writes the spec writer's Markdown to `ai_streams` as it arrives, at most every 400 ms (plus a
 * last write at the end), so the spec page can show it growing from any app instance without a
 * database write per token. Writes are chained, never concurrent, and never fail the draft.
 */
import type { Database } from "@/db/client";
import { clearStream, writeStream } from "@/server/services/ai/streams";

const FLUSH_MS = 400;

export function specStreamWriter(db: Database, projectId: string) {
  let text = "";
  let written = "";
  let timer: ReturnType<typeof setTimeout> | null = null;
  let chain: Promise<void> = clearStream(db, projectId, "spec").catch(() => undefined);

  const flush = (done: boolean) => {
    const snapshot = text;
    chain = chain.then(async () => {
      if (snapshot === written && !done) return;
      written = snapshot;
      await writeStream(db, projectId, "spec", snapshot, done).catch(() => undefined);
    });
    return chain;
  };

  return {
    append(delta: string) {
      text += delta;
      timer ??= setTimeout(() => {
        timer = null;
        void flush(false);
      }, FLUSH_MS);
    },
    /** The writer started over: what was shown is dropped (the next flush writes the new text). */
    restart() {
      text = "";
    },
    async finish() {
      if (timer) clearTimeout(timer);
      timer = null;
      await flush(true);
    },
  };
}
