import type { Metadata } from "next";
import { ProjectDetail } from "@/components/projects/project-detail";
import { ProjectPage } from "@/lib/project-page";
import { getQueryClient, trpc } from "@/lib/trpc/server";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  const project = await getQueryClient()
    .fetchQuery(trpc.project.get.queryOptions({ projectId: id }))
    .catch(() => null);
  return { title: project?.title ?? "Project" };
}

export default async function ProjectOverviewPage({ params }: Params) {
  const { id } = await params;
  return (
    <ProjectPage projectId={id} tab="overview">
      <ProjectDetail projectId={id} />
    </ProjectPage>
  );
}
