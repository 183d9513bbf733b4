import { PipelineRuns } from "@/components/pipeline/pipeline-runs";
import { ProjectPage, type ProjectPageParams, projectPageMetadata } from "@/lib/project-page";
import { getQueryClient, trpc } from "@/lib/trpc/server";

export const generateMetadata = projectPageMetadata("Pipeline");

export default async function ProjectPipelinePage({ params }: ProjectPageParams) {
  const { id } = await params;
  // Streamed, not awaited; ProjectPage checks the session user owns the project (404 otherwise).
  void getQueryClient().prefetchQuery(trpc.pipeline.runs.queryOptions({ projectId: id }));
  return (
    <ProjectPage projectId={id} tab="pipeline">
      <PipelineRuns projectId={id} />
    </ProjectPage>
  );
}
