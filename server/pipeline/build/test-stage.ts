/**
 * The test stage of one attempt k: install version N in a sandbox with its Python tests (demo
 * data on, the project's quick setting), start the preview, play the UI tests against it, and
 * write the test report. The sandbox row is labelled with the run id and attempt, so a step that
 * runs again reuses a sandbox that stands ready and destroys one left half-made.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { NonRetriableError } from "inngest";
import { moduleVersions, type SandboxRow, sandboxes, type TestCaseResult, testReports } from "@/db/schema";
import { type Blueprint, blueprintSchema } from "@/server/odoo/blueprint/schema";
import type { UiTest } from "@/server/odoo/ui-tests/plan";
import { unzipModule } from "@/server/odoo/module-files";
import { type InstallVerdict, type Sandbox, SandboxUnavailableError } from "@/server/ports/sandbox";
import { setProjectStatus } from "@/server/services/projects/status";
import { getSpecVersionById } from "@/server/services/specs/specs";
import { destroyRow, liveRows } from "@/server/services/sandboxes/sandboxes";
import type { PipelineDeps } from "../deps";
import { log, recordStep, type RunRef, stepSkipped, tail } from "../recorder";
import { describeUsage, loadProject } from "./stages";

type VerdictSummary = Omit<InstallVerdict, "log">;

export interface InstallOutcome {
  sandboxId: string;
  installed: boolean;
  state: InstallVerdict["state"];
  testsRun: number;
  testsFailed: number;
  logKey: string | null;
}

async function updateRow(deps: PipelineDeps, id: string, values: Partial<SandboxRow>): Promise<SandboxRow> {
  const [row] = await deps.db.update(sandboxes).set(values).where(eq(sandboxes.id, id)).returning();
  if (!row) throw new Error(`sandbox ${id} vanished`);
  return row;
}

function outcomeOf(row: SandboxRow): InstallOutcome {
  const verdict = (row.verdict ?? {}) as Partial<VerdictSummary>;
  return {
    sandboxId: row.id,
    installed: verdict.installed ?? false,
    state: verdict.state ?? "failed",
    testsRun: verdict.testsRun ?? 0,
    testsFailed: verdict.testsFailed ?? 0,
    logKey: row.logKey,
  };
}

export async function installStage(deps: PipelineDeps, run: RunRef, input: { versionId: string; attempt: number }): Promise<InstallOutcome> {
  const key = `install-${input.attempt}`;
  return recordStep(deps.db, run, { key, stage: "install", title: input.attempt ? `Install and test (fix ${input.attempt})` : "Install and test in Odoo" }, async () => {
    const project = await loadProject(deps, run.projectId);
    const [version] = await deps.db.select().from(moduleVersions).where(eq(moduleVersions.id, input.versionId));
    if (!version) throw new NonRetriableError("the module version to test no longer exists");
    await setProjectStatus(deps.db, run.projectId, { to: "testing", from: ["building", "fixing"] });

    // An earlier attempt of this very step: reuse what stands ready, destroy what is half-made.
    const mine = await deps.db
      .select()
      .from(sandboxes)
      .where(and(eq(sandboxes.projectId, run.projectId), sql`${sandboxes.labels} ->> 'runId' = ${run.id}`, sql`${sandboxes.labels} ->> 'attempt' = ${String(input.attempt)}`))
      .orderBy(desc(sandboxes.createdAt));
    for (const row of mine) {
      if (row.status === "serving" && !row.destroyedAt && deps.registry.has(row.id)) {
        await log(deps.db, run, "install", `Reusing sandbox ${row.id} from an earlier attempt of this step`);
        return { result: outcomeOf(row), detail: { sandboxId: row.id, reused: true } };
      }
      if (row.status === "failed" && row.verdict && row.destroyedAt) return { result: outcomeOf(row), detail: { sandboxId: row.id, reused: true } };
    }
    // One live sandbox per project: an older preview (or this run's half-made one) goes first.
    for (const old of await liveRows(deps.db, run.projectId)) await destroyRow(deps, old, "replaced by a new sandbox");

    const [row] = await deps.db
      .insert(sandboxes)
      .values({
        provider: deps.provider.name,
        projectId: project.id,
        moduleVersionId: version.id,
        odooVersion: version.odooVersion,
        status: "creating",
        expiresAt: new Date(deps.now() + deps.ttlMs),
        labels: { projectId: project.id, runId: run.id, attempt: String(input.attempt), moduleVersion: String(version.number) },
      })
      .returning();
    if (!row) throw new Error("insert returned no sandbox");
    await log(deps.db, run, "install", `Creating a ${deps.provider.name} sandbox with Odoo ${version.odooVersion}`);

    let sandbox: Sandbox | undefined;
    try {
      const blueprintDepends = ((version.blueprint as { module?: { depends?: string[] } }).module?.depends ?? []).filter(Boolean);
      sandbox = await deps.provider.create({
        odooVersion: version.odooVersion,
        depends: [...new Set([...blueprintDepends, ...project.depends])],
        timeoutMs: deps.ttlMs,
        labels: { sandbox: row.id, project: project.id, run: run.id },
        // It becomes the customer's live preview when the tests pass: with demo data.
        demo: true,
      });
      deps.registry.set(row.id, sandbox);
      await updateRow(deps, row.id, { externalId: sandbox.externalId, status: "installing", expiresAt: sandbox.expiresAt });
      await log(deps.db, run, "install", `Sandbox created; installing version ${version.number} with its tests${project.quickTest ? " (quick)" : ""}`);

      const zip = await deps.store.get(version.blobKey);
      if (!zip) throw new Error(`the files of version ${version.number} are missing from storage`);
      await sandbox.writeModule(project.moduleName, unzipModule(zip.body).files);
      const verdict = await sandbox.install(project.moduleName, { tests: true, quick: project.quickTest });
      const logKey = `projects/${project.id}/sandboxes/${row.id}/install.log`;
      await deps.store.put(logKey, new TextEncoder().encode(verdict.log), { contentType: "text/plain; charset=utf-8" });
      const { log: fullLog, ...summary } = verdict;
      const trimmed: VerdictSummary = { ...summary, failures: summary.failures.slice(0, 100), errors: summary.errors.slice(0, 50) };
      await log(deps.db, run, "install", `Odoo ${verdict.installed ? "installed the module" : `did not install the module (${verdict.state})`}; ${verdict.testsRun} test(s) run, ${verdict.testsFailed} failed`, verdict.installed && !verdict.testsFailed ? "info" : "warn");
      for (const failure of verdict.failures.slice(0, 20)) await log(deps.db, run, "install", `FAIL ${failure.test}: ${failure.message}`, "warn");
      for (const error of verdict.errors.slice(0, 20)) await log(deps.db, run, "install", `${error.kind}: ${error.message}`, "error");
      const excerpt = tail(fullLog);

      if (!verdict.installed) {
        await sandbox.destroy().catch(() => undefined);
        deps.registry.delete(row.id);
        const reason = verdict.errors[0]?.message ?? `the module did not install (${verdict.state})`;
        const failed = await updateRow(deps, row.id, { status: "failed", verdict: { ...trimmed, excerpt }, logKey, lastError: reason, destroyedAt: new Date() });
        return { result: outcomeOf(failed), detail: { sandboxId: row.id, installed: false } };
      }
      const preview = await sandbox.startServer({ demo: true });
      const serving = await updateRow(deps, row.id, {
        status: "serving",
        verdict: { ...trimmed, excerpt },
        logKey,
        previewUrl: preview.previewUrl,
        credentials: { login: preview.login, password: preview.password },
      });
      // Cancelled while we installed: the cleanup has run already, so this sandbox is ours to end.
      if ((await loadProject(deps, run.projectId)).status === "cancelled") {
        await destroyRow(deps, serving, "the run was cancelled");
        throw new NonRetriableError("the run was cancelled");
      }
      await log(deps.db, run, "install", `Odoo is serving the preview`);
      return { result: outcomeOf(serving), detail: { sandboxId: row.id, installed: true, testsRun: verdict.testsRun, testsFailed: verdict.testsFailed } };
    } catch (error) {
      if (error instanceof NonRetriableError) throw error;
      deps.registry.delete(row.id);
      await sandbox?.destroy().catch(() => undefined);
      const unavailable = error instanceof SandboxUnavailableError;
      const message = unavailable ? error.message : `Sandbox failed: ${(error as Error).message}`;
      await updateRow(deps, row.id, { status: "failed", lastError: message, destroyedAt: new Date() });
      await log(deps.db, run, "install", message, "error");
      // No sandbox can be had here: retrying will not change that.
      if (unavailable) throw new NonRetriableError(`no sandbox is available: ${error.message}`);
      throw error;
    }
  });
}

/** UI tests against the serving sandbox; skipped (visibly) without a runner or a live preview. */
/**
 * The UI-test writer (AI): acceptance tests from the approved spec, in the plan's step language,
 * written once per run. Skipped visibly when there is no writer (offline) or no runner to play
 * them; a writer that fails does not fail the build — the deterministic tests still decide.
 */
