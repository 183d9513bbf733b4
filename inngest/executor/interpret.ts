/**
 * How the executor reads the handler's answer to one execution request (the protocol of
 * stack-facts §5c): memoise finished steps, queue planned ones, park on a sleep, a wait or a
 * retry backoff, or end the run. Pure: it only updates the run's working copy.
 */
import { z } from "zod";
import type { ExecutorPark, ExecutorRun, ExecutorRunStatus, ExecutorStepMemo } from "@/db/schema";
import { type Op, opSchema, parseDuration, retryAfter, type SerializedError, sleepUntil, toSerializedError, waitForEventOptsSchema } from "./protocol";

/** Exponential backoff between attempts: 10 s, 20 s, 40 s … capped at 1 h (no jitter: deterministic). */
export function backoffMs(attempt: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempt - 1), 60 * 60_000);
}

export interface HandlerResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export type Outcome =
  | { kind: "continue" }
  | { kind: "park" }
  | { kind: "end"; status: "completed"; output: unknown }
  | { kind: "end"; status: "failed"; error: SerializedError };

/** The working copy of a run while one executor drives it. */
export interface Working {
  status: ExecutorRunStatus;
  steps: Record<string, ExecutorStepMemo>;
  stack: string[];
  pending: string[];
  attempt: number;
  requestCount: number;
  park: ExecutorPark | null;
  wakeAt: number;
  startedAt: number | null;
}

export function interpret(response: HandlerResponse, run: Pick<ExecutorRun, "maxAttempts">, w: Working, stepId: string, now: number): Outcome {
  const noRetry = response.headers.get("x-inngest-no-retry") === "true";
  const later = () => retryAfter(response.headers.get("retry-after"), now) ?? now + backoffMs(w.attempt);
  if (response.status === 200) return { kind: "end", status: "completed", output: response.body ?? null };
  if (response.status !== 206) {
    const error = toSerializedError(response.body, `HTTP ${response.status}`);
    if (response.status === 401) {
      return { kind: "end", status: "failed", error: { name: "Unauthorized", message: "The handler rejected the executor (401): the client must be in dev mode." } };
    }
    if (noRetry || response.status === 400) return { kind: "end", status: "failed", error };
    w.attempt += 1;
    if (w.attempt >= run.maxAttempts) return { kind: "end", status: "failed", error };
    w.wakeAt = later();
    return { kind: "park" };
  }
  const parsed = z.array(opSchema).safeParse(response.body);
  if (!parsed.success || parsed.data.length === 0) {
    return { kind: "end", status: "failed", error: { name: "ProtocolError", message: "The handler answered 206 without a list of ops." } };
  }
  const ops = parsed.data;
  const memo = (id: string, value: ExecutorStepMemo) => {
    w.steps[id] = value;
    if (!w.stack.includes(id)) w.stack.push(id);
    w.pending = w.pending.filter((pending) => pending !== id);
    w.attempt = 0;
  };
  const single = ops.length === 1 ? ops[0] : undefined;
  if (single?.op === "StepError" && !noRetry) {
    const op = single;
    w.attempt += 1;
    if (w.attempt < run.maxAttempts) {
      // The retry re-runs exactly this step (`stepId`), after the backoff or the step's retry-after.
      w.pending = [op.id, ...w.pending.filter((pending) => pending !== op.id && pending !== stepId)];
      w.wakeAt = later();
      return { kind: "park" };
    }
    memo(op.id, { type: "error", error: op.error ?? null });
    return { kind: "continue" };
  }
  const parks: Op[] = [];
  for (const op of ops) {
    switch (op.op) {
      case "StepRun":
        memo(op.id, { type: "data", data: op.data ?? null });
        break;
      case "StepError":
      case "StepFailed":
        // Memoised as an error: the function sees the step throw and may catch it.
        memo(op.id, { type: "error", error: op.error ?? null });
        break;
      case "StepPlanned":
        if (!(op.id in w.steps) && !w.pending.includes(op.id)) w.pending.push(op.id);
        break;
      case "Sleep":
      case "WaitForEvent":
        parks.push(op);
        break;
      default:
        return {
          kind: "end",
          status: "failed",
          error: { name: "UnsupportedOp", message: `The embedded executor does not support the "${op.op}" op (step "${op.displayName ?? op.id}").` },
        };
    }
  }
  const op = parks[0];
  if (!op) return { kind: "continue" };
  if (parks.length > 1 || w.pending.length) {
    return {
      kind: "end",
      status: "failed",
      error: { name: "UnsupportedOp", message: "The embedded executor runs one sleep or waitForEvent at a time, not in parallel with other steps." },
    };
  }
  w.attempt = 0;
  if (op.op === "Sleep") {
    w.status = "sleeping";
    w.park = { stepId: op.id };
    w.wakeAt = sleepUntil(op.name ?? "", now);
  } else {
    const options = waitForEventOptsSchema.parse(op.opts ?? {});
    w.status = "waiting";
    w.park = { stepId: op.id, event: op.name ?? "", ...(options.if ? { if: options.if } : {}) };
    w.wakeAt = now + parseDuration(options.timeout);
  }
  return { kind: "park" };
}
