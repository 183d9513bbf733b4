/**
 * Every time the executor reads (backoff, sleeps, wait timeouts, cron ticks, leases) comes from a
 * Clock, so tests can run a 60-minute wait in milliseconds by moving a virtual one.
 */
export interface Clock {
  now(): number;
}

export function systemClock(): Clock {
  return { now: () => Date.now() };
}

export interface VirtualClock extends Clock {
  advance(ms: number): void;
}

export function virtualClock(start = Date.UTC(2026, 0, 1)): VirtualClock {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error("virtualClock.advance: ms must be a non-negative number");
      current += ms;
    },
  };
}
