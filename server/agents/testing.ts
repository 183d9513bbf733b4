/**
 * Test scaffolding shared by the agent tests: a project row as the pipeline passes it to an
 * agent, and an AI client whose only provider answers from a script (no database, no waiting).
 */
import type { Project } from "@/db/schema";
import { createAiClient } from "@/server/ports/ai";
import { type ScriptedAnswer, scriptedProvider } from "@/server/ports/ai/testing/scripted-provider";

export function agentProject(overrides: Partial<Project> & Pick<Project, "moduleName" | "title" | "description">): Project {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    ownerId: "user-1",
    odooVersion: "17",
    depends: ["mail"],
    quickTest: false,
    status: "building",
    statusReason: null,
    fixAttempts: 0,
    adjustments: 0,
    acceptedModuleVersionId: null,
    aiBudgetMicros: null,
    deletedAt: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...overrides,
  };
}

/** A client with one scripted provider named `anthropic` (model `claude-test`), no retries. */
export function scriptedClient(answers: ScriptedAnswer[]) {
  const provider = scriptedProvider(answers);
  const client = createAiClient({ providers: { anthropic: { provider, model: "claude-test" } }, db: null, sleep: async () => {}, maxRetries: 0 });
  return { provider, client };
}
