import "server-only";
import { getDb } from "@/server/db";
import { getSandboxProvider } from "@/server/ports";
import { processSandboxRegistry } from "@/server/services/sandboxes/sandboxes";
import { reapExpiredSandboxes } from "@/server/services/sandboxes/reaper";

/**
 * One reaper pass right at start-up, for rows (and local Odoo servers) a previous process left
 * behind. The every-minute pass is the `reap-sandboxes` cron function (embedded executor or
 * Inngest); the reaper is idempotent, so the two never conflict.
 */
export async function sweepSandboxesAtStartup(): Promise<void> {
  const holder = globalThis as typeof globalThis & { __ombStartupSweep?: boolean };
  if (holder.__ombStartupSweep) return;
  holder.__ombStartupSweep = true;
  try {
    const provider = getSandboxProvider();
    const result = await reapExpiredSandboxes(await getDb(), { [provider.name]: provider }, new Date(), processSandboxRegistry());
    if (result.reaped.length || result.failed.length) console.info("[reaper]", JSON.stringify(result));
  } catch (error) {
    console.error("[reaper] start-up pass failed", error);
  }
}
