/**
 * The slice of the Inngest SDK's HTTP protocol (inngest 4.24.0, pinned) that the embedded
 * executor speaks, as zod schemas: what the in-band sync returns and what an execution request
 * answers. protocol.test.ts pins the SDK version and these shapes so a bump fails loudly.
 */
import { z } from "zod";

/** The SDK's default when a function sets no `retries` (helpers/consts.js `defaultMaxRetries`). */
export const DEFAULT_RETRIES = 3;

export const triggerSchema = z.union([
  z.object({ event: z.string().min(1), expression: z.string().optional() }),
  z.object({ cron: z.string().min(1) }),
]);

const concurrencyOption = z.object({ limit: z.number().int(), key: z.string().optional(), scope: z.string().optional() });

export const functionConfigSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  triggers: z.array(triggerSchema),
  steps: z.record(z.string(), z.object({ retries: z.object({ attempts: z.number().int().min(0) }).optional() })),
  concurrency: z.union([z.number().int(), concurrencyOption, z.array(concurrencyOption)]).nullish(),
  cancel: z.array(z.object({ event: z.string(), if: z.string().optional(), timeout: z.string().optional() })).nullish(),
  /** A CEL key: one run per key value per 24 h. */
  idempotency: z.string().nullish(),
  // Flow-control options the executor does not implement: kept so it can say so.
  batchEvents: z.unknown().optional(),
  rateLimit: z.unknown().optional(),
  throttle: z.unknown().optional(),
  debounce: z.unknown().optional(),
  priority: z.unknown().optional(),
  timeouts: z.unknown().optional(),
  singleton: z.unknown().optional(),
});

export const unsupportedOptions = ["batchEvents", "rateLimit", "throttle", "debounce", "priority", "timeouts", "singleton"] as const;
export type FunctionConfig = z.infer<typeof functionConfigSchema>;

/** The body of the SDK's answer to `PUT` with `x-inngest-sync-kind: in_band`. */
export const inBandSyncSchema = z.object({
  app_id: z.string(),
  sdk: z.string(),
  functions: z.array(functionConfigSchema),
});

export const opSchema = z.object({
  id: z.string().min(1),
  op: z.string(),
  name: z.string().optional(),
  displayName: z.string().optional(),
  opts: z.record(z.string(), z.unknown()).nullish(),
  data: z.unknown().optional(),
  error: z.unknown().optional(),
});
export type Op = z.infer<typeof opSchema>;

export const waitForEventOptsSchema = z.object({ timeout: z.string(), if: z.string().optional() });

/** A serialised error as the SDK sends it (`serializeError`); kept loose, stored as given. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export function toSerializedError(value: unknown, fallback = "Unknown error"): SerializedError {
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const inner = record.error && typeof record.error === "object" ? (record.error as Record<string, unknown>) : record;
    const message = typeof inner.message === "string" ? inner.message : typeof record.error === "string" ? record.error : fallback;
    return {
      name: typeof inner.name === "string" ? inner.name : "Error",
      message,
      ...(typeof inner.stack === "string" ? { stack: inner.stack } : {}),
    };
  }
  return { name: "Error", message: typeof value === "string" && value ? value : fallback };
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A duration as the SDK writes it in ops (`timeStr`: "1h", "1d2h30m", "45s"), in ms. A bare
 * number is milliseconds.
 */
export function parseDuration(value: string): number {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const parts = text.matchAll(/(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/g);
  let total = 0;
  let consumed = 0;
  for (const [whole, amount, unit] of parts) {
    total += Number(amount) * (UNITS[unit ?? ""] ?? Number.NaN);
    consumed += whole.length;
  }
  if (!consumed || consumed !== text.replace(/\s+/g, "").length) throw new Error(`Cannot parse duration "${value}"`);
  return total;
}

/** A Sleep op's `name`: a duration ("1h") for `step.sleep`, an ISO time for `step.sleepUntil`. */
export function sleepUntil(name: string, now: number): number {
  if (/^\d{4}-\d{2}-\d{2}T/.test(name)) {
    const at = Date.parse(name);
    if (Number.isNaN(at)) throw new Error(`Cannot parse sleep time "${name}"`);
    return at;
  }
  return now + parseDuration(name);
}

/** `retry-after`: seconds (RetryAfterError with a duration) or an ISO time (with a Date). */
export function retryAfter(header: string | null, now: number): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return now + Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : at;
}
