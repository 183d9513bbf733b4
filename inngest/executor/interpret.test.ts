import { describe, expect, it } from "vitest";
import { backoffMs, type HandlerResponse, interpret, type Working } from "./interpret";

const now = Date.UTC(2026, 0, 1);
const working = (over: Partial<Working> = {}): Working => ({
  status: "running",
  steps: {},
  stack: [],
  pending: [],
  attempt: 0,
  requestCount: 1,
  park: null,
  wakeAt: now,
  startedAt: now,
  ...over,
});
const res = (status: number, body: unknown, headers: Record<string, string> = {}): HandlerResponse => ({ status, body, headers: new Headers(headers) });
const run = { maxAttempts: 4 };

describe("interpret", () => {
  it("retries a function error after retry-after (an ISO time), else after the backoff", () => {
    const w = working();
    expect(interpret(res(500, { message: "x" }, { "x-inngest-no-retry": "false", "retry-after": new Date(now + 90_000).toISOString() }), run, w, "step", now)).toEqual({ kind: "park" });
    expect(w).toMatchObject({ attempt: 1, wakeAt: now + 90_000 });
    interpret(res(500, { message: "x" }), run, w, "step", now);
    expect(w).toMatchObject({ attempt: 2, wakeAt: now + backoffMs(2) });
  });

  it("fails on the last attempt, on no-retry, and on a 401 with a hint", () => {
    expect(interpret(res(500, { message: "x" }), run, working({ attempt: 3 }), "step", now)).toMatchObject({ kind: "end", status: "failed" });
    expect(interpret(res(500, { message: "x" }, { "x-inngest-no-retry": "true" }), run, working(), "step", now)).toMatchObject({ kind: "end", status: "failed" });
    expect(interpret(res(401, ""), run, working(), "step", now)).toMatchObject({ error: { message: expect.stringContaining("dev mode") } });
  });

  it("queues planned steps once and memoises a finished one", () => {
    const w = working({ pending: ["a"] });
    const planned = [
      { id: "a", op: "StepPlanned" },
      { id: "b", op: "StepPlanned" },
    ];
    expect(interpret(res(206, planned), run, w, "step", now)).toEqual({ kind: "continue" });
    expect(w.pending).toEqual(["a", "b"]);
    interpret(res(206, [{ id: "a", op: "StepRun", data: 1 }]), run, w, "a", now);
    expect(w).toMatchObject({ pending: ["b"], stack: ["a"], steps: { a: { type: "data", data: 1 } } });
  });

  it("refuses what it cannot do, clearly", () => {
    expect(interpret(res(206, { not: "a list" }), run, working(), "step", now)).toMatchObject({ error: { name: "ProtocolError" } });
    expect(interpret(res(206, [{ id: "x", op: "AIGateway", displayName: "ask" }]), run, working(), "step", now)).toMatchObject({
      error: { name: "UnsupportedOp", message: expect.stringContaining('"AIGateway" op (step "ask")') },
    });
    const sleepAndStep = [
      { id: "s", op: "Sleep", name: "1m" },
      { id: "p", op: "StepPlanned" },
    ];
    expect(interpret(res(206, sleepAndStep), run, working(), "step", now)).toMatchObject({ error: { message: expect.stringContaining("one sleep or waitForEvent at a time") } });
  });

  it("parks on sleepUntil at the given time", () => {
    const w = working();
    const at = new Date(now + 5 * 60_000).toISOString();
    expect(interpret(res(206, [{ id: "s", op: "Sleep", name: at }]), run, w, "step", now)).toEqual({ kind: "park" });
    expect(w).toMatchObject({ status: "sleeping", park: { stepId: "s" }, wakeAt: now + 5 * 60_000 });
  });
});
