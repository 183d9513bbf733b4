import type { Metadata } from "next";
import { ModuleBrowser } from "@/components/modules/module-browser";
import { ProjectPage } from "@/lib/project-page";
import { getQueryClient, trpc } from "@/lib/trpc/server";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  const project = await getQueryClient()
    .fetchQuery(trpc.project.get.queryOptions({ projectId: id }))
    .catch(() => null);
  return { title: project ? `Module · ${project.title}` : "Module" };
}

export default async function ProjectModulePage({ params }: Params) {
  const { id } = await params;
  // Streamed, not awaited; ProjectPage checks the session user owns the project (404 otherwise).
  void getQueryClient().prefetchQuery(trpc.module.versions.queryOptions({ projectId: id }));
  return (
    <ProjectPage projectId={id} tab="module">
      <ModuleBrowser projectId={id} />
    </ProjectPage>
  );
}
