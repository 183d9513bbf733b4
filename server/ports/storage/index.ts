import { createHmac } from "node:crypto";
import path from "node:path";
import type { Env } from "@/server/env";
import { localBlobStore } from "./local";
import type { BlobStore } from "./types";
import { vercelBlobStore } from "./vercel";

export type { BlobStore, StoredBlob } from "./types";
export { signBlobUrl, verifyBlobUrl } from "./signing";

/** The store env selects: Vercel Blob with a token, local files otherwise. */
export function blobStoreFrom(env: Env): BlobStore {
  return env.BLOB_READ_WRITE_TOKEN
    ? vercelBlobStore({ token: env.BLOB_READ_WRITE_TOKEN })
    : localBlobStore(path.resolve(env.DATA_DIR, "blobs"));
}

/** A key of its own for download URLs, so a leaked URL signature says nothing about sessions. */
export function storageSigningSecret(env: Env): string {
  return env.STORAGE_SIGNING_SECRET ?? createHmac("sha256", env.NEXTAUTH_SECRET).update("omb-storage-urls").digest("base64url");
}
