/**
 * The pipeline end to end on the local sandbox: time from approval to "tests passed" (the test
 * report written with every test green) and to "preview live" (UAT started), per example
 * blueprint, median of BENCH_RUNS after one warm-up run that builds the template database for
 * the example's depends (so the figures are with a cached template).
 *
 *   npx tsx bench/pipeline.ts     # BENCH_RUNS (default 3), BENCH_VERSION (default 17),
 *                                 # BENCH_EXAMPLES=library_management,equipment_loans, BENCH_UI=0
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import type { Database } from "@/db/client";
import * as schema from "@/db/schema";
import { createExecutor } from "@/inngest/executor";
import { buildAndTest, cleanupCancelled, generateSpec } from "@/inngest/functions";
import type { OdooVersion } from "@/lib/odoo-versions";
import { odooAvailability } from "@/server/odoo/runtime";
import { localSandboxProvider } from "@/server/ports/sandbox/local";
import { localBlobStore } from "@/server/ports/storage/local";
import { offlineCoder } from "@/server/pipeline/coder";
import { setPipelineDeps } from "@/server/pipeline/deps";
import { offlineDrafter } from "@/server/pipeline/spec";
import { defaultUiTestRunner } from "@/server/pipeline/ui-tests";
import { register } from "@/server/services/auth/auth";
import { uatDecision } from "@/server/services/pipeline/actions";
import { createProject } from "@/server/services/projects/projects";
import { approveSpecVersion, createSpecVersion } from "@/server/services/specs/specs";
import type { SandboxRegistry } from "@/server/services/sandboxes/sandboxes";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const VERSION = (process.env.BENCH_VERSION ?? "17") as OdooVersion;
const EXAMPLES = (process.env.BENCH_EXAMPLES ?? "library_management,equipment_loans,it_asset_register").split(",");
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const TTL = 30 * 60_000;

async function main() {
  const availability = await odooAvailability(VERSION);
  if (!availability.ok) {
    console.error(`Odoo ${VERSION}: skipped (${availability.reason})`);
    return;
  }
  const client = new PGlite();
  const db = drizzle({ client, schema }) as unknown as Database;
  await migrate(drizzle({ client }), { migrationsFolder: path.resolve("db/migrations") });
  const store = localBlobStore(mkdtempSync(path.join(tmpdir(), "omb-bench-blobs-")));
  const provider = localSandboxProvider({ previewSecret: "b".repeat(40), appOrigin: "http://127.0.0.1:3000" });
  const registry: SandboxRegistry = new Map();
  const uiTests = process.env.BENCH_UI === "0" ? null : await defaultUiTestRunner();
  setPipelineDeps({ db, store, provider, registry, ttlMs: TTL, now: () => Date.now(), drafter: offlineDrafter, coder: offlineCoder, fixer: null, uiTests, uiTestWriter: null, adjuster: null });
  const executor = createExecutor({ db, functions: [generateSpec, buildAndTest, cleanupCancelled], pollMs: 200, log: () => {} });
  executor.start();
  const user = await register(
    { db, policy: { adminEmails: [], loginPerEmail: { limit: 99, windowSeconds: 60 }, loginPerIp: { limit: 99, windowSeconds: 60 }, registerPerIp: { limit: 99, windowSeconds: 60 } } },
    { email: `bench-${Date.now()}@example.com`, password: "correct horse 42" },
    "127.0.0.1",
  );
  const actor = { userId: user.id };
  const send = (events: Parameters<typeof executor.send>[0]) => executor.send(events);

  const rows: string[] = [];
  let serial = 0;
  try {
    for (const example of EXAMPLES) {
      const blueprint = JSON.parse(readFileSync(path.resolve("examples/blueprints", `${example}.json`), "utf8"));
      const testsPassed: number[] = [];
      const previewLive: number[] = [];
      let failure: string | null = null;
      for (let run = 0; run <= RUNS && !failure; run += 1) {
        serial += 1;
        const project = await createProject({ db }, actor, {
          moduleName: `${blueprint.module.name}_${serial}`.slice(0, 60),
          title: blueprint.module.title,
          odooVersion: VERSION,
          description: blueprint.module.summary || blueprint.module.title,
          depends: [],
          quickTest: false,
        });
        const spec = await createSpecVersion(db, { projectId: project.id, source: "user", markdown: `# ${blueprint.module.title}`, blueprint });
        await db.update(schema.projects).set({ status: "spec_ready" }).where(eq(schema.projects.id, project.id));
        const approvedAt = Date.now();
        await approveSpecVersion({ db, send }, actor, { ...project, status: "spec_ready" }, spec.number);

        const outcome = await waitFor(db, project.id);
        if (outcome.failed) {
          failure = outcome.failed;
          break;
        }
        // The first run builds the template for the example's depends: not counted.
        if (run > 0) {
          testsPassed.push(outcome.testsPassedAt! - approvedAt);
          previewLive.push(outcome.previewLiveAt! - approvedAt);
        }
        // Accept once the run waits for the decision (an earlier event would only be read at the
        // next slice), then wait for the teardown so the next run starts from a quiet machine.
        await until(async () => (await executor.listRuns({ status: "waiting" })).some((r) => r.event.data.projectId === project.id), 60_000);
        const current = (await db.select().from(schema.projects).where(eq(schema.projects.id, project.id)))[0]!;
        await uatDecision({ db, send, sandboxes: { db, store, provider, registry, ttlMs: TTL } }, actor, current, "accept");
        await until(async () => (await db.select().from(schema.sandboxes).where(and(eq(schema.sandboxes.projectId, project.id), schema.sandboxStillStanding()))).length === 0, 120_000);
      }
      rows.push(
        failure
          ? `| ${example} | failed: ${failure.slice(0, 120)} | |`
          : `| ${example} | ${seconds(median(testsPassed))} | ${seconds(median(previewLive))} |`,
      );
      console.error(rows.at(-1));
    }
  } finally {
    await executor.stop();
    for (const sandbox of registry.values()) await sandbox.destroy().catch(() => undefined);
    setPipelineDeps(null);
    await client.close();
  }
  console.log(`\nOdoo ${VERSION}, median of ${RUNS} run(s) after one warm-up, UI tests ${uiTests ? "on" : "off"}:\n`);
  console.log(`| example | approve → tests passed | approve → preview live |\n|---|---|---|\n${rows.join("\n")}\n`);
}

async function until(done: () => Promise<boolean>, limitMs: number) {
  const deadline = Date.now() + limitMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Polls the rows the pipeline writes: the passing report and the UAT start, or the failure. */
async function waitFor(db: Database, projectId: string): Promise<{ testsPassedAt?: number; previewLiveAt?: number; failed?: string }> {
  let result: { testsPassedAt?: number; previewLiveAt?: number; failed?: string } = {};
  await until(async () => {
    const [project] = await db.select().from(schema.projects).where(eq(schema.projects.id, projectId));
    if (project!.status === "failed") {
      result = { failed: project!.statusReason ?? "failed" };
      return true;
    }
    if (project!.status !== "uat") return false;
    const [run] = await db.select().from(schema.pipelineRuns).where(and(eq(schema.pipelineRuns.projectId, projectId), eq(schema.pipelineRuns.kind, "build")));
    const steps = await db.select().from(schema.pipelineSteps).where(eq(schema.pipelineSteps.runId, run!.id));
    const reports = await db.select().from(schema.testReports).where(eq(schema.testReports.projectId, projectId));
    const passing = reports.find((r) => r.passed === r.total && r.installed === "installed");
    const uat = steps.find((s) => s.key === "uat-start" && s.endedAt);
    if (!passing || !uat) return false;
    result = { testsPassedAt: passing.createdAt.getTime(), previewLiveAt: uat.endedAt!.getTime() };
    return true;
  }, 30 * 60_000);
  return result;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
