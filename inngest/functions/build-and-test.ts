/**
 * build-and-test (DESIGN.md §4): code → compile + validate → package + store → install with the
 * module's tests in a sandbox → UI tests → report → fix loop (≤5) → UAT with the passing sandbox
 * as the live preview → teardown. One run per project at a time (the concurrency key), cancelled
 * by `project/cancelled`; every stage a step.run with a stable id, written down by the recorder.
 */
import { inngest } from "@/inngest/client";
import { adjustmentRequested, projectCancelled, specApproved, uatAction } from "@/inngest/events";
import { pipelineDeps } from "@/server/pipeline/deps";
import { MAX_FIX_ATTEMPTS, NO_FIXER_REASON } from "@/server/pipeline/fixer";
import { ensureRun, findRunByInngestId, lastStepError, log, type RunRef } from "@/server/pipeline/recorder";
import { agentCall, beginBuild, codeStage, compileStage, countFixAttempt, describeUsage, failBuild, loadProject, packageStage } from "@/server/pipeline/build/stages";
import { installStage, type ReportSummary, reportStage, uiTestStage, writeUiTestsStage } from "@/server/pipeline/build/test-stage";
import { UAT_SLICE_MS, UAT_WARNING_MS, uatCheck, uatEnd, uatStart, uatWarning } from "@/server/pipeline/build/uat-stage";
import { eq } from "drizzle-orm";
import { type FileEdit, moduleVersions } from "@/db/schema";
import { blueprintSchema } from "@/server/odoo/blueprint/schema";
import type { UiTest } from "@/server/odoo/ui-tests/plan";
import { readModuleTextFiles } from "@/server/services/modules/modules";
import { NonRetriableError } from "inngest";
import { setProjectStatus } from "@/server/services/projects/status";

export const BUILD_AND_TEST_ID = "build-and-test";
/** Wake-ups in one UAT before the run gives up waiting (slices, warnings, early events). */
const MAX_UAT_WAITS = 100;

function describeFailures(report: ReportSummary): string {
  const lines = [
    ...report.errors.slice(0, 5).map((e) => `${e.kind}: ${e.message}`),
    ...report.failures.slice(0, 10).map((f) => `${f.suite === "ui" ? "UI" : "Odoo"} test "${f.name}": ${f.error ?? "failed"}`),
  ];
  return `${report.passed}/${report.total} passed${report.installed ? "" : ", the module did not install"}${lines.length ? ` — ${lines.join("; ")}` : ""}`;
}

