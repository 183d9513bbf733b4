import { afterEach, describe, expect, it } from "vitest";
import { parseEnv, resetEnvForTests } from "@/server/env";
import { aiConfigFrom, aiModeOf, parseRoutes } from "./config";
import { aiStatus, getAiClient, resetAiClientForTests } from "./index";

const env = (extra: Record<string, string> = {}) => parseEnv({ DATA_DIR: ".data/test", NEXTAUTH_SECRET: "s".repeat(40), ...extra });

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
  resetAiClientForTests();
});

describe("AI config from env", () => {
  it("is offline without keys, with defaults for models and limits", () => {
    const config = aiConfigFrom(env());
    expect(aiModeOf(config)).toBe("offline");
    expect(config.client).toEqual({
      timeoutMs: 120_000,
      maxRetries: 3,
      circuit: { failures: 5, cooldownMs: 30_000 },
      budget: { defaultMicros: 5_000_000, tokens: null },
      rateLimits: { perUserPerMinute: 30, globalPerMinute: 300 },
    });
  });

  it("takes each provider's key, base URL and model; GEMINI_API_KEY counts as the Google key", () => {
    const config = aiConfigFrom(
      env({ ANTHROPIC_API_KEY: "sk-ant-1234567890", ANTHROPIC_BASE_URL: "http://127.0.0.1:9/", GEMINI_API_KEY: "AIza1234567890", GOOGLE_MODEL: "gemini-2.5-pro", AI_PROJECT_BUDGET_USD: "12.5" }),
    );
    expect(config.anthropic).toEqual({ apiKey: "sk-ant-1234567890", baseURL: "http://127.0.0.1:9/", model: "claude-sonnet-4-6" });
    expect(config.google).toEqual({ apiKey: "AIza1234567890", baseUrl: undefined, model: "gemini-2.5-pro" });
    expect(config.client.budget).toEqual({ defaultMicros: 12_500_000, tokens: null });
    expect(aiModeOf(config)).toBe("ai");
  });

  it("parses AI_ROUTES and rejects a malformed one", () => {
    expect(parseRoutes("spec=anthropic,google; code = anthropic;")).toEqual({ spec: ["anthropic", "google"], code: ["anthropic"] });
    expect(aiConfigFrom(env({ AI_ROUTES: "fix=google" })).routes).toEqual({ fix: ["google"] });
    expect(() => env({ AI_ROUTES: "build=anthropic" })).toThrow(/AI_ROUTES must look like/);
  });

  it("getAiClient: null when offline, one memoised client with the keys' providers otherwise", () => {
    process.env = { ...saved, ANTHROPIC_API_KEY: "", GOOGLE_API_KEY: "", GEMINI_API_KEY: "" };
    resetEnvForTests();
    expect(getAiClient()).toBeNull();
    expect(aiStatus()).toEqual({ mode: "offline", providers: [] });

    process.env = { ...saved, ANTHROPIC_API_KEY: "sk-ant-1234567890", GOOGLE_API_KEY: "", GEMINI_API_KEY: "" };
    resetEnvForTests();
    resetAiClientForTests();
    const client = getAiClient();
    expect(client).not.toBeNull();
    expect(getAiClient()).toBe(client);
    expect(client!.chainFor("spec")).toEqual(["anthropic"]);
    expect(aiStatus().providers).toEqual([{ name: "anthropic", model: "claude-sonnet-4-6", circuit: "closed", consecutiveFailures: 0 }]);
    expect(JSON.stringify(aiStatus())).not.toContain("sk-ant");
  });
});
