import type { Metadata } from "next";
import Link from "next/link";
import { PipelineJobs } from "@/components/admin/pipeline-jobs";
import { requireAdmin } from "@/server/auth/guards";

export const metadata: Metadata = { title: "Pipeline runs · Admin" };

export default async function AdminJobsPage() {
  await requireAdmin();
  return (
    <div className="grid gap-6">
      <div>
        <Link href="/admin" className="text-muted-foreground text-sm hover:underline">
          ← Admin console
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Pipeline runs</h1>
      </div>
      <PipelineJobs />
    </div>
  );
}
