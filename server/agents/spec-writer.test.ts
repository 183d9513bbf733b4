import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aiCalls, projects } from "@/db/schema";
import { compileModule } from "@/server/odoo/compiler";
import { validateModule } from "@/server/odoo/validator";
import { offlineDrafter } from "@/server/pipeline/spec";
import { createAiClient, odooGuidelines } from "@/server/ports/ai";
import { type ScriptedAnswer, scriptedProvider } from "@/server/ports/ai/testing/scripted-provider";
import { AiError } from "@/server/ports/ai/types";
import { createProject } from "@/server/services/projects/projects";
import { createTestDatabase, type TestDatabase, testDatabaseKind } from "@/test/db";
import { makeUser, sampleProject } from "@/test/fixtures";
import { loadSpecFixture, specFixtureNames } from "./fixtures";
import { splitSpecAnswer } from "./spec-answer";
import { createAiSpecWriter } from "./spec-writer";

function clientWith(answers: ScriptedAnswer[], db: TestDatabase["db"] | null = null) {
  const provider = scriptedProvider(answers);
  const client = createAiClient({ providers: { anthropic: { provider, model: "claude-test" } }, db, sleep: async () => {}, maxRetries: 0 });
  return { provider, client };
}

const library = loadSpecFixture("library_management");
const libraryParts = splitSpecAnswer(library.answer);

/** The library answer with its blueprint replaced (the Markdown stays). */
function withBlueprint(change: (bp: Record<string, unknown>) => void): string {
  const bp = JSON.parse(libraryParts.json!) as Record<string, unknown>;
  change(bp);
  return `${libraryParts.markdown}\n\n\`\`\`json\n${JSON.stringify(bp, null, 2)}\n\`\`\`\n`;
}
const jsonBlock = (answer: string) => `\`\`\`json\n${splitSpecAnswer(answer).json}\n\`\`\``;

describe("AI spec writer: recorded answers", () => {
  for (const name of specFixtureNames) {
    it(`${name}: the blueprint compiles and validates for its Odoo version, and identity comes from the project`, async () => {
      const fixture = loadSpecFixture(name);
      const { client, provider } = clientWith([{ text: fixture.answer, ...fixture.usage }]);
      const result = await createAiSpecWriter(client).draft(fixture.input);

      expect(result.source).toBe("ai");
      expect(provider.requests).toHaveLength(1);
      expect(result.blueprint.module).toMatchObject({ name: fixture.input.moduleName, odooVersion: fixture.input.odooVersion });
      expect(result.blueprint.module.depends).toEqual([...(fixture.input.depends ?? [])].sort());
      const files = compileModule(result.blueprint);
      const findings = await validateModule(files, { odooVersion: fixture.input.odooVersion, moduleName: fixture.input.moduleName });
      expect(findings.filter((f) => f.severity === "error")).toEqual([]);

      expect(result.markdown).toMatch(/^# /);
      for (const section of ["Purpose", "Users and roles", "User stories", "Acceptance criteria", "Data model overview", "Assumptions"]) {
        expect(result.markdown).toContain(`## ${section}`);
      }
      expect(result.markdown).not.toContain("```");
      expect(result.notes.length).toBeGreaterThan(2);
      expect(result.ai).toEqual({ provider: "anthropic", model: "claude-test", inputTokens: fixture.usage.inputTokens, outputTokens: fixture.usage.outputTokens, costMicros: expect.any(Number), calls: 1 });
    });
  }

  it("overrides a module name, version and depends the model got wrong instead of repairing them", async () => {
    const answer = withBlueprint((bp) => {
      bp.module = { ...(bp.module as object), name: "something_else", odooVersion: "18", depends: ["sale"] };
    });
    const { client, provider } = clientWith([answer]);
    const result = await createAiSpecWriter(client).draft(library.input);
    expect(provider.requests).toHaveLength(1);
    expect(result.blueprint.module).toMatchObject({ name: "library_management", odooVersion: "16", depends: ["mail"] });
  });
});

describe("AI spec writer: the request", () => {
  it("carries the spec-writer prompt, the guidelines of the project's Odoo version and the project", async () => {
    const { client, provider } = clientWith([library.answer]);
    await createAiSpecWriter(client).draft(library.input);
    const request = provider.requests[0]!;
    expect(request.system).toContain("You are a senior Odoo consultant");
    expect(request.system).toContain(odooGuidelines("16"));
    expect(request.system).toContain("## Odoo 16 specifics");
    expect(request.system).not.toContain("## Odoo 18 specifics");
    expect(request.system).toContain("Blueprint = {");
    expect(request.messages).toHaveLength(1);
    expect(request.messages[0]!.content).toContain("`library_management`");
    expect(request.messages[0]!.content).toContain(library.input.description);
  });
});

describe(`AI spec writer: accounting (${testDatabaseKind})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.close());

  it("records the call with the prompt's id and version, the task and the project", async () => {
    const owner = await makeUser(t.db);
    const project = await createProject(t, { userId: owner.id }, sampleProject({ moduleName: "library_management", odooVersion: "16", depends: ["mail"] }));
    const { client } = clientWith([{ text: library.answer, ...library.usage }], t.db);
    await createAiSpecWriter(client).draft(library.input, { projectId: project.id, userId: owner.id, runId: "run-1" });
    const rows = await t.db.select().from(aiCalls).where(eq(aiCalls.projectId, project.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ prompt: "spec-writer@1", task: "spec", userId: owner.id, runId: "run-1", outcome: "ok", inputTokens: library.usage.inputTokens });
  });

  it("a spent budget reaches the caller as it is, even with a fallback drafter", async () => {
    const owner = await makeUser(t.db);
    const project = await createProject(t, { userId: owner.id }, sampleProject({ moduleName: "library_broke", odooVersion: "16", depends: ["mail"] }));
    await t.db.update(projects).set({ aiBudgetMicros: 0 }).where(eq(projects.id, project.id));
    const { client, provider } = clientWith([library.answer], t.db);
    const error = await createAiSpecWriter(client, { fallback: offlineDrafter })
      .draft(library.input, { projectId: project.id, userId: owner.id })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AiError);
    expect((error as AiError).kind).toBe("budget");
    expect(provider.requests).toHaveLength(0);
  });
});

describe("AI spec writer: streaming", () => {
  it("forwards the Markdown as it streams, and nothing of the JSON", async () => {
    const deltas: string[] = [];
    const { client } = clientWith([library.answer]);
    const result = await createAiSpecWriter(client).draft(library.input, { onText: (d) => deltas.push(d) });
    expect(deltas.length).toBeGreaterThan(5);
    const streamed = deltas.join("");
    expect(streamed.trim()).toBe(result.markdown);
    expect(streamed).not.toContain("```");
    expect(streamed).not.toContain('"models"');
  });
});

