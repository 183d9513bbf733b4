/**
 * What changed between two module versions, file by file: a line diff (line-diff.ts) with
 * unified hunks and 3 lines of context, so the Module tab can show what a fixer or an adjustment
 * actually touched. Binary files and very large files are reported without their lines; every
 * file's output is capped so one generated data file cannot flood the page.
 */
import type { Database } from "@/db/client";
import type { ModuleVersion } from "@/db/schema";
import { AppError } from "@/server/errors";
import { unzipModule } from "@/server/odoo/module-files";
import type { BlobStore } from "@/server/ports/storage";
import { type DiffHunk, diffLines, LINE_DIFF_DEFAULTS, splitLines, toHunks } from "./line-diff";
import { getModuleVersion } from "./modules";

export type FileDiffStatus = "added" | "removed" | "changed";

export interface FileDiff {
  path: string;
  status: FileDiffStatus;
  additions: number;
  deletions: number;
  binary: boolean;
  hunks: DiffHunk[];
  /** Set when the lines are not (all) shown: binary, too large, or capped. */
  note: string | null;
  /** True when hunks were cut at the per-file line cap (counts still cover the whole file). */
  truncated: boolean;
}

export interface ModuleDiff {
  files: FileDiff[];
  unchanged: number;
  additions: number;
  deletions: number;
}

export interface DiffLimits {
  /** Lines of context around each change. */
  context: number;
  /** Lines a file may have (either side) before it is reported as too large to diff. */
  maxFileLines: number;
  /** Bytes a file may have (either side) before it is reported as too large to diff. */
  maxFileBytes: number;
  /** Hunk lines shown per file; the rest is cut with a note. */
  maxLinesPerFile: number;
  /** Edit distance beyond which the middle of a file is shown as replaced wholesale. */
  maxEditDistance: number;
}

export const DIFF_LIMITS: DiffLimits = {
  context: LINE_DIFF_DEFAULTS.context,
  maxFileLines: 20_000,
  maxFileBytes: 2 * 1024 * 1024,
  maxLinesPerFile: 2_000,
  maxEditDistance: LINE_DIFF_DEFAULTS.maxEditDistance,
};

