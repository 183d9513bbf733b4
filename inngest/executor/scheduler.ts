/**
 * The executor's polling loop in the app: every `pollMs` it fires due cron ticks and claims due
 * runs (new, retry backoff elapsed, sleep over, wait timed out), driving up to `parallelism` of
 * them at once so one long step (an Odoo install) does not hold up every other run. Tests use
 * the executor's `drain()` instead, which drives one run at a time on a virtual clock.
 */
import type { ExecutorRun } from "@/db/schema";

export interface Scheduler {
  start(): void;
  /** Stops polling and waits for the runs in flight to park or end. */
  stop(): Promise<void>;
  /** New work arrived in this process: poll now rather than at the next interval. */
  kick(): void;
}

export function createScheduler(opts: {
  pollMs: number;
  parallelism: number;
  fireCrons: () => Promise<unknown>;
  claim: () => Promise<ExecutorRun | null>;
  drive: (run: ExecutorRun) => Promise<void>;
  log: (line: string) => void;
}): Scheduler {
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let polling: Promise<void> | null = null;
  const inFlight = new Set<Promise<void>>();

  async function poll(): Promise<void> {
    await opts.fireCrons();
    while (running && inFlight.size < opts.parallelism) {
      const run = await opts.claim();
      if (!run) return;
      const task: Promise<void> = opts
        .drive(run)
        .catch((error) => opts.log(`run ${run.id} failed to drive: ${String(error)}`))
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
  }

  function schedule(delay: number): void {
    if (!running) return;
    timer = setTimeout(() => {
      timer = null;
      polling = poll()
        .catch((error) => opts.log(`poll failed: ${String(error)}`))
        .finally(() => {
          polling = null;
          schedule(opts.pollMs);
        });
    }, delay);
    timer.unref?.();
  }

  return {
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await polling;
      await Promise.allSettled([...inFlight]);
    },
    kick() {
      if (!running || polling || !timer) return;
      clearTimeout(timer);
      schedule(0);
    },
  };
}
