import "server-only";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ProjectShell, type ProjectTab } from "@/components/projects/project-shell";
import { orNotFound } from "@/lib/trpc/load";
import { HydrateClient, getQueryClient, trpc } from "@/lib/trpc/server";
import { requireUser } from "@/server/auth/guards";

/**
 * A project page on the server: the signed-in owner only (another user's id is a real 404),
 * the project prefetched for the shell, the tab's content inside it.
 */
export async function ProjectPage({ projectId, tab, children }: { projectId: string; tab: ProjectTab; children: ReactNode }) {
  await requireUser();
  // Awaited (not streamed) so another user's id answers with a real 404 status.
  await orNotFound(getQueryClient().fetchQuery(trpc.project.get.queryOptions({ projectId })));
  return (
    <HydrateClient>
      <ProjectShell projectId={projectId} tab={tab}>
        {children}
      </ProjectShell>
    </HydrateClient>
  );
}

export type ProjectPageParams = { params: Promise<{ id: string }> };

/**
 * `generateMetadata` for a project page: "<section> · <project title>", the section alone when
 * the project cannot be read (the page itself answers 404), the title alone for the overview.
 */
export function projectPageMetadata(section?: string) {
  return async ({ params }: ProjectPageParams): Promise<Metadata> => {
    const { id } = await params;
    const project = await getQueryClient()
      .fetchQuery(trpc.project.get.queryOptions({ projectId: id }))
      .catch(() => null);
    if (!section) return { title: project?.title ?? "Project" };
    return { title: project ? `${section} · ${project.title}` : section };
  };
}
