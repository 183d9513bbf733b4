import { SiteHeader } from "@/components/layout/site-header";
import { requireAdmin } from "@/server/auth/guards";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await requireAdmin();
  return (
    <>
      <SiteHeader user={user} />
      <main className="mx-auto w-full max-w-6xl px-4 py-8">{children}</main>
    </>
  );
}
