/** `omb test` against real Odoo; skipped with the reason when no Odoo 17 tree is usable here. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { odooAvailability } from "@/server/odoo/runtime";
import { main } from "./omb";

const availability = await odooAvailability("17");
const example = path.resolve("examples/blueprints/equipment_loans.json");

describe.skipIf(!availability.ok)(availability.ok ? "omb test on real Odoo 17" : `omb test — skipped: ${availability.ok ? "" : availability.reason}`, () => {
  const logs: string[] = [];
  vi.spyOn(console, "log").mockImplementation((line: string) => void logs.push(String(line)));
  vi.spyOn(console, "error").mockImplementation((line: string) => void logs.push(String(line)));

  it("installs a built module with its tests (exit 0), and reports a failing test (exit 1)", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "omb-cli-odoo-"));
    expect(await main(["build", "--blueprint", example, "--odoo", "17", "--out", out])).toBe(0);
    const name = JSON.parse(readFileSync(example, "utf8")).module.name as string;
    const dir = path.join(out, name);
    expect(await main(["test", dir, "--odoo", "17", "--json"])).toBe(0);
    const report = JSON.parse(logs.filter((l) => l.startsWith("{")).at(-1)!) as { installed: boolean; testsRun: number; testsFailed: number };
    expect(report).toMatchObject({ installed: true, testsFailed: 0 });
    expect(report.testsRun).toBeGreaterThan(0);

    // A seeded failing test: the verdict names it.
    writeFileSync(
      path.join(dir, "tests", "test_zz_seeded.py"),
      "from odoo.tests.common import TransactionCase\n\n\nclass TestSeeded(TransactionCase):\n    def test_seeded_failure(self):\n        self.assertEqual(1, 2, 'seeded defect')\n",
    );
    const init = path.join(dir, "tests", "__init__.py");
    writeFileSync(init, `${readFileSync(init, "utf8")}from . import test_zz_seeded\n`);
    logs.splice(0);
    expect(await main(["test", dir, "--odoo", "17"])).toBe(1);
    expect(logs.join("\n")).toMatch(/failed\s+TestSeeded\.test_seeded_failure/);
    expect(logs.join("\n")).toContain("seeded defect");
  }, 600_000);
});
