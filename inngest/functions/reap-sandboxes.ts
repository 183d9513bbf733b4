/**
 * reap-sandboxes: every minute, destroys any sandbox past its expiry (belt and braces behind the
 * UAT teardown, and the only cleanup for rows a crashed process left behind).
 */
import { inngest } from "@/inngest/client";
import { pipelineDeps } from "@/server/pipeline/deps";
import { reapExpiredSandboxes } from "@/server/services/sandboxes/reaper";

export const reapSandboxes = inngest.createFunction(
  { id: "reap-sandboxes", name: "Reap expired sandboxes", triggers: [{ cron: "* * * * *" }], retries: 1 },
  async ({ step }) =>
    step.run("reap", async () => {
      const deps = await pipelineDeps();
      return reapExpiredSandboxes(deps.db, { [deps.provider.name]: deps.provider }, new Date(deps.now()), deps.registry);
    }),
);
