/**
 * Local sandbox timings per Odoo version found on this machine:
 *   - template build for a fresh depends set (first sandbox of that set), then dropped again so
 *     the benchmark stays repeatable;
 *   - with the template cached: create (clone) → install with tests (verdict) → healthy preview;
 *   - peak memory (RSS) of the preview's Odoo process group.
 *
 *   npx tsx bench/sandbox.ts            # BENCH_RUNS (default 3), BENCH_VERSIONS=17,18
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { localSandboxProvider } from "@/server/ports/sandbox/local";
import {
  availableAddons,
  dropDatabase,
  ensureTemplate,
  ODOO_VERSIONS,
  odooAvailability,
  sandboxesDir,
  templatesDir,
  type OdooVersion,
} from "@/server/odoo/runtime";
import { sampleModule } from "@/server/odoo/runtime/fixtures/sample-module";
import { serverPidFile } from "@/server/odoo/runtime/server";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const VERSIONS = (process.env.BENCH_VERSIONS?.split(",") ?? ODOO_VERSIONS) as OdooVersion[];
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Resident memory of every process in the group led by `pid`, in MiB. */
function groupRssMiB(pid: number): number {
  try {
    const out = execFileSync("ps", ["-o", "rss=", "-g", String(pid)], { encoding: "utf8" });
    return out.split("\n").filter(Boolean).reduce((sum, kb) => sum + Number(kb), 0) / 1024;
  } catch {
    return Number.NaN;
  }
}

async function main() {
  const provider = localSandboxProvider({ previewSecret: "b".repeat(40), appOrigin: "http://127.0.0.1:3000" });
  const rows: string[] = [];
  for (const version of VERSIONS) {
    const availability = await odooAvailability(version);
    if (!availability.ok) {
      console.error(`Odoo ${version}: skipped (${availability.reason})`);
      continue;
    }
    // A depends set no one else uses, so its template is built here and dropped afterwards.
    const fresh = ["base", "base_setup", "contacts"].filter((name) => availableAddons(availability.tree).has(name));
    const first = await ensureTemplate(availability.tree, fresh);
    await dropDatabase(first.name, path.join(templatesDir(), first.name));

    const toVerdict: number[] = [];
    const toPreview: number[] = [];
    const memory: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      const sandbox = await provider.create({ odooVersion: version, depends: ["base"], timeoutMs: 10 * 60_000, labels: { bench: "1" } });
      try {
        await sandbox.writeModule("omb_bench_sample", sampleModule(version, "omb_bench_sample"));
        const verdict = await sandbox.install("omb_bench_sample", { tests: true });
        if (!verdict.installed) throw new Error(`install failed: ${verdict.errors[0]?.message}`);
        toVerdict.push(performance.now() - started);
        await sandbox.startServer({ demo: false });
        if (!(await sandbox.health()).healthy) throw new Error("preview unhealthy");
        toPreview.push(performance.now() - started);
        // Warm it the way a user would (login page + assets), then read the group's memory.
        const link = sandbox.previewLink()!;
        const admitted = await fetch(link, { redirect: "manual" });
        const cookie = admitted.headers.getSetCookie()[0]!.split(";")[0]!;
        await fetch(new URL("/web/login", link), { headers: { cookie } });
        const pid = Number(readFileSync(serverPidFile(path.join(sandboxesDir(), sandbox.externalId)), "utf8"));
        memory.push(groupRssMiB(pid));
      } finally {
        await sandbox.destroy();
      }
    }
    rows.push(
      `| ${version} | ${seconds(first.buildMs)} | ${seconds(median(toVerdict))} | ${seconds(median(toPreview))} | ${median(memory).toFixed(0)} MiB | ${toVerdict.map(seconds).join(", ")} |`,
    );
    console.error(`Odoo ${version} done`);
  }
  console.log(`
| Odoo | template build (first sandbox of a depends set) | create → verdict (cached, median) | create → healthy preview (median) | preview RSS (median) | runs → verdict |
|---|---|---|---|---|---|
${rows.join("\n")}
`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
