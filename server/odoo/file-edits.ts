/**
 * Search/replace edits to named files of a compiled module: how a fix reaches code the blueprint
 * cannot express. Each edit names one existing text file and a `find` text that must occur in it
 * exactly once, so an edit can never land somewhere unintended; paths are normalised first.
 */
import { z } from "zod";
import type { FileEdit } from "@/db/schema";
import { type FileContent, type ModuleFiles, safeModulePath, textOf } from "./module-files";

export const fileEditSchema = z.object({
  path: z.string().min(1).max(300),
  find: z.string().min(1).max(20_000),
  replace: z.string().max(40_000),
});

export const fileEditsSchema = z.array(fileEditSchema).max(40);

export class FileEditError extends Error {
  constructor(
    public readonly edit: FileEdit,
    message: string,
  ) {
    super(message);
    this.name = "FileEditError";
  }
}

const TEXT_FILE = /\.(py|xml|csv|txt|md|rst|js|css|scss|html)$/;

/** The module's files with the edits applied in order; throws FileEditError on the first that cannot apply. */
export function applyFileEdits(files: ModuleFiles, edits: readonly FileEdit[]): Map<string, FileContent> {
  const out = new Map(files);
  for (const edit of edits) {
    let path: string;
    try {
      path = safeModulePath(edit.path);
    } catch (error) {
      throw new FileEditError(edit, `${edit.path}: ${(error as Error).message}`);
    }
    const content = out.get(path);
    if (content === undefined) throw new FileEditError(edit, `${path}: no such file in the module`);
    if (!TEXT_FILE.test(path)) throw new FileEditError(edit, `${path}: only text files (Python, XML, CSV…) can be edited`);
    const text = textOf(content);
    const first = text.indexOf(edit.find);
    if (first < 0) throw new FileEditError(edit, `${path}: the text to replace was not found`);
    if (text.indexOf(edit.find, first + 1) >= 0) throw new FileEditError(edit, `${path}: the text to replace occurs more than once; include more context`);
    out.set(path, text.slice(0, first) + edit.replace + text.slice(first + edit.find.length));
  }
  return out;
}
