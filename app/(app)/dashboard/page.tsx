import type { Metadata } from "next";
import { Suspense } from "react";
import { ProjectList, ProjectListSkeleton } from "@/components/projects/project-list";
import { HydrateClient, getQueryClient, trpc } from "@/lib/trpc/server";
import { requireUser } from "@/server/auth/guards";

export const metadata: Metadata = { title: "Projects" };

export default async function DashboardPage() {
  await requireUser();
  // Prefetched on the server and streamed into the client cache: no loading flash, no second fetch.
  void getQueryClient().prefetchQuery(trpc.project.list.queryOptions());
  return (
    <HydrateClient>
      <Suspense fallback={<ProjectListSkeleton />}>
        <ProjectList />
      </Suspense>
    </HydrateClient>
  );
}
