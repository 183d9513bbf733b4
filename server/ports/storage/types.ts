/**
 * The storage port: module zips, logs and screenshots as opaque blobs under keys like
 * `projects/<id>/versions/3/module.zip`. Production: Vercel Blob (private). Embedded default:
 * files under DATA_DIR/blobs. Browsers never reach a store directly: downloads go through
 * `/api/blobs/...` with an HMAC-signed, expiring URL (see signing.ts), whatever the adapter.
 */
export interface StoredBlob {
  key: string;
  size: number;
  contentType: string;
}

export interface BlobStore {
  readonly adapter: "local" | "vercel-blob";
  put(key: string, body: Uint8Array, options: { contentType: string }): Promise<StoredBlob>;
  /** The bytes, or null when nothing is stored under the key. */
  get(key: string): Promise<{ body: Uint8Array; contentType: string } | null>;
  delete(key: string): Promise<void>;
  /** Cheap reachability check for /api/health. */
  ping(): Promise<void>;
}

/** Keys are relative, `/`-separated, of safe characters: they become file paths and URL paths. */
export function assertBlobKey(key: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/.test(key) || key.length > 512) {
    throw new Error(`Invalid blob key: ${JSON.stringify(key)}`);
  }
  return key;
}
