import type { Metadata } from "next";
import { ProjectForm } from "@/components/projects/project-form";
import { requireUser } from "@/server/auth/guards";

export const metadata: Metadata = { title: "New project" };

export default async function NewProjectPage() {
  await requireUser();
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-2xl font-semibold tracking-tight">New project</h1>
      <p className="text-muted-foreground mt-1 mb-6 text-sm">
        Tell us about the module. You will review its specification before anything is built.
      </p>
      <ProjectForm />
    </div>
  );
}