export async function writeUiTestsStage(deps: PipelineDeps, run: RunRef, input: { specVersionId: string; blueprint: Blueprint }): Promise<{ tests: UiTest[] }> {
  const step = { key: "ui-tests-write", stage: "ui_tests" as const, title: "Write acceptance UI tests" };
  if (!deps.uiTestWriter) {
    await stepSkipped(deps.db, run, step, "no UI-test writer is configured (offline): the generated tests run alone");
    return { tests: [] };
  }
  if (!deps.uiTests) {
    await stepSkipped(deps.db, run, step, "no UI-test runner is available here");
    return { tests: [] };
  }
  const writer = deps.uiTestWriter;
  return recordStep(deps.db, run, step, async () => {
    const project = await loadProject(deps, run.projectId);
    const spec = await getSpecVersionById(deps.db, run.projectId, input.specVersionId).catch(() => null);
    try {
      const written = await writer.write({ project, blueprint: input.blueprint, markdown: spec?.markdown ?? "", runId: run.id });
      await log(deps.db, run, "ui_tests", `Acceptance tests (${writer.name}): ${written.summary}${written.ai ? ` — ${describeUsage(written.ai)}` : ""}`);
      return { result: { tests: written.tests }, detail: { tests: written.tests.length, ...(written.ai ? { ai: written.ai } : {}) } };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await log(deps.db, run, "ui_tests", `The acceptance-test writer failed (${message}); the generated UI tests run alone`, "warn");
      return { result: { tests: [] }, detail: { tests: 0, error: message } };
    }
  });
}

