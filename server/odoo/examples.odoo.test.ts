/**
 * The product's promise, checked end to end: every example blueprint, compiled for every Odoo
 * version found on this machine, installs in real Odoo with its generated tests and 0 failures.
 * Versions without a tree (or a machine without PostgreSQL / the odoo user) are skipped with the
 * reason; scripts/setup-odoo.sh and README "Real Odoo on this machine" say how to enable them.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blueprintSchema } from "./blueprint/schema";
import { compileModule } from "./compiler";
import { manifestDepends, textOf } from "./module-files";
import { odooAvailability, ODOO_VERSIONS, ensureTemplate, installModule } from "./runtime";

const dir = path.resolve("examples/blueprints");
const examples = readdirSync(dir)
  .filter((file) => file.endsWith(".json"))
  .sort()
  .map((file) => ({ file, blueprint: blueprintSchema.parse(JSON.parse(readFileSync(path.join(dir, file), "utf8"))) }));

const availability = await Promise.all(ODOO_VERSIONS.map(async (version) => ({ version, ...(await odooAvailability(version)) })));
for (const entry of availability) {
  if (!entry.ok) console.warn(`[examples] real-Odoo ${entry.version} skipped: ${entry.reason}`);
}

type Row = { example: string; version: string; state: string; testsRun: number; testsFailed: number; seconds: number };
const results: Row[] = [];

afterAll(() => {
  if (results.length === 0) return;
  mkdirSync(".data/bench", { recursive: true });
  writeFileSync(".data/bench/examples-real-odoo.json", JSON.stringify(results, null, 2));
  console.info(
    results
      .sort((a, b) => a.example.localeCompare(b.example) || a.version.localeCompare(b.version))
      .map((r) => `[examples] ${r.example} on ${r.version}: ${r.state}, ${r.testsRun - r.testsFailed}/${r.testsRun} tests, ${r.seconds.toFixed(1)} s`)
      .join("\n"),
  );
});

/** Two installs at a time: each is one Odoo process on a 2-core machine. */
function limiter(slots: number) {
  let free = slots;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (free === 0) await new Promise<void>((resolve) => waiting.push(resolve));
    else free -= 1;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free += 1;
    }
  };
}

for (const entry of availability) {
  const { version } = entry;
  const compiled = examples.map(({ file, blueprint }) => ({
    file,
    name: blueprint.module.name,
    files: compileModule(blueprint, version),
  }));
  // One template with every example's core depends: built once, cloned per install.
  const depends = [...new Set(compiled.flatMap((c) => manifestDepends(textOf(c.files.get("__manifest__.py")!))))].sort();
  const slot = limiter(2);

  describe.skipIf(!entry.ok)(entry.ok ? `examples on real Odoo ${version}` : `examples on real Odoo ${version} — skipped: ${entry.reason}`, { concurrent: true }, () => {
    beforeAll(async () => {
      if (entry.ok) await ensureTemplate(entry.tree, depends);
    }, 600_000);

    for (const example of compiled) {
      it(`${example.file} installs with its tests passing`, async () => {
        const result = await slot(() =>
          installModule({ version, files: example.files, moduleName: example.name, depends, tests: true, timeoutMs: 300_000 }),
        );
        results.push({
          example: example.file,
          version,
          state: result.state,
          testsRun: result.testsRun,
          testsFailed: result.testsFailed,
          seconds: result.durationMs / 1000,
        });
        expect(result.errors, result.log.slice(-4000)).toEqual([]);
        expect(result.failures).toEqual([]);
        expect(result).toMatchObject({ state: "installed", testsFailed: 0 });
        expect(result.testsRun).toBeGreaterThan(0);
      }, 900_000);
    }
  });
}
