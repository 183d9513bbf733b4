import Link from "next/link";
import { Button } from "@/components/ui/button";

/** The body of 403 / 404 / error pages; the page around it decides whether a header is shown. */
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
    <div className="flex flex-col items-center gap-5 px-4 py-20 text-center sm:py-28">
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
