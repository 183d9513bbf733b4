import type { Metadata } from "next";
import { PipelineRuns } from "@/components/pipeline/pipeline-runs";
import { ProjectPage } from "@/lib/project-page";
import { getQueryClient, trpc } from "@/lib/trpc/server";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  const project = await getQueryClient()
    .fetchQuery(trpc.project.get.queryOptions({ projectId: id }))
    .catch(() => null);
  return { title: project ? `Pipeline · ${project.title}` : "Pipeline" };
}

export default async function ProjectPipelinePage({ params }: Params) {
  const { id } = await params;
  // Streamed, not awaited; ProjectPage checks the session user owns the project (404 otherwise).
  void getQueryClient().prefetchQuery(trpc.pipeline.runs.queryOptions({ projectId: id }));
  return (
    <ProjectPage projectId={id} tab="pipeline">
      <PipelineRuns projectId={id} />
    </ProjectPage>
  );
}
