"use client";

import { AlertTriangle, CheckCircle2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";
import type { EditorIssue } from "./issues";

export type JsonStatus = "synced" | "pending" | "invalid";

/** Tab inserts two spaces instead of leaving the textarea (Escape then Tab still moves focus out). */
export function insertSpacesOnTab(event: React.KeyboardEvent<HTMLTextAreaElement>, onText: (text: string) => void) {
  if (event.key !== "Tab" || event.shiftKey || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.currentTarget;
  if (target.dataset.tabEscapes === "true") return;
  event.preventDefault();
  const { selectionStart, selectionEnd, value } = target;
  const next = `${value.slice(0, selectionStart)}  ${value.slice(selectionEnd)}`;
  onText(next);
  // Restore the caret after React re-renders the controlled value.
  requestAnimationFrame(() => {
    target.selectionStart = target.selectionEnd = selectionStart + 2;
  });
}

/** Escape arms "Tab leaves the editor" once, so keyboard users are never trapped in a textarea. */
export function escapeArmsTab(event: React.KeyboardEvent<HTMLTextAreaElement>) {
  const target = event.currentTarget;
  if (event.key === "Escape") target.dataset.tabEscapes = "true";
  else if (event.key !== "Tab") delete target.dataset.tabEscapes;
}

export function JsonEditor({
  text,
  status,
  syntaxError,
  issues,
  readOnly,
  onText,
  onFlush,
  onDiscard,
  onFormat,
}: {
  text: string;
  status: JsonStatus;
  syntaxError: string | null;
  issues: readonly EditorIssue[];
  readOnly?: boolean;
  onText: (text: string) => void;
  /** Apply the text now instead of after the debounce (before a keyboard save). */
  onFlush?: () => void;
  onDiscard: () => void;
  onFormat: () => void;
}) {
  const problems = syntaxError ? 1 : issues.length;
  return (
    <div className="grid gap-3" data-testid="blueprint-json-editor">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Label htmlFor="blueprint-json" className="text-sm">
          Blueprint JSON
        </Label>
        <div className="flex items-center gap-2">
          <span
            className={cn("inline-flex items-center gap-1 text-xs", status === "invalid" ? "text-destructive" : "text-muted-foreground")}
            data-testid="blueprint-json-status"
            aria-live="polite"
          >
            {status === "invalid" ? (
              <>
                <AlertTriangle className="size-3.5" aria-hidden="true" /> {problems} problem{problems === 1 ? "" : "s"} — not applied to the form
              </>
            ) : status === "pending" ? (
              "Checking…"
            ) : (
              <>
                <CheckCircle2 className="size-3.5" aria-hidden="true" /> Valid, in sync with the form
              </>
            )}
          </span>
          {readOnly ? null : (
            <>
              <Button type="button" size="sm" variant="ghost" onClick={onFormat} disabled={status !== "synced"}>
                Format
              </Button>
              {status === "invalid" ? (
                <Button type="button" size="sm" variant="outline" onClick={onDiscard} data-testid="blueprint-json-discard">
                  Discard JSON changes
                </Button>
              ) : null}
            </>
          )}
        </div>
      </div>
      <textarea
        id="blueprint-json"
        value={text}
        onChange={(e) => onText(e.target.value)}
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") onFlush?.();
          escapeArmsTab(e);
          insertSpacesOnTab(e, onText);
        }}
        readOnly={readOnly}
        spellCheck={false}
        autoCapitalize="off"
        aria-invalid={status === "invalid"}
        aria-describedby="blueprint-json-problems blueprint-json-hint"
        className="border-input bg-background dark:bg-input/30 focus-visible:border-ring focus-visible:ring-ring/50 aria-invalid:border-destructive min-h-[28rem] w-full rounded-md border p-3 font-mono text-xs leading-relaxed shadow-xs outline-none focus-visible:ring-[3px]"
        data-testid="blueprint-json"
      />
      <p id="blueprint-json-hint" className="text-muted-foreground text-xs">
        Changes apply to the form as soon as the JSON is valid. Tab indents; press Escape then Tab to leave the editor.
      </p>
      <div id="blueprint-json-problems" aria-live="polite">
        {syntaxError ? (
          <p className="text-destructive text-sm" role="alert" data-testid="blueprint-json-syntax">
            JSON syntax error: {syntaxError}
          </p>
        ) : issues.length ? (
          <ul className="grid gap-1" role="alert" data-testid="blueprint-json-issues">
            {issues.map((issue, i) => (
              <li key={i} className="text-sm" data-testid="blueprint-json-issue" data-path={issue.path}>
                <code className="bg-muted rounded px-1 py-0.5 text-xs">{issue.path || "(root)"}</code>{" "}
                <span className="text-destructive">{issue.message}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
