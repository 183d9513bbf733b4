import { describe, expect, it } from "vitest";
import { uiTestSchema } from "@/server/odoo/ui-tests/schema";
import { loadPrompt, odooGuidelines } from "@/server/ports/ai";
import { AiError } from "@/server/ports/ai/types";
import { loadUiTestsFixture } from "./fixtures/tests";
import { acceptanceCriteria, createAiUiTestWriter, describeModuleUi, exampleTest } from "./ui-test-writer";
import { agentProject, scriptedClient } from "./testing";

const good = loadUiTestsFixture("library_management");
const repair = loadUiTestsFixture("library_management.repair");

const project = agentProject({
  id: "project-library",
  moduleName: "library_management",
  title: "Community Library",
  description: "A small community library: catalogue, members and loans.",
});

const clientWith = scriptedClient;

const rounds = (fixture: typeof good) => fixture.rounds.map((r) => ({ text: r.text, inputTokens: r.inputTokens, outputTokens: r.outputTokens }));
const input = (fixture = good) => ({ project, blueprint: fixture.blueprint, markdown: fixture.markdown, runId: "run-1" });

describe("AI UI-test writer", () => {
  it("writes the recorded acceptance tests for library_management: all valid, ai- ids, unique values", async () => {
    const { client, provider } = clientWith(rounds(good));
    const writer = createAiUiTestWriter(client);
    expect(writer.name).toBe("ai");
    const result = await writer.write(input());

    expect(result.tests.map((t) => t.id)).toEqual([
      "ai-create-and-find-book",
      "ai-duplicate-isbn",
      "ai-negative-copies",
      "ai-duplicate-card-number",
      "ai-new-loan-draft",
      "ai-lend-sets-due-date",
      "ai-return-loan",
      "ai-mark-lost",
      "ai-return-before-lent",
      "ai-member-loan-count",
    ]);
    for (const test of result.tests) {
      expect(uiTestSchema.parse(test)).toEqual(test);
      expect(test.steps[0]).toEqual({ kind: "login" });
    }
    expect(JSON.stringify(result.tests)).not.toContain("{{n}}");
    expect(result.tests[1]!.steps.at(-1)).toEqual({ kind: "expectError", text: "Another book already has this ISBN." });
    expect(result.summary).toBe(
      "10 acceptance tests written — not covered: AC 10: the red colour of overdue loans and the Overdue filter are not something the step language can check; AC 12: the tests run as the administrator (a librarian); a volunteer's refused deletion needs another user",
    );
    expect(result.ai).toMatchObject({ provider: "anthropic", model: "claude-test", inputTokens: 7321, outputTokens: 3781, calls: 1 });

    expect(provider.requests).toHaveLength(1);
    const request = provider.requests[0]!;
    expect(request.json?.name).toBe("ui_tests");
    expect(JSON.stringify(request.json?.schema)).not.toContain("oneOf");
    expect(request.system).toContain(loadPrompt("ui-test-writer").text);
    expect(request.system).toContain(odooGuidelines("17"));
    const user = request.messages[0]!.content;
    expect(user).toContain("3. **Given** a book, **when** its number of copies is set to -1");
    expect(user).not.toContain("## Data model overview");
    expect(user).toContain('- Community Library / Loans → library.loan: {"path":["Community Library","Loans"],"xmlids":["library_management.menu_root","library_management.menu_loans"]}');
    expect(user).toContain('  - due_date "Due Date" (date): computed: loan_date + 21 days → expectField only');
    expect(user).toContain('  - action_mark_lost "Mark as Lost": shown in "On Loan"; moves to "Lost"');
    expect(user).toContain('  - "Another book already has this ISBN." — isbn already used by another record');
    expect(user).toContain('"value":"Title {{n}}"');
  });

  it("sends tests that do not fit back once with their problems; drops what is still wrong", async () => {
    const { client, provider } = clientWith(rounds(repair));
    const result = await createAiUiTestWriter(client).write(input(repair));

    expect(provider.requests).toHaveLength(2);
    const [, second] = provider.requests;
    expect(second!.messages[1]).toEqual({ role: "assistant", content: repair.rounds[0]!.text });
    const ask = second!.messages[2]!.content;
    expect(ask).toContain('Test "lend-sets-due-date" (AC 6 — Loans: Lend puts the loan On Loan, due three weeks later):');
    expect(ask).toContain("no menu Community Library / Loan (library_management.menu_root, library_management.menu_loan)");
    expect(ask).toContain('library.member has no field "loans_total"');
    expect(ask).not.toContain('Test "create-and-find-book"');
    expect(ask).toContain("the 1 valid test(s) are kept");

    expect(result.tests.map((t) => t.id)).toEqual(["ai-create-and-find-book", "ai-lend-sets-due-date"]);
    expect(result.tests[1]!.steps).toContainEqual({ kind: "clickButton", name: "action_lend", label: "Lend" });
    expect(result.summary).toContain("2 acceptance tests written after one correction round — 1 dropped as invalid (member-loan-count:");
    expect(result.summary).toContain('"loan_count" is computed: it cannot be filled');
    expect(result.ai).toMatchObject({ inputTokens: 7321 + 8527, outputTokens: 1204 + 993, calls: 2 });
  });

  it("keeps the first round's valid tests when the correction round fails", async () => {
    const { client } = clientWith([repair.rounds[0]!.text, new AiError("overloaded", "busy")]);
    const result = await createAiUiTestWriter(client).write(input(repair));
    expect(result.tests.map((t) => t.id)).toEqual(["ai-create-and-find-book"]);
    expect(result.summary).toContain("(the correction round failed: the invalid tests were left out) — 2 dropped as invalid");
  });

  it("an answer that is not the step language gets the client's repair round, then fails plainly", async () => {
    const code = JSON.stringify({ tests: [{ id: "x", name: "x", steps: [{ kind: "eval", code: "fetch('/web/session')" }] }] });
    const { client } = clientWith([code, good.rounds[0]!.text]);
    expect((await createAiUiTestWriter(client).write(input())).tests).toHaveLength(10);
    const { client: failing } = clientWith([code, code]);
    await expect(createAiUiTestWriter(failing).write(input())).rejects.toMatchObject({ kind: "invalid_output" });
  });

  it("finds the acceptance criteria in the spec, or sends the whole spec", () => {
    const criteria = acceptanceCriteria(good.markdown);
    expect(criteria.startsWith("1. **Given** a librarian")).toBe(true);
    expect(criteria).toContain("12. **Given** a volunteer");
    expect(criteria).not.toContain("## Data model overview");
    expect(acceptanceCriteria("# Spec\n\nBooks can be lent.\n\n```json\n{}\n```")).toBe("# Spec\n\nBooks can be lent.");
  });

  it("describes the UI from the blueprint, with a planned test written with {{n}}", () => {
    const ui = describeModuleUi(good.blueprint);
    expect(ui).toContain('"New" adds a row to the editable list: fill only its columns, then save (no form, no buttons).');
    expect(ui).toContain("Search box searches: title.");
    expect(ui).toContain('  - name "Reference" (char): numbered on save (prefix "LOAN/<year>/") → expectField only');
    expect(ui).toContain('  - member_id* "Member" (many2one): relation → library.member');
    expect(ui).toContain('  - summary "Summary" (text): text (multi-line)\n');
    expect(ui).not.toContain("  - state ");
    const example = exampleTest(good.blueprint)!;
    expect(example.id).toBe("example");
    expect(JSON.stringify(example)).not.toMatch(/UI \d/);
    expect(example.steps.some((s) => s.kind === "clickButton")).toBe(true);
  });
});
