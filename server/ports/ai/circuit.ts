/**
 * A circuit breaker per provider, in process memory: after `failures` consecutive failed attempts
 * the provider is skipped for `cooldownMs` (calls go to the next provider at once instead of
 * waiting on timeouts), then one probe is let through (half-open): success closes the circuit,
 * failure opens it again for another cooldown.
 *
 * The client from env (`getAiClient`) uses the process-wide registry below, so /api/health and the
 * admin pages see the same state the calls do; clients built in tests get their own registry
 * unless they pass one.
 */
import type { CircuitState } from "./types";

export interface CircuitOptions {
  /** Consecutive failed attempts that open the circuit. */
  failures: number;
  /** How long it stays open before a half-open probe. */
  cooldownMs: number;
}

export class CircuitBreaker {
  private state: CircuitState["state"] = "closed";
  private consecutiveFailures = 0;
  private openedAt: number | null = null;
  private lastError: string | null = null;
  /** A half-open probe is in flight: other calls keep skipping until it settles. */
  private probing = false;

  constructor(
    readonly provider: string,
    private options: CircuitOptions,
  ) {}

  configure(options: CircuitOptions): void {
    this.options = options;
  }

  /** Whether an attempt may go to this provider now; moves open → half-open when the cooldown is over. */
  allow(now: number): boolean {
    if (this.state === "closed") return true;
    if (this.state === "open") {
      if (this.openedAt !== null && now - this.openedAt < this.options.cooldownMs) return false;
      this.state = "half_open";
      this.probing = false;
    }
    if (this.probing) return false;
    this.probing = true;
    return true;
  }

  success(): void {
    this.state = "closed";
    this.consecutiveFailures = 0;
    this.openedAt = null;
    this.probing = false;
  }

  failure(now: number, error: string): void {
    this.consecutiveFailures += 1;
    this.lastError = error;
    if (this.state === "half_open" || this.consecutiveFailures >= this.options.failures) {
      this.state = "open";
      this.openedAt = now;
    }
    this.probing = false;
  }

  /** Releases a probe slot without a verdict (e.g. our own request was invalid). */
  release(): void {
    this.probing = false;
  }

  snapshot(now?: number): CircuitState {
    // An open circuit whose cooldown is over reads as half-open: the next call will probe.
    const state =
      this.state === "open" && now !== undefined && this.openedAt !== null && now - this.openedAt >= this.options.cooldownMs
        ? "half_open"
        : this.state;
    return {
      provider: this.provider,
      state,
      consecutiveFailures: this.consecutiveFailures,
      openedAt: state === "closed" ? null : this.openedAt,
      lastError: this.lastError,
    };
  }
}

export class CircuitRegistry {
  private readonly breakers = new Map<string, CircuitBreaker>();

  get(provider: string, options: CircuitOptions): CircuitBreaker {
    let breaker = this.breakers.get(provider);
    if (!breaker) {
      breaker = new CircuitBreaker(provider, options);
      this.breakers.set(provider, breaker);
    } else {
      breaker.configure(options);
    }
    return breaker;
  }

  states(now?: number): CircuitState[] {
    return [...this.breakers.values()].map((breaker) => breaker.snapshot(now));
  }

  reset(): void {
    this.breakers.clear();
  }
}

/** The breakers of this process, shared by the env client, /api/health and admin pages. */
export const processCircuits = new CircuitRegistry();

export function aiCircuitStates(now = Date.now()): CircuitState[] {
  return processCircuits.states(now);
}

/** Tests: forget every breaker of the process registry. */
export function resetAiCircuits(): void {
  processCircuits.reset();
}
