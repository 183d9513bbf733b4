import Link from "next/link";
import { Button } from "@/components/ui/button";
import type { SessionUser } from "@/server/services/auth/auth";
import { Logo } from "./logo";
import { MainNav } from "./main-nav";
import { UserMenu } from "./user-menu";

export function SiteHeader({ user }: { user: SessionUser | null }) {
  return (
    <header className="bg-background/90 sticky top-0 z-40 border-b backdrop-blur">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-4">
        <Logo href={user ? "/dashboard" : "/"} />
        {user ? <MainNav isAdmin={user.role === "admin"} /> : null}
        <div className="ml-auto flex items-center gap-2">
          {user ? (
            <UserMenu user={user} />
          ) : (
            <>
              <Button asChild variant="ghost" size="sm">
                <Link href="/login">Sign in</Link>
              </Button>
              <Button asChild size="sm">
                <Link href="/register">Get started</Link>
              </Button>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
