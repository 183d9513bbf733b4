import "server-only";
import { getEnv } from "@/server/env";
import { type BlobStore, blobStoreFrom } from "./storage";

/** Each port's adapter, chosen once per process from validated env. */
let storage: BlobStore | undefined;

export function getBlobStore(): BlobStore {
  storage ??= blobStoreFrom(getEnv());
  return storage;
}
