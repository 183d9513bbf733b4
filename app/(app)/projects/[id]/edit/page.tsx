import type { Metadata } from "next";
import Link from "next/link";
import { ProjectForm } from "@/components/projects/project-form";
import { orNotFound } from "@/lib/trpc/load";
import { caller } from "@/lib/trpc/server";
import { requireUser } from "@/server/auth/guards";

export const metadata: Metadata = { title: "Edit project" };

export default async function EditProjectPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  const { id } = await params;
  const project = await orNotFound((await caller()).project.get({ projectId: id }));
  return (
    <div className="mx-auto max-w-3xl">
      <Link href={`/projects/${project.id}`} className="text-muted-foreground text-sm hover:underline">
        ← {project.title}
      </Link>
      <h1 className="mt-2 mb-6 text-2xl font-semibold tracking-tight">Edit project</h1>
      <ProjectForm project={project} />
    </div>
  );
}
