"use client";

import { AlertCircle, AlertTriangle, Info } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import type { EditorIssue } from "./issues";

const severityOrder = { error: 0, warning: 1, info: 2 } as const;
const icons = { error: AlertCircle, warning: AlertTriangle, info: Info } as const;
const VISIBLE = 6;

/** Every problem in one list, errors first; a click jumps to the control that holds the value. */
export function FindingsSummary({
  issues,
  checking,
  onReveal,
  describe = (path) => path,
}: {
  issues: readonly EditorIssue[];
  checking?: boolean;
  onReveal: (path: string) => void;
  /** A readable name for a path (model and field names instead of indexes). */
  describe?: (path: string) => string;
}) {
  const [expanded, setExpanded] = useState(false);
  const sorted = [...issues].sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity]);
  const errors = issues.filter((i) => i.severity === "error").length;
  const warnings = issues.filter((i) => i.severity === "warning").length;
  const shown = expanded ? sorted : sorted.slice(0, VISIBLE);

  if (issues.length === 0) {
    return (
      <p className="text-muted-foreground text-sm" data-testid="blueprint-findings" data-count={0} aria-live="polite">
        {checking ? "Checking the blueprint…" : "No problems found in the blueprint."}
      </p>
    );
  }
  return (
    <section
      className={cn("grid gap-2 rounded-lg border p-3", errors ? "border-destructive/40 bg-destructive/5" : "border-amber-500/40 bg-amber-500/5")}
      aria-label="Blueprint problems"
      data-testid="blueprint-findings"
      data-count={issues.length}
    >
      <p className="text-sm font-medium" aria-live="polite">
        {errors ? `${errors} error${errors === 1 ? "" : "s"}` : null}
        {errors && warnings ? ", " : null}
        {warnings ? `${warnings} warning${warnings === 1 ? "" : "s"}` : null}
        {!errors && !warnings ? `${issues.length} note${issues.length === 1 ? "" : "s"}` : null}
        {checking ? <span className="text-muted-foreground font-normal"> · checking…</span> : null}
      </p>
      <ul className="grid gap-1">
        {shown.map((issue, i) => {
          const Icon = icons[issue.severity];
          const where = (issue.path && describe(issue.path)) || (issue.file ? `${issue.file}${issue.line ? `:${issue.line}` : ""}` : "module");
          return (
            <li key={i}>
              <button
                type="button"
                onClick={() => issue.path && onReveal(issue.path)}
                disabled={!issue.path}
                className="hover:bg-background/80 focus-visible:ring-ring/50 flex w-full items-start gap-2 rounded px-1.5 py-1 text-left text-sm outline-none focus-visible:ring-2 disabled:cursor-default"
                data-testid="finding-item"
                data-path={issue.path}
              >
                <Icon
                  className={cn("mt-0.5 size-4 shrink-0", issue.severity === "error" ? "text-destructive" : issue.severity === "warning" ? "text-amber-600" : "text-muted-foreground")}
                  aria-label={issue.severity}
                />
                <span className="min-w-0">
                  <span>{issue.message}</span>{" "}
                  <code className="text-muted-foreground text-xs break-all">{where}</code>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {sorted.length > VISIBLE ? (
        <Button type="button" variant="link" size="sm" className="justify-self-start px-1" onClick={() => setExpanded(!expanded)}>
          {expanded ? "Show fewer" : `Show all ${sorted.length}`}
        </Button>
      ) : null}
    </section>
  );
}
