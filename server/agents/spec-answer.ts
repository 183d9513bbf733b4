/**
 * The spec writer's answer format — Markdown for people, then one ```json block with the
 * blueprint — chosen because it streams well: the page shows the Markdown as it is written and
 * the JSON never reaches it. Here: the stream filter, the split of a finished answer, and the
 * assumptions read back from the Markdown.
 */

/** A line opening the blueprint block: ```json (any case), up to 3 spaces of indent. */
const FENCE_AT_LINE_START = /(^|\n)[ \t]{0,3}```json/i;
const FENCE = "```json";

/**
 * Wraps `onText` so it only receives the Markdown part of a streamed answer: forwarding stops
 * where the ```json fence starts, even when the fence arrives split across deltas (a line that
 * could still become the fence is held back until it cannot).
 */
export function markdownOnly(onText: (delta: string) => void): { push(delta: string): void; end(): void; reset(): void } {
  let all = "";
  let sent = 0;
  let done = false;
  const forward = (end: number) => {
    if (end > sent) onText(all.slice(sent, end));
    sent = Math.max(sent, end);
  };
  return {
    push(delta) {
      if (done || !delta) return;
      all += delta;
      // Search from the start of the line holding `sent`: a fence begins at a line start.
      const from = all.lastIndexOf("\n", Math.max(0, sent - 1));
      const match = FENCE_AT_LINE_START.exec(from > 0 ? all.slice(from) : all);
      if (match) {
        const start = (from > 0 ? from : 0) + match.index + match[1]!.length;
        forward(start);
        done = true;
        return;
      }
      const lineStart = all.lastIndexOf("\n") + 1;
      const tail = all.slice(lineStart).trimStart().toLowerCase();
      const couldBeFence = FENCE.startsWith(tail) && lineStart >= sent;
      forward(couldBeFence ? lineStart : all.length);
    },
    /** The model call started over (retry or fallback): forget everything seen so far. */
    reset() {
      all = "";
      sent = 0;
      done = false;
    },
    /** The answer ended without a fence: whatever was held back was Markdown after all. */
    end() {
      if (done) return;
      done = true;
      forward(all.length);
    },
  };
}

export interface SpecAnswer {
  markdown: string;
  /** The blueprint's JSON text, or null when the answer has none. */
  json: string | null;
}

/** Splits a finished answer; tolerates a missing closing fence (a cut answer) and a bare ``` fence. */
export function splitSpecAnswer(text: string): SpecAnswer {
  const open = /(^|\n)[ \t]{0,3}```json[^\n]*\n/i.exec(text) ?? bareJsonFence(text);
  if (open) {
    const markdown = text.slice(0, open.index).trim();
    const rest = text.slice(open.index + open[0].length);
    const close = rest.search(/(^|\n)[ \t]{0,3}```/);
    return { markdown, json: (close >= 0 ? rest.slice(0, close) : rest).trim() };
  }
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) return { markdown: "", json: trimmed };
  return { markdown: trimmed, json: null };
}

/** A ``` fence (no language) whose content starts with `{`. */
function bareJsonFence(text: string): RegExpExecArray | null {
  const fence = /(^|\n)[ \t]{0,3}```[ \t]*\n(?=\s*\{)/.exec(text);
  return fence;
}

/** The bullets of the `Assumptions` section, as plain lines (at most 30). */
export function assumptionsOf(markdown: string): string[] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((line) => /^#{1,4}\s*assumptions\b/i.test(line.trim()));
  if (start < 0) return [];
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const trimmed = line.trim();
    if (/^#{1,4}\s/.test(trimmed)) break;
    const bullet = /^(?:[-*+]|\d+[.)])\s+(.*)$/.exec(trimmed);
    if (bullet?.[1]) out.push(bullet[1].trim());
    else if (trimmed && out.length) out[out.length - 1] += ` ${trimmed}`;
  }
  return out.slice(0, 30);
}
