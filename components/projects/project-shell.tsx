"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { Pencil } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";
import { cn } from "@/lib/utils";
import { DeleteProjectDialog } from "./delete-project-dialog";
import { StatusBadge } from "./status-badge";

export const projectTabs = [
  { id: "overview", label: "Overview", href: "" },
  { id: "spec", label: "Specification", href: "/spec" },
  { id: "module", label: "Module", href: "/module" },
  { id: "tests", label: "Tests", href: "/tests" },
  { id: "pipeline", label: "Pipeline", href: "/pipeline" },
] as const;
export type ProjectTab = (typeof projectTabs)[number]["id"];

/**
 * The frame of every project page: title, status, actions, and the tabs. Pages render their
 * content inside it; the status badge follows the project query (kept fresh by live progress).
 */
export function ProjectShell({ projectId, tab, children }: { projectId: string; tab: ProjectTab; children: ReactNode }) {
  const trpc = useTRPC();
  const { data: project } = useSuspenseQuery(trpc.project.get.queryOptions({ projectId }));
  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <Link href="/dashboard" className="text-muted-foreground text-sm hover:underline">
            ← Projects
          </Link>
          <div className="mt-2 flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold tracking-tight" data-testid="project-title">
              {project.title}
            </h1>
            <StatusBadge status={project.status} />
          </div>
          <p className="text-muted-foreground mt-1 text-sm">
            <span className="font-mono" data-testid="project-module">
              {project.moduleName}
            </span>{" "}
            · Odoo {project.odooVersion}.0
          </p>
        </div>
        <div className="flex gap-2">
          <Button asChild variant="outline">
            <Link href={`/projects/${project.id}/edit`} data-testid="edit-project">
              <Pencil /> Edit
            </Link>
          </Button>
          <DeleteProjectDialog projectId={project.id} title={project.title} />
        </div>
      </div>
      <nav aria-label="Project sections" className="border-border -mt-2 flex gap-1 overflow-x-auto border-b">
        {projectTabs.map((item) => (
          <Link
            key={item.id}
            href={`/projects/${project.id}${item.href}`}
            aria-current={item.id === tab ? "page" : undefined}
            data-testid={`tab-${item.id}`}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap transition-colors",
              item.id === tab
                ? "border-primary text-foreground"
                : "text-muted-foreground hover:text-foreground border-transparent",
            )}
          >
            {item.label}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}
