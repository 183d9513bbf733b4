import { ModuleBrowser } from "@/components/modules/module-browser";
import { ProjectPage, type ProjectPageParams, projectPageMetadata } from "@/lib/project-page";
import { getQueryClient, trpc } from "@/lib/trpc/server";

export const generateMetadata = projectPageMetadata("Module");

export default async function ProjectModulePage({ params }: ProjectPageParams) {
  const { id } = await params;
  // Streamed, not awaited; ProjectPage checks the session user owns the project (404 otherwise).
  void getQueryClient().prefetchQuery(trpc.module.versions.queryOptions({ projectId: id }));
  return (
    <ProjectPage projectId={id} tab="module">
      <ModuleBrowser projectId={id} />
    </ProjectPage>
  );
}
