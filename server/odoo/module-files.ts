/**
 * A module as a map of files: paths relative to the addon's folder (posix, no leading slash,
 * no `..`), contents as text or bytes. The compiler produces one, the validator and sandboxes
 * read one, the zip helpers turn one into the bytes a customer downloads.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from "fflate";

export type FileContent = string | Uint8Array;
export type ModuleFiles = ReadonlyMap<string, FileContent>;

export const ZIP_LIMITS = {
  /** Files in one module. */
  maxFiles: 2000,
  /** Uncompressed bytes of one file. */
  maxFileBytes: 10 * 1024 * 1024,
  /** Uncompressed bytes of the whole module. */
  maxTotalBytes: 50 * 1024 * 1024,
};

export class ModulePathError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`Unsafe path "${path}": ${reason}`);
    this.name = "ModulePathError";
  }
}

/**
 * Normalises a path inside a module, or throws: no absolute paths, no drive letters, no `..`,
 * no empty or `.` segments, no control characters. Backslashes are treated as separators.
 */
export function safeModulePath(path: string): string {
  const unified = path.replace(/\\/g, "/");
  if (unified.startsWith("/") || /^[A-Za-z]:/.test(unified)) throw new ModulePathError(path, "absolute paths are not allowed");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f]/.test(unified)) throw new ModulePathError(path, "control characters are not allowed");
  const segments = unified.split("/").filter((segment, index, all) => !(segment === "" && index === all.length - 1));
  if (segments.length === 0) throw new ModulePathError(path, "empty path");
  for (const segment of segments) {
    if (segment === "..") throw new ModulePathError(path, "`..` is not allowed");
    if (segment === "" || segment === ".") throw new ModulePathError(path, "empty or `.` segments are not allowed");
  }
  return segments.join("/");
}

export const textOf = (content: FileContent): string =>
  typeof content === "string" ? content : strFromU8(content);

export const bytesOf = (content: FileContent): Uint8Array =>
  typeof content === "string" ? strToU8(content) : content;

/** Fixed timestamp so the same files always zip to the same bytes. */
const ZIP_MTIME = new Date("2020-01-01T00:00:00Z");

/**
 * Zips a module under its folder name (`<module>/__manifest__.py`, ...), entries sorted, fixed
 * timestamps: deterministic bytes for deterministic input.
 */
export function zipModule(moduleName: string, files: ModuleFiles): Uint8Array {
  const tree: Zippable = {};
  for (const path of [...files.keys()].sort()) {
    tree[`${moduleName}/${safeModulePath(path)}`] = [bytesOf(files.get(path)!), { mtime: ZIP_MTIME, level: 9 }];
  }
  return zipSync(tree, { mtime: ZIP_MTIME });
}

/**
 * Reads a module zip safely: checks every path, the file count and the uncompressed sizes
 * before trusting it. Accepts `<module>/...` (one top folder, stripped) or files at the root.
 */
export function unzipModule(zip: Uint8Array): { moduleName: string | null; files: Map<string, Uint8Array> } {
  let count = 0;
  let total = 0;
  const entries = unzipSync(zip, {
    filter(file) {
      count += 1;
      if (count > ZIP_LIMITS.maxFiles) throw new ModulePathError(file.name, `more than ${ZIP_LIMITS.maxFiles} files`);
      if (file.originalSize > ZIP_LIMITS.maxFileBytes) {
        throw new ModulePathError(file.name, `file larger than ${ZIP_LIMITS.maxFileBytes} bytes`);
      }
      total += file.originalSize;
      if (total > ZIP_LIMITS.maxTotalBytes) throw new ModulePathError(file.name, `module larger than ${ZIP_LIMITS.maxTotalBytes} bytes`);
      safeModulePath(file.name);
      return !file.name.endsWith("/");
    },
  });
  const paths = Object.keys(entries).map(safeModulePath);
  const tops = new Set(paths.map((path) => path.split("/")[0]));
  const nested = tops.size === 1 && paths.every((path) => path.includes("/"));
  const moduleName = nested ? [...tops][0]! : null;
  const files = new Map<string, Uint8Array>();
  for (const [name, bytes] of Object.entries(entries)) {
    const path = safeModulePath(name);
    files.set(nested ? path.slice(moduleName!.length + 1) : path, bytes);
  }
  return { moduleName, files };
}

/**
 * The `depends` list of a manifest's text, read with a pattern (no Python evaluation): enough to
 * pick a sandbox's template; the validator parses manifests properly.
 */
export function manifestDepends(manifest: string): string[] {
  const list = /['"]depends['"]\s*:\s*\[([^\]]*)\]/.exec(manifest)?.[1] ?? "";
  return [...list.matchAll(/['"]([a-z0-9_]+)['"]/g)].map((match) => match[1]!);
}
