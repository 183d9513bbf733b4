import "server-only";
import { getEnv } from "@/server/env";
import { type SandboxProvider, sandboxProviderFrom } from "./sandbox";
import { type BlobStore, blobStoreFrom } from "./storage";

/** Each port's adapter, chosen once per process from validated env. */
let storage: BlobStore | undefined;
let sandbox: SandboxProvider | undefined;

export function getBlobStore(): BlobStore {
  storage ??= blobStoreFrom(getEnv());
  return storage;
}

export function getSandboxProvider(): SandboxProvider {
  sandbox ??= sandboxProviderFrom(getEnv());
  return sandbox;
}