export async function uiTestStage(
  deps: PipelineDeps,
  run: RunRef,
  input: { sandboxId: string; versionId: string; attempt: number; extraTests?: UiTest[] },
): Promise<TestCaseResult[]> {
  const step = { key: `ui-tests-${input.attempt}`, stage: "ui_tests" as const, title: "UI tests in the browser" };
  const [row] = await deps.db.select().from(sandboxes).where(eq(sandboxes.id, input.sandboxId));
  const live = row ? deps.registry.get(row.id) : undefined;
  if (!deps.uiTests) {
    await stepSkipped(deps.db, run, step, "no UI-test runner is available here");
    return [];
  }
  if (!row || row.status !== "serving" || !live || !row.credentials) {
    await stepSkipped(deps.db, run, step, "the preview is not running in this process");
    return [];
  }
  const runner = deps.uiTests;
  return recordStep(deps.db, run, step, async () => {
    const project = await loadProject(deps, run.projectId);
    const [version] = await deps.db.select().from(moduleVersions).where(eq(moduleVersions.id, input.versionId));
    if (!version) throw new NonRetriableError("the module version to test no longer exists");
    const blueprint = blueprintSchema.parse(version.blueprint);
    const lines: Promise<void>[] = [];
    const results = await runner({
      blueprint,
      quick: project.quickTest,
      baseUrl: live.previewLink() ?? row.previewUrl ?? "",
      login: row.credentials!.login,
      password: row.credentials!.password,
      odooVersion: version.odooVersion,
      store: deps.store,
      keyPrefix: `projects/${project.id}/runs/${run.id}/ui-${input.attempt}`,
      extraTests: input.extraTests ?? [],
      onResult: (result) => {
        lines.push(log(deps.db, run, "ui_tests", `${result.status === "passed" ? "PASS" : result.status === "skipped" ? "SKIP" : "FAIL"} ${result.name}${result.error ? `: ${result.error}` : ""}`, result.status === "failed" ? "warn" : "info"));
      },
    });
    await Promise.all(lines);
    const failed = results.filter((r) => r.status === "failed").length;
    await log(deps.db, run, "ui_tests", `UI tests: ${results.length - failed}/${results.length} passed`);
    return { result: results, detail: { total: results.length, failed } };
  });
}