export const buildAndTest = inngest.createFunction(
  {
    id: BUILD_AND_TEST_ID,
    name: "Build and test a module",
    triggers: [specApproved, adjustmentRequested],
    concurrency: { key: "event.data.projectId", limit: 1 },
    cancelOn: [{ event: projectCancelled.name, if: "async.data.projectId == event.data.projectId" }],
    // Transient errors (a sandbox that failed to boot, a storage hiccup) retry with backoff;
    // user errors are NonRetriableError and end the run at once.
    retries: 3,
    onFailure: async ({ event, error }) => {
      const deps = await pipelineDeps();
      const original = event.data.event as { data: { projectId: string } };
      const run = await findRunByInngestId(deps.db, event.data.run_id);
      const ref: RunRef = { id: run?.id ?? "", projectId: run?.projectId ?? original.data.projectId };
      // The message the failing step recorded reads better than the SDK's wrapped error.
      const reason = run?.error ?? (run ? await lastStepError(deps.db, run.id) : null) ?? error.message;
      if (run) {
        await failBuild(deps, ref, reason);
      } else {
        await setProjectStatus(deps.db, ref.projectId, { to: "failed", reason });
      }
    },
  },
  async ({ event, step, runId }) => {
    const projectId = event.data.projectId;
    const specVersionId = event.data.specVersionId;
    const started = await step.run("start", async () => {
      const deps = await pipelineDeps();
      const row = await ensureRun(deps.db, {
        inngestRunId: runId,
        projectId,
        kind: "build",
        triggerEvent: { name: event.name, data: event.data as Record<string, unknown> },
        specVersionId,
      });
      const begun = await beginBuild(deps, { id: row.id, projectId }, specVersionId);
      return { id: row.id, proceed: begun.proceed };
    });
    if (!started.proceed) return { status: "not-started" };
    const run: RunRef = { id: started.id, projectId };

    const isAdjustment = event.name === adjustmentRequested.name;
    const coded = await step.run("code", async () => codeStage(await pipelineDeps(), run, specVersionId));
    let blueprint = blueprintSchema.parse(coded.blueprint);
    /** Edits to named files the current version carries (a fixer's patch); applied after compiling. */
    let fileEdits: FileEdit[] = [];

    const fail = async (key: string, reason: string): Promise<never> => {
      await step.run(key, async () => {
        const deps = await pipelineDeps();
        await failBuild(deps, run, reason);
      });
      throw new NonRetriableError(reason);
    };

    await step.run("compile", async () => compileStage(await pipelineDeps(), run, blueprint));
    let version = await step.run("package", async () =>
      packageStage(await pipelineDeps(), run, blueprint, isAdjustment ? "adjustment" : coded.ai ? "ai" : "compiler", "package", { ai: coded.ai, summary: coded.summary }),
    );
    // Acceptance tests from the spec, written once per run (none offline); played after the plan's.
    const written = await step.run("ui-tests-write", async () => writeUiTestsStage(await pipelineDeps(), run, { specVersionId, blueprint }));
    const extraTests = written.tests as UiTest[];

    for (let attempt = 0; ; attempt += 1) {
      const install = await step.run(`install-${attempt}`, async () => installStage(await pipelineDeps(), run, { versionId: version.versionId, attempt }));
      const ui = install.installed
        ? await step.run(`ui-tests-${attempt}`, async () =>
            uiTestStage(await pipelineDeps(), run, { sandboxId: install.sandboxId, versionId: version.versionId, attempt, extraTests }),
          )
        : [];
      const report = await step.run(`report-${attempt}`, async () => reportStage(await pipelineDeps(), run, { install, ui, versionId: version.versionId, attempt }));

      if (report.allPassed) {
        await step.run("uat-start", async () => uatStart(await pipelineDeps(), run, { sandboxId: install.sandboxId, versionNumber: version.number }));
        return await uat(install.sandboxId);
      }
      if (attempt >= MAX_FIX_ATTEMPTS) await fail("fail-tests", `tests still fail after ${MAX_FIX_ATTEMPTS} fix attempts: ${describeFailures(report)}`);

      const next = attempt + 1;
      const fixed = await step.run(`fix-${next}`, async () => {
        const deps = await pipelineDeps();
        if (!deps.fixer) return { blueprint: null, fileEdits, summary: NO_FIXER_REASON, ai: null };
        await log(deps.db, run, "fix", `Fix attempt ${next}/${MAX_FIX_ATTEMPTS} (${deps.fixer.name})`);
        await setProjectStatus(deps.db, run.projectId, { to: "fixing", from: ["testing"], reason: `Fix attempt ${next}/${MAX_FIX_ATTEMPTS}` });
        await countFixAttempt(deps, run, next);
        const project = await loadProject(deps, run.projectId);
        const [current] = await deps.db.select().from(moduleVersions).where(eq(moduleVersions.id, version.versionId));
        const files = current ? await readModuleTextFiles(deps.store, current) : {};
        const result = await agentCall(() =>
          deps.fixer!.fix({ project, blueprint, attempt: next, failures: report.failures, errors: report.errors, logExcerpt: report.logExcerpt, fileEdits, files, runId: run.id }),
        );
        if (result) await log(deps.db, run, "fix", `Fix ${next}: ${result.summary}${result.ai ? ` — ${describeUsage(result.ai)}` : ""}`);
        return {
          blueprint: result?.blueprint ?? null,
          fileEdits: result?.fileEdits ?? fileEdits,
          summary: result?.summary ?? "the fixer proposed no change",
          ai: result?.ai ?? null,
        };
      });
      if (!fixed.blueprint) {
        await fail("fail-tests", fixed.summary === NO_FIXER_REASON ? `${NO_FIXER_REASON}: ${describeFailures(report)}` : `tests failed and ${fixed.summary}: ${describeFailures(report)}`);
      }
      blueprint = blueprintSchema.parse(fixed.blueprint);
      fileEdits = fixed.fileEdits;
      await step.run(`compile-fix-${next}`, async () => {
        const deps = await pipelineDeps();
        await setProjectStatus(deps.db, run.projectId, { to: "building", from: ["fixing"] });
        return compileStage(deps, run, blueprint, `compile-fix-${next}`, fileEdits);
      });
      version = await step.run(`package-fix-${next}`, async () =>
        packageStage(await pipelineDeps(), run, blueprint, "fix", `package-fix-${next}`, { fileEdits, ai: fixed.ai ?? undefined, summary: fixed.summary }),
      );
    }

    /** The UAT loop: wait in slices until a decision, the warning, or the end of the preview. */
    async function uat(sandboxId: string) {
      let warnedFor = 0;
      for (let n = 1; n <= MAX_UAT_WAITS; n += 1) {
        const check = await step.run(`uat-check-${n}`, async () => uatCheck(await pipelineDeps(), run, sandboxId));
        if (check.decision !== "waiting") {
          await step.run("uat-end", async () => uatEnd(await pipelineDeps(), run, check.decision as Exclude<typeof check.decision, "waiting">));
          return { status: check.decision };
        }
        if (warnedFor !== check.expiresAt && check.remainingMs <= UAT_WARNING_MS) {
          await step.run(`uat-warning-${n}`, async () => uatWarning(await pipelineDeps(), run, check));
          warnedFor = check.expiresAt;
        }
        // Wake at the warning first (unless given for this expiry already), then at the end; and
        // at least every slice, so a decision whose event came before the wait is seen soon.
        const untilMs = warnedFor === check.expiresAt ? check.remainingMs : check.remainingMs - UAT_WARNING_MS;
        await step.waitForEvent(`uat-wait-${n}`, {
          event: uatAction.name,
          if: "async.data.projectId == event.data.projectId",
          timeout: Math.min(UAT_SLICE_MS, Math.max(1000, untilMs)),
        });
      }
      await step.run("uat-end", async () => uatEnd(await pipelineDeps(), run, "expired"));
      return { status: "expired" };
    }
  },
);
