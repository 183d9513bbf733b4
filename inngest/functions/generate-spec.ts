/**
 * generate-spec: drafts the specification (Markdown + blueprint) of a project with the drafter
 * (offline by default), saves it as a new spec version, and moves the project to spec_ready.
 */
import { and, eq } from "drizzle-orm";
import { pipelineSteps } from "@/db/schema";
import { inngest } from "@/inngest/client";
import { specRequested } from "@/inngest/events";
import { agentCall, describeUsage, loadProject } from "@/server/pipeline/build/stages";
import { specStreamWriter } from "@/server/pipeline/spec-stream";
import { pipelineDeps } from "@/server/pipeline/deps";
import { ensureRun, finishRun, findRunByInngestId, lastStepError, log, recordStep, type RunRef, setRun } from "@/server/pipeline/recorder";
import { setProjectStatus } from "@/server/services/projects/status";
import { createSpecVersion } from "@/server/services/specs/specs";

export const generateSpec = inngest.createFunction(
  {
    id: "generate-spec",
    name: "Draft the specification",
    triggers: [specRequested],
    concurrency: { key: "event.data.projectId", limit: 1 },
    retries: 3,
    onFailure: async ({ event, error }) => {
      const deps = await pipelineDeps();
      const original = event.data.event as { data: { projectId: string } };
      const run = await findRunByInngestId(deps.db, event.data.run_id);
      const reason = `the specification could not be drafted: ${(run ? await lastStepError(deps.db, run.id) : null) ?? error.message}`;
      if (run) {
        await log(deps.db, run, "spec", `Run failed: ${reason}`, "error");
        await finishRun(deps.db, run.id, "failed", reason);
      }
      await setProjectStatus(deps.db, original.data.projectId, { to: "failed", from: ["spec_generating"], reason });
    },
  },
  async ({ event, step, runId }) => {
    const projectId = event.data.projectId;
    const started = await step.run("start", async () => {
      const deps = await pipelineDeps();
      const row = await ensureRun(deps.db, { inngestRunId: runId, projectId, kind: "spec", triggerEvent: { name: event.name, data: event.data as Record<string, unknown> } });
      const moved = await setProjectStatus(deps.db, projectId, { to: "spec_generating", from: ["draft", "spec_ready", "failed", "cancelled", "spec_generating"], reason: null });
      if (!moved) {
        const project = await loadProject(deps, projectId);
        await log(deps.db, row, "spec", `No draft: the project is "${project.status}"`, "warn");
        await finishRun(deps.db, row.id, "cancelled", `the project is "${project.status}"`);
        return { id: row.id, proceed: false };
      }
      await log(deps.db, row, "spec", "Drafting the specification");
      return { id: row.id, proceed: true };
    });
    if (!started.proceed) return { status: "not-started" };
    const run: RunRef = { id: started.id, projectId };

    const draft = await step.run("draft", async () => {
      const deps = await pipelineDeps();
      return recordStep(deps.db, run, { key: "draft", stage: "spec", title: "Draft the specification" }, async () => {
        // A retried step finds the version an earlier attempt saved (its id is on the step row,
        // written in the same transaction as the version).
        const [row] = await deps.db.select({ detail: pipelineSteps.detail }).from(pipelineSteps).where(and(eq(pipelineSteps.runId, run.id), eq(pipelineSteps.key, "draft")));
        const saved = typeof row?.detail.specVersionId === "string" ? row.detail : null;
        if (saved) return { result: { specVersionId: String(saved.specVersionId), number: Number(saved.number) }, detail: saved };
        const project = await loadProject(deps, projectId);
        const stream = specStreamWriter(deps.db, projectId);
        const result = await agentCall(() =>
          deps.drafter
            .draft(
              { title: project.title, moduleName: project.moduleName, odooVersion: project.odooVersion, description: project.description, depends: project.depends },
              { projectId, userId: project.ownerId, runId: run.id, onText: stream.append, onRestart: stream.restart },
            )
            .finally(() => stream.finish()),
        );
        const version = await deps.db.transaction(async (tx) => {
          const created = await createSpecVersion(tx, {
            projectId,
            source: result.source,
            markdown: result.markdown,
            blueprint: result.blueprint,
            note: result.notes.length ? result.notes.join("; ").slice(0, 500) : null,
            ai: result.ai ?? null,
          });
          await tx
            .update(pipelineSteps)
            .set({ detail: { specVersionId: created.id, number: created.number } })
            .where(and(eq(pipelineSteps.runId, run.id), eq(pipelineSteps.key, "draft")));
          return created;
        });
        await log(
          deps.db,
          run,
          "spec",
          `Drafted specification version ${version.number} (${result.source === "ai" ? "AI" : "offline"}: ${result.blueprint.models.length} model(s))${result.ai ? ` — ${describeUsage(result.ai)}` : ""}`,
        );
        for (const note of result.notes.slice(0, 10)) await log(deps.db, run, "spec", `Assumption: ${note}`);
        return { result: { specVersionId: version.id, number: version.number }, detail: { specVersionId: version.id, number: version.number } };
      });
    });

    await step.run("finish", async () => {
      const deps = await pipelineDeps();
      await setProjectStatus(deps.db, projectId, { to: "spec_ready", from: ["spec_generating"], reason: null });
      await setRun(deps.db, run.id, { stage: "spec" });
      await log(deps.db, run, "spec", `Specification version ${draft.number} is ready for review`);
      await finishRun(deps.db, run.id, "succeeded");
    });
    return { status: "spec_ready", specVersionId: draft.specVersionId };
  },
);
