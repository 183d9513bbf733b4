/**
 * The one Inngest client. With INNGEST_SIGNING_KEY / INNGEST_EVENT_KEY set it talks to Inngest
 * Cloud (or a self-hosted Inngest at INNGEST_BASE_URL); without them the embedded executor
 * (inngest/executor) drives the same functions in-process, through the same protocol.
 */
import { Inngest } from "inngest";
import { getEnv } from "@/server/env";

export const INNGEST_APP_ID = "odoo-module-builder";

export type InngestMode = "embedded" | "inngest";

/** Who runs the pipeline: Inngest (keys configured) or the embedded executor (the default). */
export function inngestMode(): InngestMode {
  return getEnv().INNGEST_SIGNING_KEY ? "inngest" : "embedded";
}

export const inngest = new Inngest({
  id: INNGEST_APP_ID,
  /*
   * Embedded mode runs the handler in dev mode (no signature checks): the executor calls it
   * in-process and /api/inngest answers 404 then, so nothing outside can reach it unsigned
   * (reasoning in inngest/executor/executor.ts). A getter, because the SDK reads it at each use
   * and the environment is validated on first use, not at import.
   */
  get isDev() {
    return inngestMode() === "embedded";
  },
});
