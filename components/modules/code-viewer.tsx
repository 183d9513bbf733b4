"use client";

import { Check, Copy } from "lucide-react";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import { highlightCode } from "./highlight";

/*
 * Token colours as Tailwind selectors on the container, so no highlight.js theme stylesheet has
 * to be loaded globally.
 */
const tokenStyles = cn(
  "[&_.hljs-keyword]:text-purple-700 dark:[&_.hljs-keyword]:text-purple-300",
  "[&_.hljs-built_in]:text-cyan-700 dark:[&_.hljs-built_in]:text-cyan-300",
  "[&_.hljs-string]:text-green-700 dark:[&_.hljs-string]:text-green-300",
  "[&_.hljs-number]:text-amber-700 dark:[&_.hljs-number]:text-amber-300",
  "[&_.hljs-literal]:text-amber-700 dark:[&_.hljs-literal]:text-amber-300",
  "[&_.hljs-comment]:text-muted-foreground [&_.hljs-comment]:italic",
  "[&_.hljs-meta]:text-muted-foreground",
  "[&_.hljs-title]:text-blue-700 dark:[&_.hljs-title]:text-blue-300",
  "[&_.hljs-tag]:text-blue-700 dark:[&_.hljs-tag]:text-blue-300",
  "[&_.hljs-name]:text-blue-700 dark:[&_.hljs-name]:text-blue-300",
  "[&_.hljs-attr]:text-orange-700 dark:[&_.hljs-attr]:text-orange-300",
  "[&_.hljs-section]:text-purple-700 dark:[&_.hljs-section]:text-purple-300",
);

/** A source file with highlighting, line numbers and a copy button. */
export function CodeViewer({ path, code }: { path: string; code: string }) {
  const { html, language } = useMemo(() => highlightCode(code, path), [code, path]);
  const lineCount = useMemo(() => code.replace(/\n$/, "").split("\n").length, [code]);
  const [copied, setCopied] = useState(false);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard refused (insecure context): nothing to do, the text is selectable.
    }
  };

  return (
    <div className="overflow-hidden rounded-md border" data-testid="code-viewer" data-language={language ?? "plaintext"}>
      <div className="bg-muted/50 flex items-center justify-between gap-2 border-b px-3 py-1.5">
        <span className="truncate font-mono text-xs" data-testid="code-path">
          {path}
        </span>
        <Button size="sm" variant="ghost" onClick={copy} aria-label={`Copy ${path}`} data-testid="code-copy">
          {copied ? <Check /> : <Copy />} {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <div className="flex max-h-[70vh] overflow-auto font-mono text-xs leading-5" tabIndex={0} aria-label={`Contents of ${path}`}>
        <pre aria-hidden="true" className="text-muted-foreground bg-muted/30 sticky left-0 border-r px-3 py-3 text-right select-none">
          {Array.from({ length: lineCount }, (_, index) => index + 1).join("\n")}
        </pre>
        <pre className={cn("flex-1 px-3 py-3", tokenStyles)}>
          <code className={language ? `hljs language-${language}` : undefined} dangerouslySetInnerHTML={{ __html: html }} />
        </pre>
      </div>
    </div>
  );
}
