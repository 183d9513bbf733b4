import type { Metadata } from "next";
import { ProjectDetail } from "@/components/projects/project-detail";
import { orNotFound } from "@/lib/trpc/load";
import { HydrateClient, getQueryClient, trpc } from "@/lib/trpc/server";
import { requireUser } from "@/server/auth/guards";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  const project = await getQueryClient()
    .fetchQuery(trpc.project.get.queryOptions({ projectId: id }))
    .catch(() => null);
  return { title: project?.title ?? "Project" };
}

export default async function ProjectPage({ params }: Params) {
  await requireUser();
  const { id } = await params;
  // Awaited (not streamed) so another user's id answers with a real 404 status.
  await orNotFound(getQueryClient().fetchQuery(trpc.project.get.queryOptions({ projectId: id })));
  return (
    <HydrateClient>
      <ProjectDetail projectId={id} />
    </HydrateClient>
  );
}
