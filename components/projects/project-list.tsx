"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { Blocks, Plus } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";
import { formatDateTime } from "./format";
import { StatusBadge } from "./status-badge";

function Heading({ count }: { count?: number }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Projects</h1>
        <p className="text-muted-foreground text-sm">
          {count === undefined ? "Loading…" : `${count} module${count === 1 ? "" : "s"} in progress or delivered.`}
        </p>
      </div>
      <Button asChild>
        <Link href="/projects/new" data-testid="new-project">
          <Plus /> New project
        </Link>
      </Button>
    </div>
  );
}

export function ProjectList() {
  const trpc = useTRPC();
  const { data: projects } = useSuspenseQuery(trpc.project.list.queryOptions());

  if (projects.length === 0) {
    return (
      <>
        <Heading count={0} />
        <Card className="items-center border-dashed py-16 text-center" data-testid="projects-empty">
          <span className="bg-primary/10 text-primary grid size-12 place-items-center rounded-xl">
            <Blocks className="size-6" aria-hidden="true" />
          </span>
          <CardHeader className="w-full max-w-md">
            <CardTitle>No projects yet</CardTitle>
            <CardDescription>
              Describe the Odoo module you need — what it manages and who uses it — and we will write its
              specification for you to review.
            </CardDescription>
          </CardHeader>
          <Button asChild>
            <Link href="/projects/new">
              <Plus /> Create your first project
            </Link>
          </Button>
        </Card>
      </>
    );
  }

  return (
    <>
      <Heading count={projects.length} />
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="project-list">
        {projects.map((project) => (
          <li key={project.id}>
            <Link
              href={`/projects/${project.id}`}
              className="focus-visible:ring-ring/50 block h-full rounded-xl outline-none focus-visible:ring-[3px]"
              data-testid="project-card"
            >
              <Card className="hover:border-primary/40 h-full transition-colors">
                <CardHeader>
                  <div className="flex items-start justify-between gap-2">
                    <CardTitle className="leading-snug">{project.title}</CardTitle>
                    <StatusBadge status={project.status} />
                  </div>
                  <CardDescription className="font-mono text-xs">{project.moduleName}</CardDescription>
                </CardHeader>
                <CardContent className="flex flex-col gap-3">
                  <p className="text-muted-foreground line-clamp-2 text-sm">{project.description}</p>
                  <div className="text-muted-foreground flex items-center justify-between text-xs">
                    <Badge variant="outline">Odoo {project.odooVersion}</Badge>
                    <span>Updated {formatDateTime(project.updatedAt)}</span>
                  </div>
                </CardContent>
              </Card>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

export function ProjectListSkeleton() {
  return (
    <>
      <Heading />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-busy="true" aria-label="Loading projects">
        {[0, 1, 2].map((key) => (
          <Skeleton key={key} className="h-40 rounded-xl" />
        ))}
      </div>
    </>
  );
}
