import { redirect } from "next/navigation";
import { Logo } from "@/components/layout/logo";
import { getCurrentUser } from "@/server/auth/session";

export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  if (await getCurrentUser()) redirect("/dashboard");
  return (
    <div className="bg-muted/40 flex min-h-dvh flex-col items-center justify-center gap-8 px-4 py-12">
      <Logo />
      <main className="w-full max-w-sm">{children}</main>
    </div>
  );
}
