import type { Metadata } from "next";
import { SpecPage } from "@/components/spec/spec-page";
import { ProjectPage } from "@/lib/project-page";
import { getQueryClient, trpc } from "@/lib/trpc/server";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  const project = await getQueryClient()
    .fetchQuery(trpc.project.get.queryOptions({ projectId: id }))
    .catch(() => null);
  return { title: project ? `Specification · ${project.title}` : "Specification" };
}

export default async function ProjectSpecPage({ params }: Params) {
  const { id } = await params;
  // Streamed, not awaited: the version list arrives with the page; the version itself loads on the client.
  void getQueryClient().prefetchQuery(trpc.spec.list.queryOptions({ projectId: id }));
  return (
    <ProjectPage projectId={id} tab="spec">
      <SpecPage projectId={id} />
    </ProjectPage>
  );
}
