/**
 * The fixer against real Odoo 17: a coded module with a planted defect (a custom compute reading
 * a field that does not exist) installs but its tests fail; the failure report is built from the
 * real install the way the pipeline builds it, the fixer gets the recorded patch through a
 * scripted provider, and the patched module installs again with every test passing. Skipped with
 * the reason when this machine has no Odoo 17 (scripts/setup-odoo.sh). About 10–60 s.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type ModuleFiles, textOf } from "@/server/odoo/module-files";
import { ensureTemplate, installModule, odooAvailability } from "@/server/odoo/runtime";
import { createAiClient } from "@/server/ports/ai";
import { scriptedProvider } from "@/server/ports/ai/testing/scripted-provider";
import { compiledFiles } from "./code-helpers";
import { createAiFixer } from "./fixer";
import { loadFixFixture, reportFromInstall } from "./fixtures/fix";
import { agentProject } from "./testing";

const availability = await odooAvailability("17");
if (!availability.ok) console.warn(`[fixer] real-Odoo 17 test skipped: ${availability.reason}`);

const fixture = loadFixFixture("equipment_rental.amout");
const blueprint = fixture.blueprint;
const moduleName = blueprint.module.name;
const depends = blueprint.module.depends;

const project = agentProject({
  id: "project-rental",
  moduleName,
  title: blueprint.module.title,
  description: "We rent tools by the day and need prices and no double bookings.",
  status: "fixing",
  fixAttempts: 1,
});

const textFiles = (files: ModuleFiles) => Object.fromEntries([...files].filter(([p]) => !p.endsWith(".png")).map(([p, c]) => [p, textOf(c)]));
const install = (files: ModuleFiles) => installModule({ version: "17", files, moduleName, depends, tests: true, timeoutMs: 300_000 });

describe.skipIf(!availability.ok)(availability.ok ? "AI fixer on real Odoo 17" : `AI fixer on real Odoo 17 — skipped: ${availability.ok ? "" : availability.reason}`, () => {
  beforeAll(async () => {
    if (availability.ok) await ensureTemplate(availability.tree, depends);
  }, 600_000);

  it("a recorded patch repairs a planted defect: the failing module then installs with its tests passing", async () => {
    const broken = compiledFiles(blueprint);
    const first = await install(broken);
    expect(first.state, first.log.slice(-3000)).toBe("installed");
    expect(first.testsFailed).toBeGreaterThan(0);
    expect(first.failures[0]).toMatchObject({ kind: "error", file: "models/rental_order.py", message: "AttributeError: 'rental.order' object has no attribute 'amout'" });
    // The traceback's line is the planted one in the file as built.
    const modelLines = textOf(broken.get("models/rental_order.py")!).split("\n");
    expect(modelLines[first.failures[0]!.line! - 1]).toContain("rec.amout");

    const report = reportFromInstall(first);
    const provider = scriptedProvider([{ text: JSON.stringify(fixture.answer), ...fixture.usage }]);
    const client = createAiClient({ providers: { anthropic: { provider, model: "claude-test" } }, db: null, maxRetries: 0 });
    const fixed = await createAiFixer(client).fix({ project, blueprint, attempt: 1, ...report, fileEdits: [], files: textFiles(broken), runId: null });
    expect(fixed?.blueprint, fixed?.summary).toBeTruthy();
    expect(provider.requests[0]!.messages[0]!.content).toContain(first.failures[0]!.test);

    const second = await install(compiledFiles(fixed!.blueprint!, fixed!.fileEdits));
    expect(second.errors, second.log.slice(-3000)).toEqual([]);
    expect(second.failures).toEqual([]);
    expect(second).toMatchObject({ state: "installed", testsFailed: 0 });
    expect(second.testsRun).toBe(first.testsRun);
  }, 900_000);
});
