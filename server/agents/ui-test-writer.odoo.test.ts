/**
 * The AI UI-test writer's tests against real Odoo 17: the recorded answer for library_management
 * goes through the agent (scripted provider, real client, real check), the module is compiled and
 * installed in a local sandbox (Odoo 17; OMB_UI_WRITER_VERSION picks another), and the written
 * tests (plus one checking `${today}`) are played with Chromium by the pipeline's runner —
 * every one must pass. The new steps
 * (expectField, expectError, openRecord) are exercised there: refusals by SQL and Python
 * constraints, a computed date, a sequence number, a record opened from a search.
 * Skipped with the reason when there is no Odoo 17 tree or no Chromium.
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { TestCaseResult } from "@/db/schema/pipeline";
import { compileModule } from "@/server/odoo/compiler";
import { manifestDepends, textOf } from "@/server/odoo/module-files";
import type { OdooVersion } from "@/lib/odoo-versions";
import { ODOO_VERSIONS, odooAvailability } from "@/server/odoo/runtime";
import { planUiTests } from "@/server/odoo/ui-tests/plan";
import { retryVariant, runUiTests } from "@/server/odoo/ui-tests/runner";
import { createAiClient } from "@/server/ports/ai";
import { scriptedProvider } from "@/server/ports/ai/testing/scripted-provider";
import { localSandboxProvider } from "@/server/ports/sandbox/local";
import type { Sandbox } from "@/server/ports/sandbox/types";
import { loadUiTestsFixture } from "./fixtures/tests";
import { createAiUiTestWriter } from "./ui-test-writer";
import { agentProject } from "./testing";

/** Odoo 17 by default; OMB_UI_WRITER_VERSION=16|18|19 plays the same tests on another version. */
const VERSION = (ODOO_VERSIONS as readonly string[]).includes(process.env.OMB_UI_WRITER_VERSION ?? "") ? (process.env.OMB_UI_WRITER_VERSION as OdooVersion) : "17";
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const availability = await odooAvailability(VERSION);
const skip = !existsSync(chromiumPath) ? `no Chromium at ${chromiumPath} (set CHROMIUM_PATH)` : availability.ok ? null : availability.reason;
if (skip) console.warn(`[ui-test-writer] real-Odoo ${VERSION} skipped: ${skip}`);

const fixture = loadUiTestsFixture("library_management");
const project = agentProject({
  id: "project-library",
  moduleName: "library_management",
  title: "Community Library",
  odooVersion: VERSION,
  description: "A small community library: catalogue, members and loans.",
});

function memoryStore() {
  const blobs = new Map<string, { body: Uint8Array; contentType: string }>();
  return {
    blobs,
    async put(key: string, body: Uint8Array, options: { contentType: string }) {
      blobs.set(key, { body, contentType: options.contentType });
      return { key, size: body.length, contentType: options.contentType };
    },
  };
}

const failures = (results: TestCaseResult[]) => results.filter((r) => r.status !== "passed").map((r) => `${r.name}: ${r.error}`);

