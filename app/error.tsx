"use client";

import { StatusPage } from "@/components/layout/status-page";
import { Button } from "@/components/ui/button";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatusPage
      code="Error"
      title="Something went wrong"
      action={<Button onClick={reset}>Try again</Button>}
    >
      We could not load this page. Nothing you saved is lost.
      {error.digest ? <span className="mt-2 block font-mono text-xs">Reference: {error.digest}</span> : null}
    </StatusPage>
  );
}
