/**
 * build-and-test's control flow with @inngest/test: every stage mocked by step id, the UAT wait
 * mocked through transformCtx (mocking it through `steps` is broken in inngest 4.24, see
 * stack-facts §5a). The stages themselves run for real in server/pipeline/pipeline.test.ts.
 */
import { InngestTestEngine, mockCtx } from "@inngest/test";
import { describe, expect, it, vi } from "vitest";
import { UAT_SLICE_MS, UAT_WARNING_MS } from "@/server/pipeline/build/uat-stage";
import { buildAndTest } from "./build-and-test";

const MINUTE = 60_000;
const blueprint = { module: { name: "x_books", title: "Books", odooVersion: "17" } };
const event = { name: "project/spec.approved", data: { projectId: "p1", userId: "u1", specVersionId: "s1" } } as const;

function stages(overrides: Record<string, () => unknown> = {}) {
  const base: Record<string, () => unknown> = {
    start: () => ({ id: "run-1", proceed: true }),
    code: () => ({ blueprint, summary: "offline" }),
    compile: () => ({ files: 12, errors: 0, warnings: 0 }),
    package: () => ({ versionId: "v1", number: 1 }),
    "ui-tests-write": () => ({ tests: [] }),
    "install-0": () => ({ sandboxId: "sb1", installed: true, state: "installed", testsRun: 3, testsFailed: 0, logKey: null }),
    "ui-tests-0": () => [],
    "report-0": () => ({ reportId: "r1", passed: 3, total: 3, allPassed: true, installed: true, failures: [], errors: [], logExcerpt: "" }),
    "uat-start": () => ({ expiresAt: 0 }),
    "uat-end": () => null,
    ...overrides,
  };
  return Object.entries(base).map(([id, handler]) => ({ id, handler }));
}

function engine(steps: ReturnType<typeof stages>, waitForEvent: (...args: unknown[]) => Promise<unknown>) {
  return new InngestTestEngine({
    function: buildAndTest,
    events: [event],
    steps,
    transformCtx: (raw) => {
      const ctx = mockCtx(raw);
      ctx.step.waitForEvent = waitForEvent as never;
      return ctx;
    },
  });
}

describe("build-and-test (step logic)", () => {
  it("waits in slices until the 5-minute warning, warns, waits the rest, and ends on the decision it re-reads", async () => {
    const waits: unknown[][] = [];
    const waitForEvent = vi.fn(async (...args: unknown[]) => {
      waits.push(args);
      return null; // timed out
    });
    const warning = vi.fn(() => undefined);
    const { result } = await engine(
      stages({
        "uat-check-1": () => ({ decision: "waiting", expiresAt: 1_000, remainingMs: 60 * MINUTE }),
        "uat-check-2": () => ({ decision: "waiting", expiresAt: 1_000, remainingMs: 8 * MINUTE }),
        "uat-check-3": () => ({ decision: "waiting", expiresAt: 1_000, remainingMs: 5 * MINUTE }),
        "uat-warning-3": warning,
        "uat-check-4": () => ({ decision: "expired", expiresAt: 1_000, remainingMs: 0 }),
      }),
      waitForEvent,
    ).execute();

    expect(result).toEqual({ status: "expired" });
    expect(warning).toHaveBeenCalledTimes(1);
    // A slice at most, then up to the warning, then the rest.
    expect(waits.map(([id, opts]) => [id, (opts as { timeout: number }).timeout])).toEqual([
      ["uat-wait-1", UAT_SLICE_MS],
      ["uat-wait-2", 8 * MINUTE - UAT_WARNING_MS],
      ["uat-wait-3", 5 * MINUTE],
    ]);
    expect(waits[0]![1]).toMatchObject({ event: "uat/action", if: "async.data.projectId == event.data.projectId" });
  });

  it("an extension moves the expiry: the run waits again and warns again for the new end", async () => {
    const waitForEvent = vi.fn(async () => ({ name: "uat/action", data: { projectId: "p1", userId: "u1", kind: "extend" } }));
    const warnings: string[] = [];
    const { result } = await engine(
      stages({
        "uat-check-1": () => ({ decision: "waiting", expiresAt: 1_000, remainingMs: 4 * MINUTE }),
        "uat-warning-1": () => void warnings.push("first"),
        "uat-check-2": () => ({ decision: "waiting", expiresAt: 2_000, remainingMs: 7 * MINUTE }),
        "uat-check-3": () => ({ decision: "waiting", expiresAt: 2_000, remainingMs: 5 * MINUTE }),
        "uat-warning-3": () => void warnings.push("second"),
        "uat-check-4": () => ({ decision: "accepted", expiresAt: 2_000, remainingMs: 1 * MINUTE }),
      }),
      waitForEvent,
    ).execute();
    expect(result).toEqual({ status: "accepted" });
    expect(warnings).toEqual(["first", "second"]);
    expect(waitForEvent).toHaveBeenCalledTimes(3);
  });

  it("a run whose project is no longer approved ends without building", async () => {
    const code = vi.fn(() => blueprint);
    const { result } = await engine(stages({ start: () => ({ id: "run-1", proceed: false }), code }), vi.fn()).execute();
    expect(result).toEqual({ status: "not-started" });
    expect(code).not.toHaveBeenCalled();
  });
});
