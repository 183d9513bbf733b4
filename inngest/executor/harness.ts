/**
 * Test harness for the executor: a dev-mode client of its own (never the app's), a virtual
 * clock, and a helper that advances time and drains, so tests read as a timeline.
 */
import { Inngest, type InngestFunction } from "inngest";
import type { Database } from "@/db/client";
import { virtualClock, type VirtualClock } from "./clock";
import { createExecutor, type EmbeddedExecutor } from "./executor";

export const testClient = () => new Inngest({ id: "executor-test", isDev: true, logger: silentLogger() });

function silentLogger() {
  const noop = () => {};
  return { info: noop, warn: noop, error: noop, debug: noop };
}

export interface Harness {
  executor: EmbeddedExecutor;
  clock: VirtualClock;
  /** Moves the virtual clock, then runs everything due. */
  advance(ms: number): Promise<void>;
  logs: string[];
}

export function harness(
  db: Database,
  client: Inngest.Any,
  functions: InngestFunction.Any[],
  opts: { clock?: VirtualClock; maxRequestsPerRun?: number } = {},
): Harness {
  const logs: string[] = [];
  const clock = opts.clock ?? virtualClock();
  const executor = createExecutor({ db, client, functions, clock, maxRequestsPerRun: opts.maxRequestsPerRun, log: (line) => logs.push(line) });
  return {
    executor,
    clock,
    logs,
    async advance(ms: number) {
      clock.advance(ms);
      await executor.drain();
    },
  };
}
