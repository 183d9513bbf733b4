"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "@/lib/trpc/client";

/** Invalidates everything a pipeline action changes; live progress does the same a moment later. */
export function useRefreshProject(projectId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(async () => {
    await Promise.all(
      [
        trpc.project.get.queryKey({ projectId }),
        trpc.pipeline.progress.queryKey({ projectId }),
        trpc.pipeline.runs.queryKey({ projectId }),
        trpc.pipeline.testReports.queryKey({ projectId }),
        trpc.module.versions.queryKey({ projectId }),
        trpc.sandbox.status.queryKey({ projectId }),
      ].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
    );
  }, [projectId, queryClient, trpc]);
}
