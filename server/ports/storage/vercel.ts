import { BlobNotFoundError, del, head, put } from "@vercel/blob";
import { assertBlobKey, type BlobStore } from "./types";

/**
 * Vercel Blob, private access. Reads go through `head()` (which honours VERCEL_BLOB_API_URL, so
 * tests can use a local fake) and then fetch the blob URL with the token.
 */
export function vercelBlobStore(options: { token: string; prefix?: string }): BlobStore {
  const { token } = options;
  const pathname = (key: string) => `${options.prefix ?? "omb"}/${assertBlobKey(key)}`;
  return {
    adapter: "vercel-blob",
    async put(key, body, { contentType }) {
      await put(pathname(key), Buffer.from(body), {
        access: "private",
        token,
        contentType,
        addRandomSuffix: false,
        allowOverwrite: true,
      });
      return { key, size: body.byteLength, contentType };
    },
    async get(key) {
      let meta: Awaited<ReturnType<typeof head>>;
      try {
        meta = await head(pathname(key), { token });
      } catch (error) {
        if (error instanceof BlobNotFoundError) return null;
        throw error;
      }
      const response = await fetch(meta.url, { headers: { authorization: `Bearer ${token}` } });
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(`Vercel Blob read failed with HTTP ${response.status}`);
      return { body: new Uint8Array(await response.arrayBuffer()), contentType: meta.contentType };
    },
    async delete(key) {
      await del(pathname(key), { token });
    },
    async ping() {
      try {
        await head(pathname("health/ping"), { token });
      } catch (error) {
        if (!(error instanceof BlobNotFoundError)) throw error;
      }
    },
  };
}
