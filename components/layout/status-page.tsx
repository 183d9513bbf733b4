import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Logo } from "./logo";

/** The shared look of 403 / 404 / error pages. */
export function StatusPage({
  code,
  title,
  children,
  action,
}: {
  code: string;
  title: string;
  children: React.ReactNode;
  action?: React.ReactNode;
}) {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-6 px-4 text-center">
      <Logo />
      <p className="text-primary text-sm font-semibold">{code}</p>
      <h1 className="text-3xl font-semibold tracking-tight" data-testid="status-title">
        {title}
      </h1>
      <div className="text-muted-foreground max-w-md">{children}</div>
      {action ?? (
        <Button asChild>
          <Link href="/dashboard">Back to your projects</Link>
        </Button>
      )}
    </div>
  );
}
