/**
 * The AI agents in the pipeline's places, when the AI port is configured (an Anthropic or Google
 * key): spec writer (falling back to the offline draft when the models are unavailable), coder,
 * fixer, acceptance-test writer and adjustment agent. Offline this is an empty object, and the
 * rule-based drafter with the compiler-only coder stay (DESIGN.md §3).
 */
import type { AiClient } from "@/server/ports/ai/types";
import type { PipelineDeps } from "./deps";

export async function aiAgents(client?: AiClient | null): Promise<Partial<PipelineDeps>> {
  const ai = client === undefined ? (await import("@/server/ports/ai")).getAiClient() : client;
  if (!ai) return {};
  const [{ createAiSpecWriter }, { createAiAdjuster }, { createAiCoder }, { createAiFixer }, { createAiUiTestWriter }, { offlineDrafter }] = await Promise.all([
    import("@/server/agents/spec-writer"),
    import("@/server/agents/adjuster"),
    import("@/server/agents/coder"),
    import("@/server/agents/fixer"),
    import("@/server/agents/ui-test-writer"),
    import("@/server/pipeline/spec"),
  ]);
  return {
    drafter: createAiSpecWriter(ai, { fallback: offlineDrafter }),
    coder: createAiCoder(ai),
    fixer: createAiFixer(ai),
    uiTestWriter: createAiUiTestWriter(ai),
    adjuster: createAiAdjuster(ai),
  };
}
