import { SpecPage } from "@/components/spec/spec-page";
import { ProjectPage, type ProjectPageParams, projectPageMetadata } from "@/lib/project-page";
import { getQueryClient, trpc } from "@/lib/trpc/server";

export const generateMetadata = projectPageMetadata("Specification");

export default async function ProjectSpecPage({ params }: ProjectPageParams) {
  const { id } = await params;
  // Streamed, not awaited: the version list arrives with the page; the version itself loads on the client.
  void getQueryClient().prefetchQuery(trpc.spec.list.queryOptions({ projectId: id }));
  return (
    <ProjectPage projectId={id} tab="spec">
      <SpecPage projectId={id} />
    </ProjectPage>
  );
}
