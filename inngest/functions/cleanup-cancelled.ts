/**
 * cleanup-cancelled: when Inngest cancels a build-and-test run (cancelOn `project/cancelled`),
 * the run stops between steps and never tears down; this does: the project's standing sandboxes
 * are destroyed, the run is marked cancelled, the project stays (or becomes) cancelled.
 */
import { INNGEST_APP_ID, inngest } from "@/inngest/client";
import { BUILD_AND_TEST_ID } from "@/inngest/functions/build-and-test";
import { teardown } from "@/server/pipeline/build/stages";
import { pipelineDeps } from "@/server/pipeline/deps";
import { findRunByInngestId, finishRun, log } from "@/server/pipeline/recorder";
import { setProjectStatus } from "@/server/services/projects/status";

export const cleanupCancelled = inngest.createFunction(
  {
    id: "cleanup-cancelled",
    name: "Clean up a cancelled build",
    triggers: [{ event: "inngest/function.cancelled", if: `event.data.function_id == '${INNGEST_APP_ID}-${BUILD_AND_TEST_ID}'` }],
    retries: 3,
  },
  async ({ event, step }) =>
    step.run("teardown", async () => {
      const deps = await pipelineDeps();
      const data = event.data as { run_id?: string; event?: { data?: { projectId?: string } } };
      const projectId = data.event?.data?.projectId;
      if (!projectId) return { destroyed: 0 };
      const run = data.run_id ? await findRunByInngestId(deps.db, data.run_id) : null;
      const ref = { id: run?.id ?? "", projectId };
      if (run) {
        await finishRun(deps.db, run.id, "cancelled", run.error ?? "cancelled");
        await log(deps.db, ref, "teardown", "Run cancelled");
      }
      const destroyed = await teardown(deps, run ? ref : { id: "", projectId }, "the run was cancelled", "project");
      await setProjectStatus(deps.db, projectId, { to: "cancelled", reason: "Cancelled" });
      return { destroyed };
    }),
);