const BINARY_EXTENSIONS = /\.(png|jpe?g|gif|ico|webp|woff2?|ttf|eot|pdf|zip|gz|mo)$/i;
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Text of a file, or null when it is binary (by extension, a NUL byte, or invalid UTF-8). */
function textOrNull(path: string, bytes: Uint8Array): string | null {
  if (BINARY_EXTENSIONS.test(path) || bytes.includes(0)) return null;
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** Keeps whole hunks up to the cap, then the part of the next hunk that fits. */
function capHunks(hunks: DiffHunk[], max: number): { hunks: DiffHunk[]; truncated: boolean } {
  const kept: DiffHunk[] = [];
  let used = 0;
  for (const hunk of hunks) {
    if (used + hunk.lines.length <= max) {
      kept.push(hunk);
      used += hunk.lines.length;
      continue;
    }
    const room = max - used;
    if (room > 0) kept.push({ ...hunk, lines: hunk.lines.slice(0, room) });
    return { hunks: kept, truncated: true };
  }
  return { hunks: kept, truncated: false };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** One file's diff; `before`/`after` null when the file does not exist on that side. */
export function diffFile(path: string, before: Uint8Array | null, after: Uint8Array | null, limits: DiffLimits = DIFF_LIMITS): FileDiff {
  const status: FileDiffStatus = before === null ? "added" : after === null ? "removed" : "changed";
  const base = { path, status, additions: 0, deletions: 0, binary: false, hunks: [] as DiffHunk[], note: null as string | null, truncated: false };
  const oldText = before === null ? "" : textOrNull(path, before);
  const newText = after === null ? "" : textOrNull(path, after);
  if (oldText === null || newText === null) {
    const sizes = [before ? kb(before.byteLength) : null, after ? kb(after.byteLength) : null].filter(Boolean).join(" → ");
    return { ...base, binary: true, note: `Binary file ${status} (${sizes}).` };
  }
  if (Math.max(before?.byteLength ?? 0, after?.byteLength ?? 0) > limits.maxFileBytes) {
    return { ...base, note: `Too large to compare (over ${kb(limits.maxFileBytes)}).` };
  }
  const a = splitLines(oldText);
  const b = splitLines(newText);
  if (Math.max(a.length, b.length) > limits.maxFileLines) {
    return { ...base, note: `Too large to compare (over ${limits.maxFileLines.toLocaleString("en")} lines).` };
  }
  const ops = diffLines(a, b, limits.maxEditDistance);
  const additions = ops.filter((op) => op.type === "insert").length;
  const deletions = ops.filter((op) => op.type === "delete").length;
  const capped = capHunks(toHunks(ops, a, b, limits.context), limits.maxLinesPerFile);
  const note =
    additions + deletions === 0
      ? "Only line endings changed."
      : capped.truncated
        ? `Showing the first ${limits.maxLinesPerFile.toLocaleString("en")} lines of this file's changes.`
        : null;
  return { ...base, additions, deletions, hunks: capped.hunks, truncated: capped.truncated, note };
}

/** Diffs two modules given as path → bytes; unchanged files are only counted. Paths sorted. */
export function diffModules(
  before: ReadonlyMap<string, Uint8Array>,
  after: ReadonlyMap<string, Uint8Array>,
  limits: DiffLimits = DIFF_LIMITS,
): ModuleDiff {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const files: FileDiff[] = [];
  let unchanged = 0;
  for (const path of paths) {
    const old = before.get(path) ?? null;
    const next = after.get(path) ?? null;
    if (old && next && sameBytes(old, next)) {
      unchanged += 1;
      continue;
    }
    files.push(diffFile(path, old, next, limits));
  }
  return {
    files,
    unchanged,
    additions: files.reduce((sum, file) => sum + file.additions, 0),
    deletions: files.reduce((sum, file) => sum + file.deletions, 0),
  };
}

async function filesOf(store: BlobStore, version: ModuleVersion): Promise<Map<string, Uint8Array>> {
  const blob = await store.get(version.blobKey);
  if (!blob) throw new AppError("INTERNAL_SERVER_ERROR", `The files of version ${version.number} are missing from storage.`);
  return unzipModule(blob.body).files;
}

/** The diff between two stored versions of one project (read from their zips). */
export async function diffModuleVersions(store: BlobStore, from: ModuleVersion, to: ModuleVersion, limits: DiffLimits = DIFF_LIMITS): Promise<ModuleDiff> {
  const [before, after] = await Promise.all([filesOf(store, from), filesOf(store, to)]);
  return diffModules(before, after, limits);
}

/** What the page shows about each side of a diff. */
function versionMeta(version: ModuleVersion) {
  return {
    number: version.number,
    source: version.source,
    summary: version.summary,
    aiProvider: version.aiProvider,
    aiModel: version.aiModel,
    createdAt: version.createdAt,
  };
}

/**
 * Version `to` (the latest by default) against version `from` (the one before `to` by default).
 * Version 1 has nothing before it: BAD_REQUEST, so the page can say so.
 */
export async function moduleVersionDiff(
  deps: { db: Database; store: BlobStore },
  projectId: string,
  input: { from?: number; to?: number },
  limits: DiffLimits = DIFF_LIMITS,
) {
  const to = await getModuleVersion(deps.db, projectId, input.to);
  const fromNumber = input.from ?? to.number - 1;
  if (fromNumber < 1) throw new AppError("BAD_REQUEST", `Version ${to.number} is the first version: there is nothing to compare it with.`);
  if (fromNumber === to.number) throw new AppError("BAD_REQUEST", "Pick two different versions to compare.");
  const from = await getModuleVersion(deps.db, projectId, fromNumber);
  const diff = await diffModuleVersions(deps.store, from, to, limits);
  return { from: versionMeta(from), to: versionMeta(to), ...diff };
}
