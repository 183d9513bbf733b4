"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { formatDateTime } from "@/components/projects/format";
import { SandboxPanel } from "@/components/preview/sandbox-panel";
import { toast } from "@/hooks/use-toast";
import { useTRPC } from "@/lib/trpc/client";
import { messageOf } from "@/lib/trpc/errors";
import { BuildDialog } from "./build-dialog";

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function ModulePanel({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const versions = useQuery(trpc.module.versions.queryOptions({ projectId }));
  const download = useMutation(
    trpc.module.download.mutationOptions({
      onSuccess: ({ url }) => window.location.assign(url),
      onError: (error) => toast({ title: "Download failed", description: messageOf(error), variant: "destructive" }),
    }),
  );
  const latest = versions.data?.[0];

  return (
    <>
      <Card data-testid="module-panel">
        <CardHeader>
          <CardTitle>Module</CardTitle>
          <CardDescription>Every build is validated and kept as a numbered version.</CardDescription>
          <CardAction>
            <BuildDialog projectId={projectId} />
          </CardAction>
        </CardHeader>
        <CardContent>
          {versions.isPending ? (
            <Skeleton className="h-16" />
          ) : versions.isError ? (
            <p className="text-destructive text-sm">Could not load the versions: {versions.error.message}</p>
          ) : !latest ? (
            <p className="text-muted-foreground text-sm" data-testid="no-versions">
              No version yet. Once the specification is approved a version is built here; you can also build one from a
              blueprint.
            </p>
          ) : (
            <ul className="divide-y" data-testid="version-list">
              {versions.data.map((version) => (
                <li key={version.id} className="flex flex-wrap items-center justify-between gap-3 py-3 first:pt-0 last:pb-0">
                  <div className="flex items-center gap-3">
                    <span className="font-medium">Version {version.number}</span>
                    <Badge variant="outline">Odoo {version.odooVersion}</Badge>
                    {version.findingSummary.errors > 0 ? (
                      <Badge variant="destructive">{version.findingSummary.errors} error(s)</Badge>
                    ) : (
                      <Badge variant="success">valid</Badge>
                    )}
                    {version.findingSummary.warnings > 0 ? (
                      <Badge variant="warning">{version.findingSummary.warnings} warning(s)</Badge>
                    ) : null}
                  </div>
                  <div className="text-muted-foreground flex items-center gap-3 text-xs">
                    <span>
                      {kb(version.sizeBytes)} · {formatDateTime(version.createdAt)}
                    </span>
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => download.mutate({ projectId, number: version.number })}
                      aria-label={`Download version ${version.number}`}
                    >
                      <Download /> Zip
                    </Button>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
      {latest ? <SandboxPanel projectId={projectId} latestVersion={latest.number} latestHasErrors={latest.findingSummary.errors > 0} /> : null}
    </>
  );
}
