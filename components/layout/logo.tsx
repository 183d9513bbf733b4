import Link from "next/link";
import { Blocks } from "lucide-react";

export function Logo({ href = "/" }: { href?: string }) {
  return (
    <Link href={href} className="flex items-center gap-2 font-semibold tracking-tight">
      <span className="bg-primary text-primary-foreground grid size-8 place-items-center rounded-lg">
        <Blocks className="size-4" aria-hidden="true" />
      </span>
      <span>Odoo Module Builder</span>
    </Link>
  );
}
