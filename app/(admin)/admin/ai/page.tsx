import type { Metadata } from "next";
import Link from "next/link";
import { AiUsage } from "@/components/admin/ai-usage";
import { requireAdmin } from "@/server/auth/guards";

export const metadata: Metadata = { title: "AI usage · Admin" };

export default async function AdminAiPage() {
  await requireAdmin();
  return (
    <div className="grid gap-6">
      <div>
        <Link href="/admin" className="text-muted-foreground text-sm hover:underline">
          ← Admin console
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">AI usage</h1>
        <p className="text-muted-foreground text-sm">What the AI agents cost, per provider, model, day, task and project.</p>
      </div>
      <AiUsage />
    </div>
  );
}
