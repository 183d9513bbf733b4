/**
 * Compile and validate time per example blueprint and Odoo version (median of BENCH_RUNS, after
 * one warm-up that loads the Python parser and the core-model catalogue).
 *
 *   npm run bench:compiler
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { odooVersions } from "@/lib/odoo-versions";
import { compileModule } from "@/server/odoo/compiler";
import { loadCatalogue, validateModule } from "@/server/odoo/validator";

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const dir = path.resolve("examples/blueprints");

async function main() {
  const rows: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const blueprint = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
    const cells: string[] = [];
    for (const version of odooVersions) {
      const catalogue = await loadCatalogue(version);
      const moduleName = blueprint.module.name as string;
      const warm = compileModule(blueprint, version);
      await validateModule(warm, { odooVersion: version, moduleName, catalogue });
      const compile: number[] = [];
      const validate: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        let started = performance.now();
        const files = compileModule(blueprint, version);
        compile.push(performance.now() - started);
        started = performance.now();
        await validateModule(files, { odooVersion: version, moduleName, catalogue });
        validate.push(performance.now() - started);
      }
      cells.push(`${median(compile).toFixed(1)} / ${median(validate).toFixed(1)}`);
    }
    rows.push(`| ${file.replace(/\.json$/, "")} | ${cells.join(" | ")} |`);
  }
  console.log(`\n| example | ${odooVersions.join(" | ")} |\n|---|${odooVersions.map(() => "---|").join("")}\n${rows.join("\n")}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
