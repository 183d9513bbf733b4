/**
 * The AI port (DESIGN.md §3). Agents build their calls with `loadPrompt` and send them through an
 * `AiClient`: `getAiClient()` from env (null when no key is set — the offline path), or
 * `createAiClient` with explicit (e.g. scripted) providers in tests.
 */
import "server-only";
import { getEnv } from "@/server/env";
import { getDb } from "@/server/db";
import { aiCircuitStates, processCircuits } from "./circuit";
import { type AiClientOptions, type AiClientWithCircuits, createAiClient } from "./client";
import { aiConfigFrom, aiModeOf } from "./config";
import type { CircuitStateName } from "./types";
import { anthropicProvider } from "./providers/anthropic";
import { googleProvider } from "./providers/google";

export { aiCircuitStates, resetAiCircuits } from "./circuit";
export { type AiClientOptions, type AiClientWithCircuits, createAiClient, defaultRoutes } from "./client";
export { aiConfigFrom, aiModeOf, parseRoutes } from "./config";
export { costMicros, formatUsd, modelRates, rateOf } from "./prices";
export { loadPrompt, odooGuidelines, PromptError } from "./prompts";
export * from "./types";

/** The providers a config has keys for, as `createAiClient` wants them. */
export function providersFrom(config: ReturnType<typeof aiConfigFrom>): AiClientOptions["providers"] {
  // The SDK timeout is a backstop a little past the client's own per-attempt abort.
  const sdkTimeout = (config.client.timeoutMs ?? 120_000) + 5_000;
  const providers: AiClientOptions["providers"] = {};
  if (config.anthropic) {
    providers.anthropic = {
      provider: anthropicProvider({ apiKey: config.anthropic.apiKey, baseURL: config.anthropic.baseURL, timeoutMs: sdkTimeout }),
      model: config.anthropic.model,
    };
  }
  if (config.google) {
    providers.google = {
      provider: googleProvider({ apiKey: config.google.apiKey, baseUrl: config.google.baseUrl, timeoutMs: sdkTimeout }),
      model: config.google.model,
    };
  }
  return providers;
}

let client: AiClientWithCircuits | null | undefined;

/** The env client of this process (memoised), or null when no provider key is set. */
export function getAiClient(): AiClientWithCircuits | null {
  if (client !== undefined) return client;
  const config = aiConfigFrom(getEnv());
  if (aiModeOf(config) === "offline") {
    client = null;
    return client;
  }
  client = createAiClient({
    ...config.client,
    circuit: { ...config.client.circuit, registry: processCircuits },
    providers: providersFrom(config),
    routes: config.routes,
    db: getDb,
  });
  return client;
}

/** Tests change env between cases; this forgets the memoised client. */
export function resetAiClientForTests(): void {
  client = undefined;
}

export interface AiStatus {
  mode: "offline" | "ai";
  providers: Array<{ name: string; model: string; circuit: CircuitStateName; consecutiveFailures: number }>;
}

/** For /api/health and admin pages: the mode, and per configured provider its model and circuit (no keys). */
export function aiStatus(now = Date.now()): AiStatus {
  const config = aiConfigFrom(getEnv());
  const circuits = new Map(aiCircuitStates(now).map((state) => [state.provider, state]));
  const configured = [
    config.anthropic && { name: "anthropic", model: config.anthropic.model },
    config.google && { name: "google", model: config.google.model },
  ].filter((entry): entry is { name: string; model: string } => Boolean(entry));
  return {
    mode: aiModeOf(config),
    providers: configured.map(({ name, model }) => ({
      name,
      model,
      circuit: circuits.get(name)?.state ?? "closed",
      consecutiveFailures: circuits.get(name)?.consecutiveFailures ?? 0,
    })),
  };
}
