"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { projectStatusLabels } from "@/lib/project-status";
import { useTRPC } from "@/lib/trpc/client";
import { ModulePanel } from "@/components/modules/module-panel";
import { formatDateTime } from "./format";

export function ProjectDetail({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const { data: project } = useSuspenseQuery(trpc.project.get.queryOptions({ projectId }));

  return (
    <div className="grid gap-6">
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

      <ModulePanel projectId={project.id} />

      <Card>
        <CardHeader>
          <CardTitle>Timeline</CardTitle>
          <CardDescription>Every change of state, as it happened.</CardDescription>
        </CardHeader>
        <CardContent>
          <ol className="border-border grid gap-4 border-l pl-4">
            {project.statusHistory.map((change) => (
              <li key={change.id} className="relative">
                <span className="bg-primary absolute top-1.5 -left-[21px] size-2.5 rounded-full" aria-hidden="true" />
                <p className="text-sm font-medium">{projectStatusLabels[change.toStatus]}</p>
                <p className="text-muted-foreground text-xs">
                  {formatDateTime(change.createdAt)}
                  {change.reason ? ` — ${change.reason}` : ""}
                </p>
              </li>
            ))}
          </ol>
        </CardContent>
      </Card>
    </div>
  );
}
