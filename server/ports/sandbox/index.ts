import { createHmac } from "node:crypto";
import { findTrees, isTree } from "@/server/odoo/runtime";
import type { Env } from "@/server/env";
import { localSandboxProvider } from "./local";
import { noSandboxProvider } from "./none";
import type { SandboxProvider } from "./types";

export { noSandboxProvider } from "./none";
export * from "./types";

export function previewSecret(env: Env): string {
  return env.PREVIEW_SECRET ?? createHmac("sha256", env.NEXTAUTH_SECRET).update("omb-preview-tokens").digest("base64url");
}

/** `auto`: local when at least one Odoo tree is on this machine, none otherwise. */
export function sandboxProviderFrom(env: Env): SandboxProvider {
  const local = () => localSandboxProvider({ previewSecret: previewSecret(env), appOrigin: env.APP_URL });
  switch (env.SANDBOX_PROVIDER) {
    case "none":
      return noSandboxProvider;
    case "local":
      return local();
    case "auto":
      return [...findTrees().values()].some(isTree) ? local() : noSandboxProvider;
  }
}
