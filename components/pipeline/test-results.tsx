"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { CheckCircle2, CircleSlash, FileText, XCircle } from "lucide-react";
import Link from "next/link";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { formatDateTime } from "@/components/projects/format";
import { useProjectLive } from "@/lib/live/use-project-live";
import { useTRPC } from "@/lib/trpc/client";
import { cn } from "@/lib/utils";
import type { AppRouter } from "@/server/api/root";

type Report = inferRouterOutputs<AppRouter>["pipeline"]["testReports"][number];
type TestCase = Report["cases"][number];

const installedLabels: Record<string, { label: string; variant: "success" | "destructive" | "warning" }> = {
  installed: { label: "installed", variant: "success" },
  failed: { label: "install failed", variant: "destructive" },
  timeout: { label: "install timed out", variant: "destructive" },
  unavailable: { label: "sandbox unavailable", variant: "warning" },
};

function StatusIcon({ status }: { status: TestCase["status"] }) {
  if (status === "passed") return <CheckCircle2 className="text-success size-4 shrink-0" aria-label="passed" />;
  if (status === "failed") return <XCircle className="text-destructive size-4 shrink-0" aria-label="failed" />;
  return <CircleSlash className="text-muted-foreground size-4 shrink-0" aria-label="skipped" />;
}

function Screenshot({ url, name }: { url: string; name: string }) {
  return (
    <Dialog>
      <DialogTrigger asChild>
        <button type="button" className="w-fit overflow-hidden rounded border focus-visible:ring-2 focus-visible:outline-none" aria-label={`Screenshot of ${name}, full size`} data-testid="test-screenshot">
          {/* eslint-disable-next-line @next/next/no-img-element -- a short-lived signed URL */}
          <img src={url} alt="" className="h-24 w-auto object-cover object-top" loading="lazy" />
        </button>
      </DialogTrigger>
      <DialogContent className="max-w-5xl sm:max-w-5xl">
        <DialogHeader>
          <DialogTitle>{name}</DialogTitle>
          <DialogDescription>The page when the test failed.</DialogDescription>
        </DialogHeader>
        {/* eslint-disable-next-line @next/next/no-img-element -- a short-lived signed URL */}
        <img src={url} alt={`Screenshot of ${name}`} className="max-h-[75vh] w-full object-contain" />
      </DialogContent>
    </Dialog>
  );
}

function CaseRow({ test }: { test: TestCase }) {
  return (
    <li className="grid gap-1.5 py-3 first:pt-0 last:pb-0" data-testid="test-case" data-status={test.status} data-suite={test.suite}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <StatusIcon status={test.status} />
        <span className="font-medium break-all">{test.name}</span>
        <Badge variant="outline">{test.suite === "ui" ? "UI" : "Python"}</Badge>
        {test.durationMs !== undefined ? <span className="text-muted-foreground text-xs">{(test.durationMs / 1000).toFixed(1)} s</span> : null}
        {test.file ? (
          <span className="text-muted-foreground font-mono text-xs" data-testid="test-location">
            {test.file}
            {test.line ? `:${test.line}` : ""}
          </span>
        ) : null}
      </div>
      {test.error ? <pre className="bg-muted max-h-48 overflow-auto rounded p-2 font-mono text-xs whitespace-pre-wrap">{test.error}</pre> : null}
      {test.status === "failed" && test.suite === "ui" && test.screenshotUrl ? <Screenshot url={test.screenshotUrl} name={test.name} /> : null}
    </li>
  );
}

function attemptLabel(report: Report) {
  return report.attempt === 0 ? "First test" : `Fix attempt ${report.attempt}`;
}

