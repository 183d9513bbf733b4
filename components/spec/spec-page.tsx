"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { toast } from "@/hooks/use-toast";
import { useProjectLive } from "@/lib/live/use-project-live";
import { useTRPC } from "@/lib/trpc/client";
import { messageOf } from "@/lib/trpc/errors";
import { SpecDrafting, SpecEmpty, SpecLoadError, SpecLoading, SpecStreaming } from "./spec-states";
import { SpecWorkspace, type SpecTab } from "./spec-workspace";

const POLL_MS = 2000;
const REQUEST_TIMEOUT_MS = 3 * 60_000;

/**
 * The specification tab: picks the state to show (not drafted, drafting, loading, error) and
 * hands a loaded version to the workspace. While a draft is being written the project and the
 * version list are polled until the spec is ready, and the draft's text is shown as the AI writes
 * it (live progress carries it) until the new version replaces it.
 */
export function SpecPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Between "Draft it" and the pipeline picking the request up (the status may lag a poll): the
  // number of versions when it was asked, so a draft finished between two polls is noticed too.
  const [requestedAt, setRequestedAt] = useState<{ count: number; status: string | undefined; at: number } | null>(null);
  const requested = requestedAt !== null;
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const [tab, setTab] = useState<SpecTab>("markdown");

  const projectQuery = useQuery({
    ...trpc.project.get.queryOptions({ projectId }),
    refetchInterval: (query) => (requested || query.state.data?.status === "spec_generating" ? POLL_MS : false),
  });
  const status = projectQuery.data?.status;
  const generating = status === "spec_generating";
  // Live progress only while a draft is written: it carries the text so far.
  const live = useProjectLive(projectId, { enabled: generating });
  const streamed = generating && live.specStream?.text.trim() ? live.specStream : null;

  const listQuery = useQuery({
    ...trpc.spec.list.queryOptions({ projectId }),
    refetchInterval: requested || generating ? POLL_MS : false,
  });
  const versions = listQuery.data ?? [];
  const hasVersions = versions.length > 0;

  const versionQuery = useQuery({
    ...trpc.spec.get.queryOptions({ projectId, number: selected }),
    enabled: hasVersions,
    // Keep showing the current version while another loads, instead of flashing a skeleton.
    placeholderData: keepPreviousData,
  });

  // When drafting ends, the new version and its findings are fetched once.
  const wasGenerating = useRef(generating);
  useEffect(() => {
    if (wasGenerating.current && !generating) {
      void queryClient.invalidateQueries({ queryKey: trpc.spec.pathKey() });
    }
    wasGenerating.current = generating;
  }, [generating, queryClient, trpc]);
  useEffect(() => {
    if (requestedAt === null) return;
    const done =
      generating ||
      versions.length > requestedAt.count ||
      (status !== requestedAt.status && status !== "draft") ||
      // Never poll forever: after a few minutes the page shows what it has.
      Date.now() - requestedAt.at > REQUEST_TIMEOUT_MS;
    if (done) {
      setRequestedAt(null);
      if (!generating) void queryClient.invalidateQueries({ queryKey: trpc.spec.pathKey() });
    }
  }, [requestedAt, generating, status, versions.length, queryClient, trpc, projectQuery.dataUpdatedAt]);
  const markRequested = () => setRequestedAt({ count: versions.length, status, at: Date.now() });

  const regenerate = useMutation(
    trpc.spec.regenerate.mutationOptions({
      onSuccess: async () => {
        markRequested();
        await queryClient.invalidateQueries({ queryKey: trpc.project.get.queryKey({ projectId }) });
      },
      onError: (error) => toast({ title: "Could not start the draft", description: messageOf(error), variant: "destructive" }),
    }),
  );

  if (!projectQuery.data || listQuery.isPending) {
    if (projectQuery.error) return <SpecLoadError message={messageOf(projectQuery.error)} onRetry={() => void projectQuery.refetch()} />;
    return <SpecLoading />;
  }
  if (listQuery.error) return <SpecLoadError message={messageOf(listQuery.error)} onRetry={() => void listQuery.refetch()} />;

  if (streamed) return <SpecStreaming text={streamed.text} done={streamed.done} truncated={streamed.truncated} />;
  if (!hasVersions) {
    if (generating || requested) return <SpecDrafting />;
    return <SpecEmpty failed={status === "failed"} pending={regenerate.isPending} onDraft={() => regenerate.mutate({ projectId })} />;
  }
  if (versionQuery.error) {
    return <SpecLoadError message={messageOf(versionQuery.error)} onRetry={() => void versionQuery.refetch()} />;
  }
  if (!versionQuery.data) return <SpecLoading />;

  return (
    <SpecWorkspace
      // A fresh workspace per version: its edit state starts from that version (or the local draft).
      key={versionQuery.data.id}
      project={projectQuery.data}
      version={versionQuery.data}
      versions={versions}
      selected={selected}
      onSelect={setSelected}
      generating={generating}
      onDraftRequested={markRequested}
      tab={tab}
      onTabChange={setTab}
    />
  );
}
