"use client";

import { Eye, Pencil } from "lucide-react";
import { memo, useDeferredValue, useState } from "react";
import { escapeArmsTab, insertSpacesOnTab } from "@/components/blueprint-editor/json-editor";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";
import { MarkdownPreview } from "./markdown-preview";

/**
 * Markdown source and its preview: side by side on wide screens, a Write/Preview toggle on
 * narrow ones. Tab indents (two spaces); Escape then Tab leaves the textarea.
 */
export const MarkdownEditor = memo(function MarkdownEditor({
  value,
  onChange,
  readOnly,
}: {
  value: string;
  onChange: (value: string) => void;
  readOnly?: boolean;
}) {
  const [mode, setMode] = useState<"write" | "preview">(readOnly ? "preview" : "write");
  // The preview re-parses the whole document: let it lag behind fast typing instead of the caret.
  const preview = useDeferredValue(value);
  return (
    <div className="grid gap-3" data-testid="spec-markdown-editor">
      <div className="flex items-center gap-1 lg:hidden" role="group" aria-label="Editor view">
        {(["write", "preview"] as const).map((item) => (
          <button
            key={item}
            type="button"
            onClick={() => setMode(item)}
            aria-pressed={mode === item}
            className={cn(
              "focus-visible:ring-ring/50 inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm outline-none focus-visible:ring-[3px]",
              mode === item ? "bg-secondary font-medium" : "text-muted-foreground hover:text-foreground",
            )}
            data-testid={`spec-mode-${item}`}
          >
            {item === "write" ? <Pencil className="size-4" aria-hidden="true" /> : <Eye className="size-4" aria-hidden="true" />}
            {item === "write" ? (readOnly ? "Source" : "Write") : "Preview"}
          </button>
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <div className={cn("grid content-start gap-2", mode === "preview" && "hidden lg:grid")}>
          <Label htmlFor="spec-markdown" className="text-muted-foreground text-xs tracking-wide uppercase">
            Markdown
          </Label>
          <textarea
            id="spec-markdown"
            value={value}
            onChange={(e) => onChange(e.target.value)}
            onKeyDown={(e) => {
              escapeArmsTab(e);
              insertSpacesOnTab(e, onChange);
            }}
            readOnly={readOnly}
            spellCheck
            aria-describedby="spec-markdown-hint"
            className="border-input bg-background dark:bg-input/30 focus-visible:border-ring focus-visible:ring-ring/50 min-h-[32rem] w-full resize-y rounded-md border p-3 font-mono text-sm leading-relaxed shadow-xs outline-none focus-visible:ring-[3px] read-only:opacity-80"
            data-testid="spec-markdown"
          />
          <p id="spec-markdown-hint" className="text-muted-foreground text-xs">
            Markdown with tables and task lists. Tab indents; Escape then Tab moves on. Ctrl/⌘+S saves.
          </p>
        </div>
        <div className={cn("grid content-start gap-2", mode === "write" && "hidden lg:grid")}>
          <span className="text-muted-foreground text-xs font-medium tracking-wide uppercase">Preview</span>
          <div className="bg-card max-h-[40rem] min-h-[32rem] overflow-y-auto rounded-md border p-4">
            <MarkdownPreview markdown={preview} />
          </div>
        </div>
      </div>
    </div>
  );
});
