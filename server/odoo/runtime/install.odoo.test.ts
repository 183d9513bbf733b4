/**
 * Real Odoo: installs a small module in every Odoo version found on this machine. A version
 * without a tree (or a machine without PostgreSQL / the odoo user) is skipped with the reason.
 * Templates are cached across runs; the first run on a machine builds them (~10–40 s each).
 */
import { utimesSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { odooAvailability } from "./availability";
import { ODOO_VERSIONS } from "./config";
import { sampleModule, type SampleVariant } from "./fixtures/sample-module";
import { installModule } from "./install";
import { databaseExists, withAdvisoryLock } from "./pg";
import { cloneDatabase, dropDatabase, ensureTemplate, sweepSandboxes, templateName, templatesDir } from "./templates";

const availability = await Promise.all(ODOO_VERSIONS.map(async (version) => ({ version, ...(await odooAvailability(version)) })));
for (const entry of availability) {
  // The default reporter hides skipped tests' names: say why here too.
  if (!entry.ok) console.warn(`[odoo runtime] Odoo ${entry.version} tests skipped: ${entry.reason}`);
}
const MODULE = "omb_runtime_sample";
const timings: string[] = [];

afterAll(() => {
  if (timings.length > 0) console.info(`[odoo runtime] ${timings.join("; ")}`);
});

for (const entry of availability) {
  const { version } = entry;
  const title = entry.ok ? `real Odoo ${version}` : `real Odoo ${version} — skipped: ${entry.reason}`;

  // concurrent: the four installs of a version use separate clones, so they can overlap.
  describe.skipIf(!entry.ok)(title, { concurrent: true }, () => {
    const install = (variant: SampleVariant) =>
      installModule({ version, files: sampleModule(version, MODULE, variant), moduleName: MODULE, depends: ["base"], tests: true, timeoutMs: 180_000 });

    beforeAll(async () => {
      if (!entry.ok) return;
      const template = await ensureTemplate(entry.tree, ["base"]);
      timings.push(`${version}: template ${template.built ? `built in ${(template.buildMs / 1000).toFixed(1)} s` : "cached"}`);
    }, 300_000);

    it("installs the module and passes its two tests", async () => {
      const result = await install("ok");
      timings.push(`${version}: install ${(result.durationMs / 1000).toFixed(1)} s`);
      expect(result.errors).toEqual([]);
      expect(result).toMatchObject({ state: "installed", installed: true, testsRun: 2, testsFailed: 0, failures: [] });
    }, 180_000);

    it("installs it with a failing test and names the test", async () => {
      const result = await install("failing-test");
      expect(result).toMatchObject({ state: "installed", installed: true, testsRun: 2, testsFailed: 1 });
      expect(result.failures).toHaveLength(1);
      expect(result.failures[0]).toMatchObject({ test: "TestSample.test_shout", kind: "fail", file: "tests/test_sample.py" });
      expect(result.failures[0]!.message).toContain("AssertionError: 'WIDGET' != 'Widget 2'");
    }, 180_000);

    it("does not install it with a broken view: ParseError with file and line", async () => {
      const result = await install("broken-view");
      expect(result.state).toBe("failed");
      expect(result.installed).toBe(false);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatchObject({ kind: "parse", file: "views/sample_views.xml" });
      expect(result.errors[0]!.line).toBeGreaterThan(0);
      expect(result.errors[0]!.message).toContain('"no_such_field" does not exist');
    }, 180_000);

    // Exit code 0 and no traceback: only ir_module_module tells. (16 accepts any series.)
    it.skipIf(version === "16")("does not count a module Odoo skipped (manifest of another series) as installed", async () => {
      const result = await install("wrong-series");
      expect(result).toMatchObject({ state: "failed", installed: false, testsRun: 0 });
      expect(result.errors[0]!.message).toMatch(/invalid module names|incompatible version/);
    }, 180_000);

    it("does not install it with a Python syntax error", async () => {
      const result = await install("syntax-error");
      expect(result).toMatchObject({ state: "failed", installed: false });
      expect(result.errors).toEqual([{ kind: "import", message: "SyntaxError: invalid syntax", file: "models/sample.py", line: 4 }]);
    }, 180_000);
  });
}

const first = availability.find((entry) => entry.ok);

describe.skipIf(!first)(`template concurrency${first ? "" : " — skipped: no Odoo version is available"}`, () => {
  it("serialises critical sections on one advisory lock", async () => {
    const events: string[] = [];
    const section = (name: string) =>
      withAdvisoryLock("omb-test-lock", async () => {
        events.push(`${name}:in`);
        await new Promise((resolve) => setTimeout(resolve, 300));
        events.push(`${name}:out`);
      });
    await Promise.all([section("a"), section("b")]);
    // One section runs to its end before the other starts.
    expect(events[0]!.split(":")[0]).toBe(events[1]!.split(":")[0]);
    expect(events.map((event) => event.split(":")[1])).toEqual(["in", "out", "in", "out"]);
  }, 30_000);

  it("clones a template and sweeps only sandboxes older than the threshold", async () => {
    if (!first?.ok) return;
    const clone = await cloneDatabase(await ensureTemplate(first.tree, ["base"]));
    try {
      expect(await sweepSandboxes(60 * 60_000)).not.toContain(clone.database);
      expect(await databaseExists(clone.database)).toBe(true);
      // Age only this one: other processes' live sandboxes must survive the sweep.
      const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
      utimesSync(clone.dir, twoHoursAgo, twoHoursAgo);
      expect(await sweepSandboxes(60 * 60_000)).toContain(clone.database);
      expect(await databaseExists(clone.database)).toBe(false);
    } finally {
      await dropDatabase(clone.database, clone.dir);
    }
  }, 300_000);

  it("builds a missing template once when two callers ask at the same time", async () => {
    if (!first?.ok) return;
    // A template no other test uses, dropped before and after so the build really happens.
    const depends = ["base", "base_setup"];
    const name = templateName(first.tree, depends);
    await dropDatabase(name, path.join(templatesDir(), name));
    try {
      const [a, b] = await Promise.all([ensureTemplate(first.tree, depends), ensureTemplate(first.tree, depends)]);
      expect(a.name).toBe(name);
      expect([a.built, b.built].sort()).toEqual([false, true]);
      timings.push(`${first.version}: template base+base_setup built in ${(Math.max(a.buildMs, b.buildMs) / 1000).toFixed(1)} s`);
    } finally {
      await dropDatabase(name, path.join(templatesDir(), name));
    }
  }, 300_000);
});
