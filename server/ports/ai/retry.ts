/**
 * How long to wait before retrying the same provider: full-jitter exponential backoff
 * (AWS architecture blog, "Exponential Backoff And Jitter"): a random delay in
 * [0, min(cap, base·2^(retry-1))], so clients that failed together do not retry together —
 * but never shorter than what the provider asked for with `retry-after`.
 */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** A `retry-after` longer than this is not waited for: the call moves to the next provider. */
  maxRetryAfterMs: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 1_000, capMs: 30_000, maxRetryAfterMs: 60_000 };

/**
 * The delay before retry number `retry` (1 for the first retry), or null when the provider asked
 * for a longer pause than we are willing to wait.
 */
export function backoffDelay(
  retry: number,
  random: () => number,
  retryAfterMs: number | undefined,
  options: BackoffOptions = defaultBackoff,
): number | null {
  if (retryAfterMs !== undefined && retryAfterMs > options.maxRetryAfterMs) return null;
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/**
 * A `retry-after` value as milliseconds: delay-seconds (`"7"`, `"1.5"`) or an HTTP date; plus
 * Anthropic's `retry-after-ms`, which wins when present. Undefined when absent or unreadable.
 */
export function parseRetryAfter(
  headers: { get(name: string): string | null | undefined } | undefined | null,
  now: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
