import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { assertBlobKey, type BlobStore } from "./types";

/** Blobs as files under `root`; the content type sits beside each file in `<file>.meta.json`. */
export function localBlobStore(root: string): BlobStore {
  const fileOf = (key: string) => path.join(root, ...assertBlobKey(key).split("/"));
  return {
    adapter: "local",
    async put(key, body, { contentType }) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Write then rename: a reader never sees a half-written zip.
      const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temp, body);
      await writeFile(`${file}.meta.json`, JSON.stringify({ contentType }));
      await rename(temp, file);
      return { key, size: body.byteLength, contentType };
    },
    async get(key) {
      const file = fileOf(key);
      try {
        const [body, meta] = await Promise.all([readFile(file), readFile(`${file}.meta.json`, "utf8").catch(() => "{}")]);
        const contentType = (JSON.parse(meta) as { contentType?: string }).contentType ?? "application/octet-stream";
        return { body: new Uint8Array(body), contentType };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async delete(key) {
      const file = fileOf(key);
      await Promise.all([rm(file, { force: true }), rm(`${file}.meta.json`, { force: true })]);
    },
    async ping() {
      await mkdir(root, { recursive: true });
    },
  };
}
