"use client";

import { useMutation } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { Button } from "@/components/ui/button";
import { toast } from "@/hooks/use-toast";
import { useTRPC } from "@/lib/trpc/client";
import { messageOf } from "@/lib/trpc/errors";

/** The accepted module's zip, through a short-lived signed URL (asked for on click, never cached). */
export function DownloadButton({ projectId, size = "default" }: { projectId: string; size?: "default" | "sm" | "lg" }) {
  const trpc = useTRPC();
  const download = useMutation(
    trpc.pipeline.download.mutationOptions({
      onSuccess: ({ url }) => window.location.assign(url),
      onError: (error) => toast({ title: "Download failed", description: messageOf(error), variant: "destructive" }),
    }),
  );
  return (
    <Button size={size} loading={download.isPending} onClick={() => download.mutate({ projectId })} data-testid="download-module">
      <Download /> Download module
    </Button>
  );
}
