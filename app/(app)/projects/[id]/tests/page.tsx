import { TestResults } from "@/components/pipeline/test-results";
import { ProjectPage, type ProjectPageParams, projectPageMetadata } from "@/lib/project-page";
import { getQueryClient, trpc } from "@/lib/trpc/server";

export const generateMetadata = projectPageMetadata("Tests");

export default async function ProjectTestsPage({ params }: ProjectPageParams) {
  const { id } = await params;
  // Streamed, not awaited; ProjectPage checks the session user owns the project (404 otherwise).
  void getQueryClient().prefetchQuery(trpc.pipeline.testReports.queryOptions({ projectId: id }));
  return (
    <ProjectPage projectId={id} tab="tests">
      <TestResults projectId={id} />
    </ProjectPage>
  );
}
