"use client";

import { useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useCallback, useEffect, useRef, useState } from "react";
import superjson from "superjson";
import { useTRPC, useTRPCClient } from "@/lib/trpc/client";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>;
export type ProgressSnapshot = Outputs["pipeline"]["progress"];
export type LogLine = Outputs["pipeline"]["logs"]["lines"][number];
export type LiveConnection = "connecting" | "live" | "polling";
/** The spec draft being written (text so far), while the project is in spec_generating. */
export type LiveSpecStream = NonNullable<Outputs["spec"]["stream"]>;

/** Lines the log panel keeps; older ones drop off the top. */
export const MAX_LIVE_LINES = 500;
const POLL_MS = 2000;
/** EventSource errors in a row before we give up on it and poll instead. */
const ERRORS_BEFORE_POLLING = 3;
/** How long to poll before trying the stream again. */
const RETRY_STREAM_MS = 30_000;

/** What decides whether the other queries on the page are stale. */
function changeKey(snapshot: ProgressSnapshot): string {
  const run = snapshot.activeRun;
  return JSON.stringify([
    snapshot.status,
    snapshot.statusReason,
    snapshot.fixAttempts,
    snapshot.adjustments,
    run?.id,
    run?.status,
    run?.currentStage,
    run?.steps.map((step) => step.status).join(","),
    snapshot.latestReport?.id,
    snapshot.sandbox?.id,
    snapshot.sandbox?.status,
  ]);
}

/**
 * Live progress of a project: follows `/api/projects/:id/events` (SSE), keeps the last log lines,
 * writes each snapshot into the `pipeline.progress` cache and invalidates the queries a state
 * change makes stale, so every open tab shows it within a second. Falls back to polling when the
 * stream keeps failing (a proxy that buffers, a blocked port). While a spec draft is written it
 * also carries the draft's text (`specStream`). `enabled: false` keeps it closed (a page that only
 * needs it for a while, like the spec tab while drafting).
 */
export function useProjectLive(projectId: string, { enabled = true }: { enabled?: boolean } = {}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [lines, setLines] = useState<LogLine[]>([]);
  const [connection, setConnection] = useState<LiveConnection>("connecting");
  const [specStream, setSpecStream] = useState<LiveSpecStream | null>(null);
  // Which transport runs; separate from `connection` (display) so "connecting → live" does not
  // tear the stream down and open it again.
  const [mode, setMode] = useState<"stream" | "poll">(() => (typeof EventSource === "undefined" ? "poll" : "stream"));
  const lastKey = useRef<string | null>(null);
  const lastSeq = useRef(0);

  const appendLines = useCallback((incoming: LogLine[]) => {
    const fresh = incoming.filter((line) => line.seq > lastSeq.current);
    if (fresh.length === 0) return;
    lastSeq.current = fresh.at(-1)!.seq;
    setLines((current) => [...current, ...fresh].slice(-MAX_LIVE_LINES));
  }, []);

  const applySnapshot = useCallback(
    (snapshot: ProgressSnapshot) => {
      queryClient.setQueryData(trpc.pipeline.progress.queryKey({ projectId }), snapshot);
      if (snapshot.status !== "spec_generating") setSpecStream(null);
      const key = changeKey(snapshot);
      if (lastKey.current !== null && lastKey.current !== key) {
        for (const queryKey of [
          trpc.project.get.queryKey({ projectId }),
          trpc.pipeline.runs.queryKey({ projectId }),
          trpc.pipeline.testReports.queryKey({ projectId }),
          trpc.module.versions.queryKey({ projectId }),
          trpc.sandbox.status.queryKey({ projectId }),
          trpc.spec.list.queryKey({ projectId }),
        ]) {
          void queryClient.invalidateQueries({ queryKey });
        }
      }
      lastKey.current = key;
    },
    [projectId, queryClient, trpc],
  );

  // The stream; on repeated errors it hands over to polling, and comes back later.
  useEffect(() => {
    if (!enabled || mode !== "stream") return;
    setConnection("connecting");
    // A fresh connection sends the current draft's text, if any; older text must not linger.
    setSpecStream(null);
    let errors = 0;
    const source = new EventSource(`/api/projects/${encodeURIComponent(projectId)}/events`);
    const onSnapshot = (event: MessageEvent<string>) => {
      errors = 0;
      setConnection("live");
      applySnapshot(superjson.parse<ProgressSnapshot>(event.data));
    };
    source.addEventListener("snapshot", onSnapshot);
    source.addEventListener("progress", onSnapshot);
    source.addEventListener("log", (event: MessageEvent<string>) => appendLines([superjson.parse<LogLine>(event.data)]));
    source.addEventListener("spec-stream", (event: MessageEvent<string>) => setSpecStream(superjson.parse<LiveSpecStream | null>(event.data)));
    source.onerror = () => {
      errors += 1;
      if (errors >= ERRORS_BEFORE_POLLING || source.readyState === EventSource.CLOSED) {
        source.close();
        setMode("poll");
      } else {
        setConnection("connecting");
      }
    };
    return () => source.close();
  }, [appendLines, applySnapshot, enabled, mode, projectId]);

  // The fallback: logs and progress every 2 s, then another go at the stream.
  useEffect(() => {
    if (!enabled || mode !== "poll") return;
    setConnection("polling");
    setSpecStream(null);
    let cancelled = false;
    const poll = async () => {
      try {
        const [logs, snapshot] = await Promise.all([
          client.pipeline.logs.query({ projectId, afterSeq: lastSeq.current, limit: 500 }),
          client.pipeline.progress.query({ projectId }),
        ]);
        if (cancelled) return;
        appendLines(logs.lines);
        applySnapshot(snapshot);
        if (snapshot.status === "spec_generating") {
          const stream = await client.spec.stream.query({ projectId });
          if (!cancelled) setSpecStream(stream);
        }
      } catch {
        // The next tick tries again; the page keeps what it has.
      }
    };
    void poll();
    const timer = setInterval(poll, POLL_MS);
    const back = typeof EventSource === "undefined" ? undefined : setTimeout(() => setMode("stream"), RETRY_STREAM_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
      if (back) clearTimeout(back);
    };
  }, [appendLines, applySnapshot, client, enabled, mode, projectId]);

  return { lines, connection, specStream };
}
