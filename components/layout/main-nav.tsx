"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

export function MainNav({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  const links = [
    { href: "/dashboard", label: "Projects", active: pathname === "/dashboard" || pathname.startsWith("/projects") },
    ...(isAdmin ? [{ href: "/admin", label: "Admin", active: pathname.startsWith("/admin") }] : []),
  ];
  return (
    <nav aria-label="Main" className="hidden items-center gap-1 sm:flex">
      {links.map((link) => (
        <Link
          key={link.href}
          href={link.href}
          aria-current={link.active ? "page" : undefined}
          className={cn(
            "text-muted-foreground hover:text-foreground rounded-md px-3 py-1.5 text-sm font-medium transition-colors",
            link.active && "bg-accent text-foreground",
          )}
        >
          {link.label}
        </Link>
      ))}
    </nav>
  );
}
