/**
 * A line diff: the shortest edit script between two lists of lines (Myers 1986) and its unified
 * hunks with context. Pure and dependency-free; the module diff (diff.ts) runs it per file.
 */

export type DiffOp = { type: "equal" | "delete" | "insert"; oldIndex: number; newIndex: number };

export interface DiffLine {
  type: "context" | "add" | "remove";
  text: string;
  /** 1-based line number on the old side (context and removed lines). */
  oldNumber: number | null;
  /** 1-based line number on the new side (context and added lines). */
  newNumber: number | null;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

/** Lines of context and the edit distance past which the middle is shown replaced wholesale. */
export const LINE_DIFF_DEFAULTS = { context: 3, maxEditDistance: 4_000 };

/** Splits text into lines; a final newline does not make an extra empty line. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/**
 * The shortest edit script from `a` to `b` (Myers 1986), as equal/delete/insert operations in
 * order. Common head and tail are trimmed first (most edits are small); past `maxEdit` the
 * middle is reported as all-deleted then all-inserted instead of searching further.
 */
export function diffLines(a: readonly string[], b: readonly string[], maxEdit = LINE_DIFF_DEFAULTS.maxEditDistance): DiffOp[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail += 1;

  const ops: DiffOp[] = [];
  for (let i = 0; i < head; i += 1) ops.push({ type: "equal", oldIndex: i, newIndex: i });
  const middle = myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail), maxEdit);
  for (const op of middle) ops.push({ type: op.type, oldIndex: op.oldIndex + head, newIndex: op.newIndex + head });
  for (let i = tail; i > 0; i -= 1) ops.push({ type: "equal", oldIndex: a.length - i, newIndex: b.length - i });
  return ops;
}

function myers(a: readonly string[], b: readonly string[], maxEdit: number): DiffOp[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return wholesale(n, m);
  const max = Math.min(n + m, maxEdit);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds V for k in [-d, d] after step d (a slice, so memory grows with d², not d·(n+m)).
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d += 1) {
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
      let x = down ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(v.slice(offset - d, offset + d + 1));
        return backtrack(trace, n, m);
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  return wholesale(n, m);
}

function backtrack(trace: Int32Array[], n: number, m: number): DiffOp[] {
  const ops: DiffOp[] = [];
  let x = n;
  let y = m;
  const at = (d: number, k: number) => trace[d]![k + d]!;
  for (let d = trace.length - 1; d > 0; d -= 1) {
    const k = x - y;
    const down = k === -d || (k !== d && at(d - 1, k - 1) < at(d - 1, k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(d - 1, prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x -= 1;
      y -= 1;
      ops.push({ type: "equal", oldIndex: x, newIndex: y });
    }
    if (down) {
      y -= 1;
      ops.push({ type: "insert", oldIndex: x, newIndex: y });
    } else {
      x -= 1;
      ops.push({ type: "delete", oldIndex: x, newIndex: y });
    }
  }
  while (x > 0 && y > 0) {
    x -= 1;
    y -= 1;
    ops.push({ type: "equal", oldIndex: x, newIndex: y });
  }
  return ops.reverse();
}

function wholesale(n: number, m: number): DiffOp[] {
  const ops: DiffOp[] = [];
  for (let i = 0; i < n; i += 1) ops.push({ type: "delete", oldIndex: i, newIndex: 0 });
  for (let j = 0; j < m; j += 1) ops.push({ type: "insert", oldIndex: n, newIndex: j });
  return ops;
}

/** Groups an edit script into unified hunks with `context` lines around each change. */
export function toHunks(ops: readonly DiffOp[], a: readonly string[], b: readonly string[], context = LINE_DIFF_DEFAULTS.context): DiffHunk[] {
  const changes: number[] = [];
  ops.forEach((op, index) => {
    if (op.type !== "equal") changes.push(index);
  });
  if (changes.length === 0) return [];

  // Ranges of op indexes to show: each change plus context, merged when they touch.
  const ranges: [number, number][] = [];
  for (const index of changes) {
    const start = Math.max(0, index - context);
    const end = Math.min(ops.length - 1, index + context);
    const last = ranges.at(-1);
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }

  return ranges.map(([start, end]) => {
    const lines: DiffLine[] = [];
    for (let i = start; i <= end; i += 1) {
      const op = ops[i]!;
      if (op.type === "equal") lines.push({ type: "context", text: a[op.oldIndex]!, oldNumber: op.oldIndex + 1, newNumber: op.newIndex + 1 });
      else if (op.type === "delete") lines.push({ type: "remove", text: a[op.oldIndex]!, oldNumber: op.oldIndex + 1, newNumber: null });
      else lines.push({ type: "add", text: b[op.newIndex]!, oldNumber: null, newNumber: op.newIndex + 1 });
    }
    const first = ops[start]!;
    const oldLines = lines.filter((line) => line.type !== "add").length;
    const newLines = lines.filter((line) => line.type !== "remove").length;
    // Unified-diff convention: an empty side starts at the line before (0 for an empty file).
    return {
      oldStart: oldLines ? first.oldIndex + 1 : first.oldIndex,
      oldLines,
      newStart: newLines ? first.newIndex + 1 : first.newIndex,
      newLines,
      lines,
    };
  });
}