export interface ReportSummary {
  reportId: string;
  passed: number;
  total: number;
  allPassed: boolean;
  installed: boolean;
  failures: TestCaseResult[];
  errors: { kind: string; message: string; file?: string; line?: number }[];
  logExcerpt: string;
}

/** Writes the attempt's test report (once: a replay finds the row it wrote). */
export async function reportStage(
  deps: PipelineDeps,
  run: RunRef,
  input: { install: InstallOutcome; ui: TestCaseResult[]; versionId: string; attempt: number },
): Promise<ReportSummary> {
  return recordStep(deps.db, run, { key: `report-${input.attempt}`, stage: "ui_tests", title: "Test report" }, async () => {
    const project = await loadProject(deps, run.projectId);
    const [sandbox] = await deps.db.select().from(sandboxes).where(eq(sandboxes.id, input.install.sandboxId));
    const verdict = (sandbox?.verdict ?? {}) as Partial<VerdictSummary> & { excerpt?: string };
    const pythonFailures: TestCaseResult[] = (verdict.failures ?? []).map((f) => ({ suite: "python", name: f.test, status: "failed", error: f.message, file: f.file, line: f.line }));
    const pythonPassed = Math.max(0, input.install.testsRun - input.install.testsFailed);
    const cases: TestCaseResult[] = [
      ...(pythonPassed ? [{ suite: "python" as const, name: `${pythonPassed} Odoo test(s) passed`, status: "passed" as const }] : []),
      ...pythonFailures,
      ...input.ui,
    ];
    const uiFailed = input.ui.filter((c) => c.status === "failed").length;
    const uiPassed = input.ui.filter((c) => c.status === "passed").length;
    const total = input.install.testsRun + input.ui.length;
    const passed = pythonPassed + uiPassed;
    const errors = verdict.errors ?? [];
    const allPassed = input.install.installed && input.install.testsFailed === 0 && uiFailed === 0;

    const [existing] = await deps.db
      .select({ id: testReports.id })
      .from(testReports)
      .where(and(eq(testReports.runId, run.id), eq(testReports.attempt, input.attempt)));
    const values = {
      projectId: project.id,
      runId: run.id,
      moduleVersionId: input.versionId,
      sandboxId: input.install.sandboxId,
      attempt: input.attempt,
      installed: (input.install.installed ? "installed" : input.install.state === "timeout" ? "timeout" : "failed") as "installed" | "failed" | "timeout",
      passed,
      total,
      quick: (project.quickTest ? "quick" : "full") as "quick" | "full",
      cases,
      errors,
      logExcerpt: verdict.excerpt ?? null,
      logKey: input.install.logKey,
    };
    const reportId = existing
      ? existing.id
      : (await deps.db.insert(testReports).values(values).returning({ id: testReports.id }))[0]!.id;
    await log(deps.db, run, "ui_tests", `Tests: ${passed}/${total} passed${input.install.installed ? "" : " (the module did not install)"}`, allPassed ? "info" : "warn");
    return {
      result: {
        reportId,
        passed,
        total,
        allPassed,
        installed: input.install.installed,
        failures: cases.filter((c) => c.status === "failed").slice(0, 30),
        errors: errors.slice(0, 20),
        logExcerpt: (verdict.excerpt ?? "").slice(-8000),
      },
      detail: { passed, total, attempt: input.attempt },
    };
  });
}