describe("AI spec writer: one repair round", () => {
  it("sends zod errors back once, then uses the corrected blueprint with the first Markdown", async () => {
    const broken = withBlueprint((bp) => {
      const models = bp.models as { fields: { type: string }[] }[];
      models[2]!.fields[0]!.type = "strng";
    });
    const { client, provider } = clientWith([{ text: broken, inputTokens: 7000, outputTokens: 4800 }, { text: jsonBlock(library.answer), inputTokens: 12000, outputTokens: 3000 }]);
    const result = await createAiSpecWriter(client).draft(library.input);

    expect(provider.requests).toHaveLength(2);
    const repair = provider.requests[1]!.messages;
    expect(repair).toHaveLength(3);
    expect(repair[1]).toEqual({ role: "assistant", content: broken });
    expect(repair[2]!.content).toContain("models[2].fields[0]");
    expect(repair[2]!.content).toContain("```json");
    expect(result.markdown).toBe(libraryParts.markdown);
    expect(result.blueprint.models.map((m) => m.name)).toContain("library.book");
    expect(result.ai).toMatchObject({ inputTokens: 19000, outputTokens: 7800, calls: 2 });
  });

  it("sends compiler/validator problems back once, then succeeds", async () => {
    const broken = withBlueprint((bp) => {
      (bp.views as unknown[]).push({ type: "list", model: "library.book", fields: ["no_such_field"] });
    });
    const { client, provider } = clientWith([broken, jsonBlock(library.answer)]);
    const result = await createAiSpecWriter(client).draft(library.input);
    expect(provider.requests).toHaveLength(2);
    expect(provider.requests[1]!.messages[2]!.content).toContain("Field no_such_field does not exist on library.book");
    expect(result.source).toBe("ai");
  });

  it("an answer without a JSON block gets the repair round too", async () => {
    const { client, provider } = clientWith([libraryParts.markdown, jsonBlock(library.answer)]);
    const result = await createAiSpecWriter(client).draft(library.input);
    expect(provider.requests[1]!.messages[2]!.content).toContain("No ```json block");
    expect(result.markdown).toBe(libraryParts.markdown);
  });

  it("twice invalid → AiError invalid_output", async () => {
    const broken = withBlueprint((bp) => {
      (bp.views as unknown[]).push({ type: "list", model: "library.nothing", fields: ["name"] });
    });
    const { client, provider } = clientWith([broken, jsonBlock(broken)]);
    const error = await createAiSpecWriter(client).draft(library.input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AiError);
    expect((error as AiError).kind).toBe("invalid_output");
    expect((error as AiError).message).toContain("library.nothing");
    expect(provider.requests).toHaveLength(2);
  });
});

describe("AI spec writer: offline fallback", () => {
  it("no provider available + fallback → the offline draft, with a note", async () => {
    const client = createAiClient({ providers: {}, db: null });
    const result = await createAiSpecWriter(client, { fallback: offlineDrafter }).draft(library.input);
    expect(result.source).toBe("offline");
    expect(result.ai).toBeUndefined();
    expect(result.notes[0]).toMatch(/^The AI writer was unavailable \(.+\); this is the offline draft\.$/);
    expect(result.markdown).toContain(`> ${result.notes[0]}`);
    expect(result.blueprint.module.name).toBe("library_management");
  });

  it("a refused key + fallback → the offline draft; without a fallback the error stays", async () => {
    const refused = () => new AiError("auth", "401 invalid x-api-key", { status: 401 });
    const withFallback = clientWith([refused()]);
    const result = await createAiSpecWriter(withFallback.client, { fallback: offlineDrafter }).draft(library.input);
    expect(result.source).toBe("offline");
    expect(result.notes[0]).toContain("refused our API key");

    const without = clientWith([refused()]);
    const error = await createAiSpecWriter(without.client).draft(library.input).catch((e: unknown) => e);
    expect((error as AiError).kind).toBe("auth");
  });

  it("twice invalid + fallback → the offline draft, saying the answer could not be used", async () => {
    const { client } = clientWith(["no blueprint here", "still none"]);
    const result = await createAiSpecWriter(client, { fallback: offlineDrafter }).draft(library.input);
    expect(result.source).toBe("offline");
    expect(result.notes[0]).toContain("could not be used");
  });
});
