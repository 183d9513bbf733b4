import { createHmac } from "node:crypto";
import { findTrees, isTree } from "@/server/odoo/runtime";
import type { Env } from "@/server/env";
import { e2bSandboxProvider } from "./e2b";
import { flySandboxProvider } from "./fly";
import { localSandboxProvider } from "./local";
import { noSandboxProvider } from "./none";
import { hostedTemplates } from "./templates";
import { type SandboxProvider, SandboxUnavailableError } from "./types";

export { noSandboxProvider } from "./none";
export * from "./types";

export function previewSecret(env: Env): string {
  return env.PREVIEW_SECRET ?? createHmac("sha256", env.NEXTAUTH_SECRET).update("omb-preview-tokens").digest("base64url");
}

/** Which provider `SANDBOX_PROVIDER` (or `auto`) selects, without building it. */
export function sandboxProviderName(env: Env, hasLocalTree: () => boolean = () => [...findTrees().values()].some(isTree)) {
  if (env.SANDBOX_PROVIDER !== "auto") return env.SANDBOX_PROVIDER;
  if (env.E2B_API_KEY) return "e2b";
  if (env.FLY_API_TOKEN && env.FLY_APP_NAME) return "fly";
  return hasLocalTree() ? "local" : "none";
}

/** `auto`: E2B when E2B_API_KEY is set, else Fly (token + app), else local when a tree is found, else none. */
export function sandboxProviderFrom(env: Env, hasLocalTree?: () => boolean): SandboxProvider {
  const common = { previewSecret: previewSecret(env), appOrigin: env.APP_URL };
  const name = sandboxProviderName(env, hasLocalTree);
  switch (name) {
    case "none":
      return noSandboxProvider;
    case "local":
      return localSandboxProvider(common);
    case "e2b":
      if (!env.E2B_API_KEY) throw new SandboxUnavailableError("not_configured", "SANDBOX_PROVIDER=e2b needs E2B_API_KEY.");
      return e2bSandboxProvider({ ...common, apiKey: env.E2B_API_KEY, templates: hostedTemplates(env) });
    case "fly":
      if (!env.FLY_API_TOKEN || !env.FLY_APP_NAME) {
        throw new SandboxUnavailableError("not_configured", "SANDBOX_PROVIDER=fly needs FLY_API_TOKEN and FLY_APP_NAME.");
      }
      return flySandboxProvider({
        ...common,
        apiToken: env.FLY_API_TOKEN,
        appName: env.FLY_APP_NAME,
        apiHostname: env.FLY_API_HOSTNAME,
        templates: hostedTemplates(env),
        region: env.FLY_REGION,
        memoryMb: env.FLY_MACHINE_MEMORY_MB,
        previewDomain: env.FLY_PREVIEW_DOMAIN,
      });
  }
}
