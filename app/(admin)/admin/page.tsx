import type { Metadata } from "next";
import { AdminOverview } from "@/components/admin/admin-overview";
import { caller } from "@/lib/trpc/server";
import { requireAdmin } from "@/server/auth/guards";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  await requireAdmin();
  const overview = await (await caller()).admin.overview();
  return <AdminOverview overview={overview} />;
}
