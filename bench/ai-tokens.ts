/**
 * Tokens per pipeline stage for the example projects, from our recorded fixtures: each agent runs
 * for real (its prompt files, guidelines, rendering of the spec/blueprint/failure, and its checks
 * through the compiler and validator) against a scripted provider that answers with the fixture.
 * Input tokens are what the agent actually sends, counted at 4 characters per token (the scripted
 * provider's estimate; real tokenizers differ by ±15%); output tokens are the recorded answer's
 * size on the same scale. Cost uses server/ports/ai/prices.ts at the default models.
 *
 *   npm run bench:ai-tokens
 */
import { createAiAdjuster } from "@/server/agents/adjuster";
import { createAiCoder } from "@/server/agents/coder";
import { createAiFixer } from "@/server/agents/fixer";
import { adjustFixtureNames, loadAdjustFixture, loadSpecFixture, specFixtureNames } from "@/server/agents/fixtures";
import { codeFixtureNames, loadCodeFixture } from "@/server/agents/fixtures/code";
import { fixFixtureNames, loadFixFixture } from "@/server/agents/fixtures/fix";
import { loadUiTestsFixture, uiTestsFixtureNames } from "@/server/agents/fixtures/tests";
import { createAiSpecWriter } from "@/server/agents/spec-writer";
import { createAiUiTestWriter } from "@/server/agents/ui-test-writer";
import type { Project } from "@/db/schema";
import { createAiClient } from "@/server/ports/ai/client";
import { scriptedProvider } from "@/server/ports/ai/testing/scripted-provider";
import type { AiUsage } from "@/server/ports/ai/types";
import { blueprintSchema } from "@/server/odoo/blueprint/schema";
import { compileModule } from "@/server/odoo/compiler";
import { textOf } from "@/server/odoo/module-files";

const CODE_MODEL = "claude-sonnet-4-6";
const SPEC_MODEL = "gemini-2.5-flash";

function clientFor(answers: string[], model: string) {
  const provider = scriptedProvider(answers, "bench");
  return { provider, client: createAiClient({ providers: { bench: { provider, model } }, db: null, rateLimits: false }) };
}

function project(name: string, version: string): Project {
  return { id: `bench-${name}`, ownerId: "bench", moduleName: name, title: name, odooVersion: version, depends: [], description: "", quickTest: false } as unknown as Project;
}

interface Row {
  stage: string;
  example: string;
  model: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costMicros: number;
}

const rows: Row[] = [];
function add(stage: string, example: string, usage: AiUsage | undefined) {
  if (!usage) throw new Error(`${stage}/${example}: no usage recorded`);
  rows.push({ stage, example, model: usage.model, calls: usage.calls, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, costMicros: usage.costMicros });
}

async function main() {
  for (const name of specFixtureNames) {
    const fixture = loadSpecFixture(name);
    const { client } = clientFor([fixture.answer], SPEC_MODEL);
    const draft = await createAiSpecWriter(client).draft(fixture.input);
    add("spec", name, draft.ai);
  }
  for (const name of codeFixtureNames) {
    const fixture = loadCodeFixture(name);
    const { client } = clientFor([JSON.stringify(fixture.answer)], CODE_MODEL);
    const coded = await createAiCoder(client).code({ project: project(fixture.approved.module.name, fixture.approved.module.odooVersion), blueprint: fixture.approved, markdown: fixture.markdown });
    add("code", name, coded.ai);
  }
  for (const name of fixFixtureNames) {
    const fixture = loadFixFixture(name);
    const { client } = clientFor([JSON.stringify(fixture.answer)], CODE_MODEL);
    const files = Object.fromEntries([...compileModule(fixture.blueprint)].map(([path, content]) => [path, textOf(content)]));
    const fixed = await createAiFixer(client).fix({
      project: project(fixture.blueprint.module.name, fixture.blueprint.module.odooVersion),
      blueprint: fixture.blueprint,
      attempt: 1,
      failures: fixture.report.failures,
      errors: fixture.report.errors,
      logExcerpt: fixture.report.logExcerpt,
      fileEdits: [],
      files,
    });
    add("fix", name, fixed?.ai);
  }
  for (const name of uiTestsFixtureNames) {
    const fixture = loadUiTestsFixture(name);
    const { client } = clientFor(fixture.rounds.map((round) => round.text), CODE_MODEL);
    const written = await createAiUiTestWriter(client).write({
      project: project(fixture.blueprint.module.name, fixture.blueprint.module.odooVersion),
      blueprint: fixture.blueprint,
      markdown: fixture.markdown,
    });
    add("tests", name, written.ai);
  }
  for (const name of adjustFixtureNames) {
    const fixture = loadAdjustFixture(name);
    const spec = loadSpecFixture(name.split(".")[0] as (typeof specFixtureNames)[number]);
    const base = await createAiSpecWriter(clientFor([spec.answer], SPEC_MODEL).client).draft(spec.input);
    const { client } = clientFor([JSON.stringify(fixture.answer)], SPEC_MODEL);
    const adjusted = await createAiAdjuster(client).adjust({
      project: project(base.blueprint.module.name, base.blueprint.module.odooVersion),
      request: fixture.request,
      markdown: base.markdown,
      blueprint: blueprintSchema.parse(base.blueprint),
    });
    add("adjust", name, adjusted.ai);
  }

  const k = (n: number) => `${(n / 1000).toFixed(1)}k`;
  console.log("\n| stage | example | model | calls | input tokens | output tokens | cost |");
  console.log("|---|---|---|---|---|---|---|");
  for (const row of rows) {
    console.log(`| ${row.stage} | ${row.example} | ${row.model} | ${row.calls} | ${k(row.inputTokens)} | ${k(row.outputTokens)} | $${(row.costMicros / 1e6).toFixed(4)} |`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