function ReportBody({ report }: { report: Report }) {
  const failedFirst = [...report.cases].sort((a, b) => Number(b.status === "failed") - Number(a.status === "failed"));
  return (
    <div className="grid gap-4">
      {report.errors.length > 0 ? (
        <Alert variant="destructive" data-testid="install-errors">
          <AlertTitle>The module did not install cleanly</AlertTitle>
          <AlertDescription>
            <ul className="grid gap-2">
              {report.errors.map((error, index) => (
                <li key={index}>
                  <span className="font-medium">{error.kind}</span>
                  {error.file ? <span className="font-mono text-xs"> — {error.file}{error.line ? `:${error.line}` : ""}</span> : null}
                  <pre className="mt-1 font-mono text-xs whitespace-pre-wrap">{error.message}</pre>
                </li>
              ))}
            </ul>
          </AlertDescription>
        </Alert>
      ) : null}
      {report.cases.length === 0 ? (
        <p className="text-muted-foreground text-sm">No test ran.</p>
      ) : (
        <ul className="divide-y">{failedFirst.map((test, index) => <CaseRow key={`${test.suite}-${test.name}-${index}`} test={test} />)}</ul>
      )}
      {report.logExcerpt ? (
        <details className="rounded-md border" data-testid="log-excerpt">
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium">Odoo log (last lines)</summary>
          <pre className="bg-muted/40 max-h-80 overflow-auto border-t p-3 font-mono text-xs whitespace-pre-wrap">{report.logExcerpt}</pre>
        </details>
      ) : null}
      {report.logUrl ? (
        <a href={report.logUrl} className="text-primary flex w-fit items-center gap-1 text-sm hover:underline">
          <FileText className="size-4" aria-hidden="true" /> Full Odoo log
        </a>
      ) : null}
    </div>
  );
}

function ReportBadges({ report, version }: { report: Report; version?: number }) {
  const installed = installedLabels[report.installed] ?? installedLabels.failed!;
  return (
    <span className="flex flex-wrap items-center gap-2">
      <Badge variant="outline" data-testid="test-mode">{report.quick === "quick" ? "quick" : "full"}</Badge>
      <Badge variant={installed.variant}>{installed.label}</Badge>
      {version ? <Badge variant="secondary">version {version}</Badge> : null}
    </span>
  );
}

/** The Tests tab: the latest report on top, older ones (earlier versions, fix attempts) below. */
export function TestResults({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  useProjectLive(projectId);
  const reports = useQuery(trpc.pipeline.testReports.queryOptions({ projectId }));
  const versions = useQuery(trpc.module.versions.queryOptions({ projectId }));
  const versionOf = (report: Report) => versions.data?.find((version) => version.id === report.moduleVersionId)?.number;

  if (reports.isPending) return <Skeleton className="h-64" />;
  if (reports.isError) return <p className="text-destructive text-sm">Could not load the test reports: {reports.error.message}</p>;
  const [latest, ...older] = reports.data;
  if (!latest) {
    return (
      <Card data-testid="no-tests">
        <CardHeader>
          <CardTitle>No tests yet</CardTitle>
          <CardDescription>
            Once the module is built it is installed in a real Odoo, its Python tests and generated UI tests run, and the results appear here.
            Follow the build on the <Link href={`/projects/${projectId}`} className="underline">overview</Link>.
          </CardDescription>
        </CardHeader>
      </Card>
    );
  }
  const allPassed = latest.passed === latest.total && latest.installed === "installed";
  return (
    <div className="grid gap-6">
      <Card data-testid="latest-report">
        <CardHeader>
          <CardTitle className={cn("text-2xl tabular-nums", allPassed ? "text-success" : "text-destructive")} data-testid="test-summary">
            {latest.passed}/{latest.total} passed
          </CardTitle>
          <CardDescription>
            {attemptLabel(latest)} · {formatDateTime(latest.createdAt)}
          </CardDescription>
          <CardAction>
            <ReportBadges report={latest} version={versionOf(latest)} />
          </CardAction>
        </CardHeader>
        <CardContent>
          <ReportBody report={latest} />
        </CardContent>
      </Card>
      {older.length > 0 ? (
        <section className="grid gap-3" aria-labelledby="older-reports">
          <h2 id="older-reports" className="text-lg font-semibold">
            Earlier reports
          </h2>
          {older.map((report) => (
            <details key={report.id} className="rounded-lg border" data-testid="older-report">
              <summary className="flex cursor-pointer flex-wrap items-center gap-3 px-4 py-3 text-sm">
                <span className="font-medium tabular-nums">{report.summary}</span>
                <span className="text-muted-foreground">
                  {attemptLabel(report)} · {formatDateTime(report.createdAt)}
                </span>
                <ReportBadges report={report} version={versionOf(report)} />
              </summary>
              <div className="border-t p-4">
                <ReportBody report={report} />
              </div>
            </details>
          ))}
        </section>
      ) : null}
    </div>
  );
}
