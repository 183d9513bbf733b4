import { ProjectDetail } from "@/components/projects/project-detail";
import { ProjectPage, type ProjectPageParams, projectPageMetadata } from "@/lib/project-page";

export const generateMetadata = projectPageMetadata();

export default async function ProjectOverviewPage({ params }: ProjectPageParams) {
  const { id } = await params;
  return (
    <ProjectPage projectId={id} tab="overview">
      <ProjectDetail projectId={id} />
    </ProjectPage>
  );
}
