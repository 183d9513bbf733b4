"use client";

import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { Package } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { AiProvenance } from "@/components/ai/ai-provenance";
import { formatDateTime } from "@/components/projects/format";
import { useProjectLive } from "@/lib/live/use-project-live";
import { useTRPC } from "@/lib/trpc/client";
import { CodeViewer } from "./code-viewer";
import { DownloadButton } from "./download-button";
import { FileTree } from "./file-tree";
import { VersionChanges } from "./version-diff";

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const sourceLabels: Record<string, { label: string; variant: "secondary" | "outline" | "warning" | "default" }> = {
  compiler: { label: "compiler", variant: "outline" },
  ai: { label: "AI", variant: "secondary" },
  fix: { label: "fix", variant: "warning" },
  adjustment: { label: "adjustment", variant: "default" },
};

/**
 * The Module tab: pick a version, see who wrote it (the compiler or which AI, at what cost),
 * browse its files or what changed since the version before, download once accepted.
 */
export function ModuleBrowser({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  useProjectLive(projectId);
  const { data: project } = useSuspenseQuery(trpc.project.get.queryOptions({ projectId }));
  const versions = useQuery(trpc.module.versions.queryOptions({ projectId }));
  const [chosen, setChosen] = useState<number | null>(null);
  const [path, setPath] = useState<string | null>(null);
  const [view, setView] = useState<"files" | "changes">("files");
  const number = chosen ?? versions.data?.[0]?.number ?? null;
  const version = versions.data?.find((item) => item.number === number) ?? null;
  const files = useQuery({ ...trpc.module.files.queryOptions({ projectId, number: number ?? undefined }), enabled: number !== null });
  const selectedPath = path && files.data?.files.some((file) => file.path === path) ? path : (files.data?.files.find((file) => file.path.endsWith("__manifest__.py"))?.path ?? null);
  const file = useQuery({
    ...trpc.module.file.queryOptions({ projectId, number: number ?? undefined, path: selectedPath ?? "" }),
    enabled: number !== null && selectedPath !== null,
  });
  const downloadable = project.status === "accepted" || project.status === "paid";

  if (versions.isPending) return <Skeleton className="h-96" />;
  if (versions.isError) return <p className="text-destructive text-sm">Could not load the versions: {versions.error.message}</p>;
  if (versions.data.length === 0) {
    return (
      <Card data-testid="no-versions">
        <CardHeader>
          <CardTitle>No module yet</CardTitle>
          <CardDescription>
            The module is built once the <Link href={`/projects/${projectId}/spec`} className="underline">specification</Link> is approved; each
            build, fix and adjustment appears here as a numbered version.
          </CardDescription>
        </CardHeader>
      </Card>
    );
  }

  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            <Package className="size-5" aria-hidden="true" /> Module versions
          </CardTitle>
          <CardDescription>
            {downloadable ? "The accepted version is ready to download." : "The download becomes available once you accept the module in the live preview."}
          </CardDescription>
          <CardAction>{downloadable ? <DownloadButton projectId={projectId} /> : null}</CardAction>
        </CardHeader>
        <CardContent className="flex flex-wrap items-center gap-3">
          <label htmlFor="version-select" className="text-sm font-medium">
            Version
          </label>
          <select
            id="version-select"
            data-testid="version-select"
            value={number ?? ""}
            onChange={(event) => {
              setChosen(Number(event.target.value));
              setPath(null);
            }}
            className="border-input bg-background h-9 rounded-md border px-3 text-sm"
          >
            {versions.data.map((item) => (
              <option key={item.id} value={item.number}>
                {`Version ${item.number} (${sourceLabels[item.source]?.label ?? item.source}${item.aiModel ? ` · ${item.aiModel}` : ""}) — ${formatDateTime(item.createdAt)}`}
              </option>
            ))}
          </select>
          {version ? (
            <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="version-summary">
              <Badge variant={sourceLabels[version.source]?.variant ?? "outline"} data-testid="version-source">
                {sourceLabels[version.source]?.label ?? version.source}
              </Badge>
              {version.id === project.acceptedModuleVersionId ? <Badge variant="success">accepted</Badge> : null}
              {version.findingSummary.errors > 0 ? (
                <Badge variant="destructive">{version.findingSummary.errors} error(s)</Badge>
              ) : (
                <Badge variant="success">valid</Badge>
              )}
              {version.findingSummary.warnings > 0 ? <Badge variant="warning">{version.findingSummary.warnings} warning(s)</Badge> : null}
              <span className="text-muted-foreground">
                Odoo {version.odooVersion} · {kb(version.sizeBytes)}
              </span>
            </div>
          ) : null}
          {version ? <AiProvenance version={version} summary={version.summary} className="basis-full" /> : null}
        </CardContent>
      </Card>

      <Tabs value={number !== null && number > 1 ? view : "files"} onValueChange={(next) => setView(next as "files" | "changes")}>
        <TabsList aria-label="Show">
          <TabsTrigger value="files" data-testid="module-view-files">
            Files
          </TabsTrigger>
          <TabsTrigger value="changes" disabled={number === null || number <= 1} data-testid="module-view-changes" title={number === 1 ? "Version 1 has nothing before it" : undefined}>
            Changes
          </TabsTrigger>
        </TabsList>
        <TabsContent value="changes">{number !== null && number > 1 ? <VersionChanges projectId={projectId} number={number} /> : null}</TabsContent>
        <TabsContent value="files">
          <div className="grid gap-4 lg:grid-cols-[minmax(220px,280px)_1fr]">
            <Card className="py-4">
              <CardContent className="px-2">
                {files.isPending ? (
                  <Skeleton className="h-64" />
                ) : files.isError ? (
                  <p className="text-destructive px-2 text-sm">Could not load the files: {files.error.message}</p>
                ) : (
                  <FileTree files={files.data.files} selected={selectedPath} onSelect={setPath} />
                )}
              </CardContent>
            </Card>
            <div className="min-w-0">
              {!selectedPath ? (
                <p className="text-muted-foreground text-sm">Pick a file on the left.</p>
              ) : file.isPending ? (
                <Skeleton className="h-96" />
              ) : file.isError ? (
                <p className="text-destructive text-sm">Could not load {selectedPath}: {file.error.message}</p>
              ) : file.data.encoding === "utf8" ? (
                <CodeViewer path={file.data.path} code={file.data.content} />
              ) : /\.(png|jpe?g|gif|svg)$/i.test(file.data.path) ? (
                <div className="grid gap-2 rounded-md border p-4" data-testid="code-viewer">
                  <span className="font-mono text-xs">{file.data.path}</span>
                  {/* eslint-disable-next-line @next/next/no-img-element -- a data URL, nothing to optimise */}
                  <img src={`data:image/${file.data.path.endsWith(".svg") ? "svg+xml" : file.data.path.split(".").pop()};base64,${file.data.content}`} alt={file.data.path} className="max-h-64 w-fit" />
                </div>
              ) : (
                <p className="text-muted-foreground text-sm" data-testid="code-viewer">
                  {file.data.path} is a binary file ({kb(file.data.size)}).
                </p>
              )}
            </div>
          </div>
        </TabsContent>
      </Tabs>
    </div>
  );
}
