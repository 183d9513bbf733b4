/**
 * Real Odoo: a quick install (`quick: true`) runs only the generated tests tagged `omb_happy`, a
 * full one runs them all, on every version found here (the `tag/module` spec of --test-tags is
 * read the same way by 16–19). Skipped with the reason when no tree is available.
 */
import { describe, expect, it } from "vitest";
import { compileModule } from "@/server/odoo/compiler";
import { HAPPY_PATH_TAG } from "@/server/odoo/compiler/test-tags";
import { loadExamples } from "@/server/odoo/compiler/test-helpers";
import { type ModuleFiles, textOf } from "@/server/odoo/module-files";
import { odooAvailability } from "./availability";
import { ODOO_VERSIONS } from "./config";
import { installModule } from "./install";

const availability = await Promise.all(ODOO_VERSIONS.map(async (version) => ({ version, ...(await odooAvailability(version)) })));
for (const entry of availability) {
  if (!entry.ok) console.warn(`[quick install] Odoo ${entry.version} skipped: ${entry.reason}`);
}
const library = loadExamples().find((e) => e.name === "library_management")!.blueprint;

/** Test methods of the generated files: all of them, and those in omb_happy classes. */
function countTests(files: ModuleFiles) {
  let all = 0;
  let happy = 0;
  for (const [name, content] of files) {
    if (!/^tests\/test_.*\.py$/.test(name)) continue;
    for (const block of textOf(content).split(/\n(?=@tagged\()/)) {
      const methods = block.match(/\n {4}def test_\w+\(self\)/g)?.length ?? 0;
      all += methods;
      if (block.startsWith("@tagged(") && block.split("\n")[0]!.includes(`'${HAPPY_PATH_TAG}'`)) happy += methods;
    }
  }
  return { all, happy };
}

for (const entry of availability) {
  const { version } = entry;
  describe.skipIf(!entry.ok)(entry.ok ? `quick install on Odoo ${version}` : `quick install on Odoo ${version} — skipped: ${entry.reason}`, () => {
    it("runs only the happy-path tests when quick, every test otherwise", async () => {
      const files = compileModule(library, version);
      const expected = countTests(files);
      expect(expected.happy).toBeGreaterThan(0);
      expect(expected.happy).toBeLessThan(expected.all);
      const install = (quick: boolean) =>
        installModule({ version, files, moduleName: library.module.name, depends: ["base"], tests: true, quick, timeoutMs: 300_000 });
      const quick = await install(true);
      expect(quick.errors).toEqual([]);
      expect(quick).toMatchObject({ installed: true, testsRun: expected.happy, testsFailed: 0 });
      const full = await install(false);
      expect(full).toMatchObject({ installed: true, testsRun: expected.all, testsFailed: 0 });
      console.info(`[quick install] Odoo ${version}: quick ${quick.testsRun} tests in ${(quick.durationMs / 1000).toFixed(1)} s, full ${full.testsRun} tests in ${(full.durationMs / 1000).toFixed(1)} s`);
    }, 600_000);
  });
}
