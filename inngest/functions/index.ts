import type { InngestFunction } from "inngest";
import { buildAndTest } from "./build-and-test";
import { cleanupCancelled } from "./cleanup-cancelled";
import { generateSpec } from "./generate-spec";
import { reapSandboxes } from "./reap-sandboxes";

/** Every pipeline function, served by app/api/inngest and driven by the embedded executor. */
export const functions: InngestFunction.Any[] = [generateSpec, buildAndTest, cleanupCancelled, reapSandboxes];

export { buildAndTest, cleanupCancelled, generateSpec, reapSandboxes };
