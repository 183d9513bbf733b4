import "server-only";
import { getDb } from "@/server/db";
import { getSandboxProvider } from "@/server/ports";
import { processSandboxRegistry } from "@/server/services/sandboxes/sandboxes";
import { reapExpiredSandboxes } from "@/server/services/sandboxes/reaper";

const EVERY_MS = 60_000;

/**
 * Reaps expired sandboxes once a minute in this process, and once right at start-up (rows a
 * previous process left behind). The pipeline issue replaces this timer with an Inngest cron;
 * the reaper itself is idempotent, so both may run.
 */
export function startSandboxReaper(): void {
  const holder = globalThis as typeof globalThis & { __ombReaper?: NodeJS.Timeout };
  if (holder.__ombReaper) return;
  const tick = async () => {
    try {
      const provider = getSandboxProvider();
      const result = await reapExpiredSandboxes(await getDb(), { [provider.name]: provider }, new Date(), processSandboxRegistry());
      if (result.reaped.length || result.failed.length) console.info("[reaper]", JSON.stringify(result));
    } catch (error) {
      console.error("[reaper] pass failed", error);
    }
  };
  holder.__ombReaper = setInterval(tick, EVERY_MS);
  holder.__ombReaper.unref();
  void tick();
}
