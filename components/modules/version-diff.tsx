"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { ChevronDown, ChevronRight, FileDiff as FileDiffIcon } from "lucide-react";
import { useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";
import { messageOf } from "@/lib/trpc/errors";
import { cn } from "@/lib/utils";
import type { AppRouter } from "@/server/api/root";

export type ModuleDiff = inferRouterOutputs<AppRouter>["module"]["diff"];
type FileDiff = ModuleDiff["files"][number];

const statusBadges: Record<FileDiff["status"], { label: string; variant: "success" | "destructive" | "secondary" }> = {
  added: { label: "added", variant: "success" },
  removed: { label: "removed", variant: "destructive" },
  changed: { label: "changed", variant: "secondary" },
};

/** Files with more shown lines than this start collapsed (the header still gives the counts). */
const OPEN_LINES = 400;
/** Files past this many start collapsed, so a big diff stays navigable. */
const OPEN_FILES = 12;

function Counts({ additions, deletions }: { additions: number; deletions: number }) {
  return (
    <span className="font-mono text-xs tabular-nums whitespace-nowrap">
      <span className="text-green-700 dark:text-green-400" aria-label={`${additions} added`}>
        +{additions}
      </span>{" "}
      <span className="text-red-700 dark:text-red-400" aria-label={`${deletions} removed`}>
        −{deletions}
      </span>
    </span>
  );
}

const lineStyles = {
  add: "bg-green-500/10 dark:bg-green-500/15",
  remove: "bg-red-500/10 dark:bg-red-500/15",
  context: "",
} as const;
const markers = { add: "+", remove: "-", context: " " } as const;

function FileSection({ file, anchor, defaultOpen }: { file: FileDiff; anchor: string; defaultOpen: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const bodyId = `${anchor}-body`;
  const shown = file.hunks.reduce((sum, hunk) => sum + hunk.lines.length, 0);
  return (
    <section id={anchor} className="overflow-hidden rounded-md border" data-testid="diff-file" data-path={file.path} data-status={file.status}>
      <h3 className="bg-muted/50 m-0 border-b text-sm font-normal">
        <button
          type="button"
          className="hover:bg-muted focus-visible:ring-ring/50 flex w-full items-center gap-2 px-3 py-2 text-left outline-none focus-visible:ring-[3px]"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen((value) => !value)}
          data-testid="diff-file-toggle"
        >
          {open ? <ChevronDown className="size-4 shrink-0" aria-hidden="true" /> : <ChevronRight className="size-4 shrink-0" aria-hidden="true" />}
          <span className="min-w-0 flex-1 truncate font-mono text-xs">{file.path}</span>
          <Badge variant={statusBadges[file.status].variant}>{statusBadges[file.status].label}</Badge>
          {file.binary ? <Badge variant="outline">binary</Badge> : <Counts additions={file.additions} deletions={file.deletions} />}
        </button>
      </h3>
      <div id={bodyId} hidden={!open}>
        {file.note ? (
          <p className="text-muted-foreground border-b px-3 py-2 text-xs" data-testid="diff-note">
            {file.note}
          </p>
        ) : null}
        {shown > 0 ? (
          <div className="max-h-[70vh] overflow-auto" tabIndex={0} role="region" aria-label={`Changes in ${file.path}`}>
            <table className="w-full border-collapse font-mono text-xs leading-5">
              <caption className="sr-only">
                Changes in {file.path}: {file.additions} lines added, {file.deletions} removed.
              </caption>
              <thead className="sr-only">
                <tr>
                  <th scope="col">Old line</th>
                  <th scope="col">New line</th>
                  <th scope="col">Change</th>
                  <th scope="col">Text</th>
                </tr>
              </thead>
              {file.hunks.map((hunk, index) => (
                <tbody key={index} data-testid="diff-hunk">
                  <tr className="bg-blue-500/5 text-muted-foreground">
                    <td colSpan={4} className="px-3 py-1 select-none">
                      @@ -{hunk.oldStart},{hunk.oldLines} +{hunk.newStart},{hunk.newLines} @@
                    </td>
                  </tr>
                  {hunk.lines.map((line, lineIndex) => (
                    <tr key={lineIndex} className={lineStyles[line.type]} data-type={line.type}>
                      <td className="text-muted-foreground w-12 border-r px-2 text-right align-top select-none">{line.oldNumber ?? ""}</td>
                      <td className="text-muted-foreground w-12 border-r px-2 text-right align-top select-none">{line.newNumber ?? ""}</td>
                      <td
                        className={cn(
                          "w-5 px-1 text-center align-top select-none",
                          line.type === "add" && "text-green-700 dark:text-green-400",
                          line.type === "remove" && "text-red-700 dark:text-red-400",
                        )}
                      >
                        {line.type === "context" ? "" : markers[line.type]}
                        <span className="sr-only">{line.type === "add" ? "added" : line.type === "remove" ? "removed" : ""}</span>
                      </td>
                      <td className="px-2 whitespace-pre">{line.text}</td>
                    </tr>
                  ))}
                </tbody>
              ))}
            </table>
          </div>
        ) : null}
      </div>
    </section>
  );
}

/** A module diff: a summary, an index of the changed files, then each file's unified hunks. */
export function DiffView({ diff }: { diff: Pick<ModuleDiff, "files" | "unchanged" | "additions" | "deletions"> }) {
  const prefix = `diff-${useId().replace(/:/g, "")}`;
  if (diff.files.length === 0) {
    return (
      <p className="text-muted-foreground text-sm" data-testid="diff-empty">
        No file changed between these versions.
      </p>
    );
  }
  return (
    <div className="grid gap-4" data-testid="diff-view">
      <p className="text-sm" data-testid="diff-summary">
        <strong>{diff.files.length}</strong> file{diff.files.length === 1 ? "" : "s"} changed · <Counts additions={diff.additions} deletions={diff.deletions} />
        {diff.unchanged ? <span className="text-muted-foreground"> · {diff.unchanged} unchanged</span> : null}
      </p>
      <nav aria-label="Changed files">
        <ul className="grid gap-1 text-sm">
          {diff.files.map((file, index) => (
            <li key={file.path} className="flex items-center gap-2">
              <a href={`#${prefix}-${index}`} className="text-primary truncate font-mono text-xs hover:underline">
                {file.path}
              </a>
              <span className="text-muted-foreground text-xs">{statusBadges[file.status].label}</span>
              {file.binary ? null : <Counts additions={file.additions} deletions={file.deletions} />}
            </li>
          ))}
        </ul>
      </nav>
      {diff.files.map((file, index) => (
        <FileSection
          key={file.path}
          file={file}
          anchor={`${prefix}-${index}`}
          defaultOpen={index < OPEN_FILES && file.hunks.reduce((sum, hunk) => sum + hunk.lines.length, 0) <= OPEN_LINES}
        />
      ))}
    </div>
  );
}

/** The Module tab's "Changes" view: version `number` against the one before it. */
export function VersionChanges({ projectId, number }: { projectId: string; number: number }) {
  const trpc = useTRPC();
  const diff = useQuery(trpc.module.diff.queryOptions({ projectId, to: number }));
  return (
    <Card data-testid="version-changes">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <FileDiffIcon className="size-5" aria-hidden="true" /> Changes in version {number}
        </CardTitle>
        <CardDescription>
          Compared with version {number - 1}
          {diff.data?.to.summary ? <> — {diff.data.to.summary}</> : null}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {diff.isPending ? (
          <Skeleton className="h-64" />
        ) : diff.isError ? (
          <p className="text-destructive text-sm">Could not compare the versions: {messageOf(diff.error)}</p>
        ) : (
          <DiffView diff={diff.data} />
        )}
      </CardContent>
    </Card>
  );
}
