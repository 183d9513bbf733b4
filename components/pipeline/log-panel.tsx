"use client";

import { useEffect, useRef } from "react";
import type { LogLine } from "@/lib/live/use-project-live";
import { cn } from "@/lib/utils";

const levelStyles: Record<string, string> = {
  info: "text-foreground",
  warn: "text-amber-600 dark:text-amber-400",
  error: "text-destructive",
};

const time = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false, timeZone: "UTC" });

/**
 * The live log: monospace, levels coloured, follows new lines unless the reader scrolled up
 * (then it stays put until they scroll back to the bottom).
 */
export function LogPanel({ lines, className }: { lines: LogLine[]; className?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const follow = useRef(true);

  useEffect(() => {
    const element = box.current;
    if (element && follow.current) element.scrollTop = element.scrollHeight;
  }, [lines]);

  return (
    <div
      ref={box}
      tabIndex={0}
      role="log"
      aria-live="polite"
      aria-label="Pipeline log"
      data-testid="progress-log"
      onScroll={(event) => {
        const element = event.currentTarget;
        follow.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
      }}
      className={cn("bg-muted/40 h-72 overflow-auto rounded-md border p-3 font-mono text-xs leading-relaxed focus-visible:ring-2 focus-visible:outline-none", className)}
    >
      {lines.length === 0 ? (
        <p className="text-muted-foreground">No log lines yet. They appear here as the pipeline works.</p>
      ) : (
        lines.map((line) => (
          <div key={line.seq} className={cn("break-words whitespace-pre-wrap", levelStyles[line.level] ?? levelStyles.info)} data-level={line.level}>
            <span className="text-muted-foreground select-none">{time.format(new Date(line.createdAt))} </span>
            {line.stage ? <span className="text-muted-foreground">[{line.stage}] </span> : null}
            {line.message}
          </div>
        ))
      )}
    </div>
  );
}
