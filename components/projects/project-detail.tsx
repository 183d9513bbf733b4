"use client";

import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DownloadButton } from "@/components/modules/download-button";
import { LiveProgress } from "@/components/pipeline/live-progress";
import { SandboxPanel } from "@/components/preview/sandbox-panel";
import { UatActions } from "@/components/preview/uat-actions";
import { useProjectLive } from "@/lib/live/use-project-live";
import { useTRPC } from "@/lib/trpc/client";
import { AiUsageCard } from "./ai-usage-card";
import { formatDateTime } from "./format";

/** The overview: where the project stands (live), the preview and decision in UAT, the download. */
export function ProjectDetail({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const { data: project } = useSuspenseQuery(trpc.project.get.queryOptions({ projectId }));
  const progress = useQuery(trpc.pipeline.progress.queryOptions({ projectId }));
  const live = useProjectLive(projectId);
  const status = progress.data?.status ?? project.status;
  const adjustments = progress.data?.adjustments ?? project.adjustments;

  return (
    <div className="grid gap-6">
      {status === "accepted" || status === "paid" ? (
        <Card data-testid="download-card">
          <CardHeader>
            <CardTitle>Your module is ready</CardTitle>
            <CardDescription>The accepted version as a zip, ready for your Odoo addons path. The link is valid for a few minutes.</CardDescription>
          </CardHeader>
          <CardContent>
            <DownloadButton projectId={projectId} />
          </CardContent>
        </Card>
      ) : null}

      {status === "uat" ? (
        <>
          <UatActions projectId={projectId} adjustments={adjustments} />
          <SandboxPanel projectId={projectId} />
        </>
      ) : null}

      <LiveProgress projectId={projectId} lines={live.lines} connection={live.connection} />

      <AiUsageCard projectId={projectId} />

      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>Description</CardTitle>
            <CardDescription>What the module should do, in your words.</CardDescription>
          </CardHeader>
          <CardContent>
            <p className="text-sm leading-relaxed whitespace-pre-wrap" data-testid="project-description">
              {project.description}
            </p>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Settings</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-3 text-sm">
              <dt className="text-muted-foreground">Odoo</dt>
              <dd data-testid="project-version">{project.odooVersion}.0</dd>
              <dt className="text-muted-foreground">Depends</dt>
              <dd className="flex flex-wrap gap-1">
                {project.depends.length === 0 ? (
                  <span className="text-muted-foreground">base only</span>
                ) : (
                  project.depends.map((name) => (
                    <Badge key={name} variant="outline" className="font-mono">
                      {name}
                    </Badge>
                  ))
                )}
              </dd>
              <dt className="text-muted-foreground">Tests</dt>
              <dd>{project.quickTest ? "Quick (happy path)" : "Full"}</dd>
              <dt className="text-muted-foreground">Created</dt>
              <dd>{formatDateTime(project.createdAt)}</dd>
            </dl>
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