describe.skipIf(!!skip)(skip ? `AI-written UI tests on Odoo ${VERSION} — skipped: ${skip}` : `AI-written UI tests on Odoo ${VERSION}`, () => {
  it("library_management: the recorded acceptance tests pass; a wrong expectation fails", async () => {
    const provider = scriptedProvider(fixture.rounds.map((round) => ({ text: round.text, inputTokens: round.inputTokens, outputTokens: round.outputTokens })));
    const client = createAiClient({ providers: { anthropic: { provider, model: "claude-test" } }, db: null, sleep: async () => {}, maxRetries: 0 });
    const written = await createAiUiTestWriter(client).write({ project, blueprint: fixture.blueprint, markdown: fixture.markdown, runId: "run-1" });
    expect(written.tests).toHaveLength(10);

    const files = compileModule(fixture.blueprint, VERSION);
    // The Return button's body (stamping the return date) is the coder's, emitted by the compiler.
    expect(textOf(files.get("models/library_loan.py")!)).toContain("rec.return_date = fields.Date.context_today(rec)");
    const tests = [...written.tests];
    // ${today} against a date Odoo fills with today (a member's "Member Since").
    const card = written.tests.find((t) => t.id === "ai-duplicate-card-number")!;
    const since = card.steps.findIndex((s) => s.kind === "save") + 1;
    const sinceToday = { ...card, id: "ai-member-since-today", name: "Members: a new member is a member since today", steps: [...card.steps.slice(0, since), { kind: "expectField" as const, field: "member_since", text: "${today}" }] };
    // Its own tag, so that its card number is not the one ai-duplicate-card-number used.
    tests.push(JSON.parse(JSON.stringify(sinceToday).replace(/\bUI (\d+)\b/g, "UI 95$1")) as typeof sinceToday);

    let sandbox: Sandbox | null = null;
    try {
      const sandboxes = localSandboxProvider({ previewSecret: "w".repeat(40), appOrigin: "http://127.0.0.1:3000" });
      sandbox = await sandboxes.create({ odooVersion: VERSION, depends: manifestDepends(textOf(files.get("__manifest__.py")!)), timeoutMs: 15 * 60_000, labels: { test: "ui-test-writer" } });
      await sandbox.writeModule(fixture.blueprint.module.name, files);
      const verdict = await sandbox.install(fixture.blueprint.module.name, { tests: false });
      expect(verdict.errors).toEqual([]);
      expect(verdict.installed).toBe(true);
      const preview = await sandbox.startServer({ demo: false });
      const baseUrl = sandbox.previewLink()!;
      const store = memoryStore();
      const run = { baseUrl, login: preview.login, password: preview.password, odooVersion: VERSION, store, keyPrefix: "ui/ai" } as const;

      // Only the written tests: the plan's own are played on every version by
      // server/odoo/ui-tests/ui-tests.odoo.test.ts, and each written test makes its own records.
      const plan = { ...planUiTests(fixture.blueprint), tests };
      const started = Date.now();
      const results = await runUiTests({ ...run, plan });
      console.info(`[ui-test-writer] ${results.length} UI tests (${tests.length} written by the AI) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (results.some((r) => r.error)) console.warn(`[ui-test-writer] ${results.filter((r) => r.error).map((r) => `${r.name}: ${r.error}`).join(" | ")}`);
      expect(failures(results)).toEqual([]);
      expect(results.map((r) => r.name)).toEqual(tests.map((t) => t.name));

      // The new steps fail when what they expect is not there: a wrong computed value, a save
      // Odoo accepts, a record that is not in the list.
      const lend = tests.find((t) => t.id === "ai-lend-sets-due-date")!;
      const wrongDate = { ...lend, id: "wrong-date", steps: lend.steps.map((s) => (s.kind === "expectField" ? { ...s, text: "2024-03-23" } : s)) };
      const book = tests.find((t) => t.id === "ai-negative-copies")!;
      const accepted = { ...book, id: "accepted", steps: book.steps.map((s) => (s.kind === "fill" && s.field === "copies" ? { ...s, value: { kind: "text" as const, value: "4" } } : s)) };
      const member = tests.find((t) => t.id === "ai-member-loan-count")!;
      const missing = { ...member, id: "missing", steps: [...member.steps.slice(0, member.steps.findIndex((s) => s.kind === "openRecord")), { kind: "openRecord" as const, text: "Nobody UI 999" }] };
      // Retagged (as a retry would be): their records must not collide with the ones above.
      const negative = [wrongDate, accepted, missing].map((t) => retryVariant(t, 7));
      const broken = await runUiTests({ ...run, retries: 0, stepTimeoutMs: 5_000, plan: { module: plan.module, quick: false, tests: negative } });
      expect(broken.map((r) => r.status)).toEqual(["failed", "failed", "failed"]);
      expect(broken[0]!.error).toMatch(/the field shows "(03\/22\/2024|Mar 22, 2024)", not "03\/23\/2024"/);
      expect(broken[1]!.error).toContain("Odoo did not refuse");
      expect(broken[2]!.error).toContain('no record showing "Nobody UI 999r7"');
      // Each failure also carries the screen in words, for the fixer.
      expect(broken[0]!.screen).toMatch(/^Odoo showed "[^"]*Loans[^"]*" \(form view\)/);
      expect(broken[2]!.screen).toMatch(/\((list|kanban) view\)/);
    } finally {
      await sandbox?.destroy();
    }
  }, 1_200_000);
});
