/**
 * The AI port's settings from validated env: which providers have a key (and their model and base
 * URL), the routing overrides, and the limits the client enforces. No key at all → offline.
 */
import type { Env } from "@/server/env";
import type { AiClientOptions } from "./client";
import { type AiTask, aiTasks } from "./types";

type AiEnv = Pick<
  Env,
  | "ANTHROPIC_API_KEY"
  | "ANTHROPIC_BASE_URL"
  | "ANTHROPIC_MODEL"
  | "GOOGLE_API_KEY"
  | "GEMINI_API_KEY"
  | "GOOGLE_AI_BASE_URL"
  | "GOOGLE_MODEL"
  | "AI_ROUTES"
  | "AI_TIMEOUT_MS"
  | "AI_MAX_RETRIES"
  | "AI_CIRCUIT_FAILURES"
  | "AI_CIRCUIT_COOLDOWN_MS"
  | "AI_PROJECT_BUDGET_USD"
  | "AI_PROJECT_BUDGET_TOKENS"
  | "AI_RATE_LIMIT_PER_USER_PER_MINUTE"
  | "AI_RATE_LIMIT_GLOBAL_PER_MINUTE"
>;

export interface AiConfig {
  anthropic: { apiKey: string; baseURL?: string; model: string } | null;
  google: { apiKey: string; baseUrl?: string; model: string } | null;
  routes: Partial<Record<AiTask, string[]>>;
  client: Pick<AiClientOptions, "timeoutMs" | "maxRetries" | "budget" | "rateLimits"> & {
    circuit: { failures: number; cooldownMs: number };
  };
}

/** `spec=anthropic,google;code=anthropic` → { spec: [...], code: [...] } (env.ts validated the shape). */
export function parseRoutes(value: string | undefined): Partial<Record<AiTask, string[]>> {
  const routes: Partial<Record<AiTask, string[]>> = {};
  for (const entry of (value ?? "").split(";")) {
    const [task, chain] = entry.split("=").map((part) => part.trim());
    if (!task || !chain || !(aiTasks as readonly string[]).includes(task)) continue;
    routes[task as AiTask] = chain.split(",").map((name) => name.trim()).filter(Boolean);
  }
  return routes;
}

export function aiConfigFrom(env: AiEnv): AiConfig {
  const googleKey = env.GOOGLE_API_KEY ?? env.GEMINI_API_KEY;
  return {
    anthropic: env.ANTHROPIC_API_KEY
      ? { apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL, model: env.ANTHROPIC_MODEL }
      : null,
    google: googleKey ? { apiKey: googleKey, baseUrl: env.GOOGLE_AI_BASE_URL, model: env.GOOGLE_MODEL } : null,
    routes: parseRoutes(env.AI_ROUTES),
    client: {
      timeoutMs: env.AI_TIMEOUT_MS,
      maxRetries: env.AI_MAX_RETRIES,
      circuit: { failures: env.AI_CIRCUIT_FAILURES, cooldownMs: env.AI_CIRCUIT_COOLDOWN_MS },
      budget: { defaultMicros: Math.round(env.AI_PROJECT_BUDGET_USD * 1_000_000), tokens: env.AI_PROJECT_BUDGET_TOKENS ?? null },
      rateLimits: {
        perUserPerMinute: env.AI_RATE_LIMIT_PER_USER_PER_MINUTE,
        globalPerMinute: env.AI_RATE_LIMIT_GLOBAL_PER_MINUTE,
      },
    },
  };
}

/** What /api/health may show: mode, and per provider its name and model (never a key). */
export function aiModeOf(config: AiConfig): "offline" | "ai" {
  return config.anthropic || config.google ? "ai" : "offline";
}
