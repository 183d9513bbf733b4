import { NonRetriableError, RetryAfterError } from "inngest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { virtualClock } from "./clock";
import { backoffMs } from "./interpret";
import { harness, testClient } from "./harness";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const HOUR = 3_600_000;
/** Every test gets its own event names, so runs of one test never trigger another's functions. */
let seq = 0;
const unique = (name: string) => `t${++seq}/${name}`;

describe("embedded executor", () => {
  it("memoises steps: each step body runs once across re-invocations", async () => {
    const client = testClient();
    const go = unique("go");
    const calls = { a: 0, b: 0, c: 0 };
    const fn = client.createFunction({ id: "memo", triggers: [{ event: go }] }, async ({ step, runId }) => {
      const a = await step.run("a", () => ++calls.a);
      const b = await step.run("b", () => ++calls.b + a);
      const c = await step.run("c", () => ++calls.c + b);
      return { c, runId };
    });
    const h = harness(t.db, client, [fn]);
    await h.executor.send({ name: go, data: {} });
    await h.executor.drain();
    const [run] = await h.executor.listRuns({ functionId: "executor-test-memo" });
    expect(calls).toEqual({ a: 1, b: 1, c: 1 });
    expect(run).toMatchObject({ status: "completed", output: { c: 3 } });
    // The function sees the executor's run id as `runId`.
    expect((run?.output as { runId: string }).runId).toBe(run?.id);
    expect(run?.steps).toHaveLength(3);
  });

  it("retries a flaky step with backoff, visibly, then succeeds", async () => {
    const client = testClient();
    const go = unique("go");
    let calls = 0;
    const fn = client.createFunction({ id: "flaky", retries: 3, triggers: [{ event: go }] }, async ({ step }) => {
      return step.run("flaky", () => {
        calls += 1;
        if (calls < 3) throw new Error(`boom ${calls}`);
        return "ok";
      });
    });
    const h = harness(t.db, client, [fn]);
    await h.executor.send({ name: go, data: {} });
    await h.executor.drain();
    let [run] = await h.executor.listRuns({ functionId: "executor-test-flaky" });
    expect(calls).toBe(1);
    expect(run).toMatchObject({ status: "running", attempt: 1, wakeAt: h.clock.now() + backoffMs(1) });

    await h.advance(backoffMs(1) - 1);
    expect(calls).toBe(1); // the backoff has not elapsed yet
    await h.advance(1);
    expect(calls).toBe(2);
    [run] = await h.executor.listRuns({ functionId: "executor-test-flaky" });
    expect(run).toMatchObject({ status: "running", attempt: 2, wakeAt: h.clock.now() + backoffMs(2) });

    await h.advance(backoffMs(2));
    expect(calls).toBe(3);
    [run] = await h.executor.listRuns({ functionId: "executor-test-flaky" });
    expect(run).toMatchObject({ status: "completed", output: "ok", attempt: 0 });
  });

  it("fails the run when a step runs out of attempts, unless the function catches it", async () => {
    const client = testClient();
    const go = unique("go");
    let calls = 0;
    const fn = client.createFunction({ id: "exhausted", retries: 1, triggers: [{ event: go }] }, async ({ step, event }) => {
      try {
        await step.run("always-fails", () => {
          calls += 1;
          throw new Error("still broken");
        });
      } catch (error) {
        if (event.data.rescue) return step.run("fallback", () => `rescued: ${(error as Error).message}`);
        throw error;
      }
    });
    const h = harness(t.db, client, [fn]);
    await h.executor.send([
      { name: go, data: { rescue: false } },
      { name: go, data: { rescue: true } },
    ]);
    await h.executor.drain();
    await h.advance(backoffMs(1));
    expect(calls).toBe(4); // two attempts for each run
    const runs = await h.executor.listRuns({ functionId: "executor-test-exhausted" });
    const byRescue = (rescue: boolean) => runs.find((run) => run.event.data.rescue === rescue);
    expect(byRescue(false)).toMatchObject({ status: "failed", error: { message: expect.stringContaining("still broken") } });
    expect(byRescue(true)).toMatchObject({ status: "completed", output: expect.stringContaining("still broken") });
  });

  it("never runs a step twice when two executors share the database", async () => {
    const client = testClient();
    const go = unique("go");
    const calls = new Map<string, number>();
    const fn = client.createFunction({ id: "shared", triggers: [{ event: go }] }, async ({ step, runId }) => {
      for (const id of ["one", "two", "three"]) {
        await step.run(id, () => calls.set(`${runId}:${id}`, (calls.get(`${runId}:${id}`) ?? 0) + 1));
      }
    });
    const clock = virtualClock();
    const a = harness(t.db, client, [fn], { clock });
    const b = harness(t.db, testClient(), [fn], { clock });
    await a.executor.send(Array.from({ length: 6 }, (_, n) => ({ name: go, data: { n } })));
    await Promise.all([a.executor.drain(), b.executor.drain()]);
    const runs = await a.executor.listRuns({ functionId: "executor-test-shared" });
    expect(runs.map((run) => run.status)).toEqual(Array(6).fill("completed"));
    expect(calls.size).toBe(18);
    expect([...calls.values()].every((count) => count === 1)).toBe(true);
  });

  it("honours a step's retry-after", async () => {
    const client = testClient();
    const go = unique("go");
    let calls = 0;
    const fn = client.createFunction({ id: "retry-after", triggers: [{ event: go }] }, async ({ step }) =>
      step.run("rate-limited", () => {
        calls += 1;
        if (calls === 1) throw new RetryAfterError("rate limited", "5m");
        return calls;
      }),
    );
    const h = harness(t.db, client, [fn]);
    await h.executor.send({ name: go, data: {} });
    await h.executor.drain();
    const [run] = await h.executor.listRuns({ functionId: "executor-test-retry-after" });
    expect(run?.wakeAt).toBe(h.clock.now() + 5 * 60_000);
    await h.advance(5 * 60_000);
    expect((await h.executor.getRun(run!.id))?.status).toBe("completed");
  });

  it("fails at once on NonRetriableError and runs onFailure with the SDK's payload", async () => {
    const client = testClient();
    const go = unique("go");
    let calls = 0;
    const failures: { message: string; runId: unknown; original: unknown }[] = [];
    const fn = client.createFunction(
      {
        id: "fatal",
        retries: 5,
        triggers: [{ event: go }],
        onFailure: async ({ event, error }) => {
          failures.push({ message: error.message, runId: event.data.run_id, original: event.data.event.data });
        },
      },
      async ({ step }) => {
        await step.run("fatal", () => {
          calls += 1;
          throw new NonRetriableError("bad input");
        });
      },
    );
    const h = harness(t.db, client, [fn]);
    await h.executor.send({ name: go, data: { projectId: "p1" } });
    await h.executor.drain();
    const [run] = await h.executor.listRuns({ functionId: "executor-test-fatal" });
    expect(calls).toBe(1);
    expect(run).toMatchObject({ status: "failed", error: { message: expect.stringContaining("bad input") } });
    expect(failures).toEqual([{ message: expect.stringContaining("bad input"), runId: run?.id, original: { projectId: "p1" } }]);
    const [handler] = await h.executor.listRuns({ functionId: "executor-test-fatal-failure" });
    expect(handler?.status).toBe("completed");
  });

  it("retries a function-level error up to `retries`, then fails", async () => {
    const client = testClient();
    const go = unique("go");
    let calls = 0;
    const fn = client.createFunction({ id: "throws", retries: 1, triggers: [{ event: go }] }, async () => {
      calls += 1;
      throw new Error("outside a step");
    });
    const h = harness(t.db, client, [fn]);
    await h.executor.send({ name: go, data: {} });
    await h.executor.drain();
    expect(calls).toBe(1);
    await h.advance(backoffMs(1));
    expect(calls).toBe(2);
    const [run] = await h.executor.listRuns({ functionId: "executor-test-throws" });
    expect(run).toMatchObject({ status: "failed", error: { message: "outside a step" } });
    await h.advance(HOUR);
    expect(calls).toBe(2);
  });

  it("continues a 60-minute sleep in a new executor after a restart", async () => {
    const client = testClient();
    const go = unique("go");
    const calls = { before: 0, after: 0 };
    const fn = client.createFunction({ id: "sleeper", triggers: [{ event: go }] }, async ({ step }) => {
      await step.run("before", () => ++calls.before);
      await step.sleep("expiry-wait", "60m");
      return step.run("after", () => ++calls.after);
    });
    const clock = virtualClock();
    const a = harness(t.db, client, [fn], { clock });
    await a.executor.send({ name: go, data: {} });
    await a.executor.drain();
    const [sleeping] = await a.executor.listRuns({ functionId: "executor-test-sleeper" });
    expect(sleeping).toMatchObject({ status: "sleeping", waitingFor: "sleep", wakeAt: clock.now() + HOUR });
    await a.executor.stop();

    const b = harness(t.db, testClient(), [fn], { clock });
    await b.advance(HOUR - 1);
    expect(calls.after).toBe(0);
    await b.advance(1);
    expect(await b.executor.getRun(sleeping!.id)).toMatchObject({ status: "completed", output: 1 });
    expect(calls).toEqual({ before: 1, after: 1 });
  });

  it("takes over a run whose executor died once its lease expires", async () => {
    const client = testClient();
    const go = unique("go");
    const fn = client.createFunction({ id: "orphan", triggers: [{ event: go }] }, async ({ step }) => step.run("work", () => "done"));
    const clock = virtualClock();
    const b = harness(t.db, client, [fn], { clock });
    await b.executor.send({ name: go, data: {} });
    const [queued] = await b.executor.listRuns({ functionId: "executor-test-orphan" });
    // A process that claimed the run and died: its lease is still in the row.
    await t.db.execute(
      (await import("drizzle-orm")).sql`update executor_runs set lease_owner = 'dead', lease_until = ${clock.now() + 60_000} where id = ${queued!.id}`,
    );
    await b.executor.drain();
    expect((await b.executor.getRun(queued!.id))?.status).toBe("queued");
    await b.advance(60_001);
    expect((await b.executor.getRun(queued!.id))?.status).toBe("completed");
  });

  it("resolves waitForEvent with null after its timeout", async () => {
    const client = testClient();
    const go = unique("go");
    const fn = client.createFunction({ id: "wait-timeout", triggers: [{ event: go }] }, async ({ step }) => {
      const decision = await step.waitForEvent("uat", { event: unique("never"), timeout: "60m" });
      return { decision };
    });
    const h = harness(t.db, client, [fn]);
    await h.executor.send({ name: go, data: {} });
    await h.executor.drain();
    const [run] = await h.executor.listRuns({ functionId: "executor-test-wait-timeout" });
    expect(run?.status).toBe("waiting");
    await h.advance(HOUR - 1);
    expect((await h.executor.getRun(run!.id))?.status).toBe("waiting");
    await h.advance(1);
    expect(await h.executor.getRun(run!.id)).toMatchObject({ status: "completed", output: { decision: null } });
  });

  it("resumes only the wait whose `if` matches, and misses an event sent before the wait", async () => {
    const client = testClient();
    const go = unique("go");
    const action = unique("action");
    const fn = client.createFunction({ id: "wait-if", triggers: [{ event: go }] }, async ({ step }) => {
      const decision = await step.waitForEvent("uat", {
        event: action,
        timeout: "60m",
        if: "async.data.projectId == event.data.projectId",
      });
      return decision?.data ?? null;
    });
    const h = harness(t.db, client, [fn]);
    // Inngest semantics: an event sent before the wait starts is not delivered to it.
    await h.executor.send({ name: action, data: { projectId: "p1", kind: "early" } });
    await h.executor.send([
      { name: go, data: { projectId: "p1" } },
      { name: go, data: { projectId: "p2" } },
    ]);
    await h.executor.drain();
    const runs = await h.executor.listRuns({ functionId: "executor-test-wait-if" });
    const byProject = (id: string) => runs.find((run) => run.event.data.projectId === id)!;
    expect(runs.map((run) => run.status)).toEqual(["waiting", "waiting"]);

    await h.executor.send({ name: action, data: { projectId: "p2", kind: "accept" } });
    await h.executor.drain();
    expect(await h.executor.getRun(byProject("p2").id)).toMatchObject({ status: "completed", output: { projectId: "p2", kind: "accept" } });
    expect((await h.executor.getRun(byProject("p1").id))?.status).toBe("waiting");
  });

  it("runs parallel steps (Promise.all) each on its own request", async () => {
    const client = testClient();
    const go = unique("go");
    const calls: string[] = [];
    const fn = client.createFunction({ id: "parallel", triggers: [{ event: go }] }, async ({ step }) => {
      const parts = await Promise.all(["a", "b", "c"].map((id) => step.run(`part-${id}`, () => (calls.push(id), id.toUpperCase()))));
      return parts.join("");
    });
    const h = harness(t.db, client, [fn]);
    await h.executor.send({ name: go, data: {} });
    await h.executor.drain();
    const [run] = await h.executor.listRuns({ functionId: "executor-test-parallel" });
    expect(run).toMatchObject({ status: "completed", output: "ABC" });
    expect(calls.sort()).toEqual(["a", "b", "c"]);
  });

  it("cancels through cancelOn (matching project only) and emits inngest/function.cancelled", async () => {
    const client = testClient();
    const go = unique("go");
    const cancel = unique("cancelled");
    let after = 0;
    const cleaned: unknown[] = [];
    const fn = client.createFunction(
      { id: "cancellable", triggers: [{ event: go }], cancelOn: [{ event: cancel, if: "async.data.projectId == event.data.projectId" }] },
      async ({ step }) => {
        await step.sleep("wait", "10m");
        await step.run("after", () => ++after);
      },
    );
    const cleanup = client.createFunction(
      { id: "cleanup", triggers: [{ event: "inngest/function.cancelled", if: "event.data.function_id == 'executor-test-cancellable'" }] },
      async ({ event, step }) => {
        await step.run("kill-sandbox", () => cleaned.push({ runId: event.data.run_id, projectId: event.data.event.data.projectId }));
      },
    );
    const h = harness(t.db, client, [fn, cleanup]);
    await h.executor.send([
      { name: go, data: { projectId: "p1" } },
      { name: go, data: { projectId: "p2" } },
    ]);
    await h.executor.drain();
    await h.executor.send({ name: cancel, data: { projectId: "p1" } });
    await h.advance(10 * 60_000);
    const runs = await h.executor.listRuns({ functionId: "executor-test-cancellable" });
    const p1 = runs.find((run) => run.event.data.projectId === "p1")!;
    const p2 = runs.find((run) => run.event.data.projectId === "p2")!;
    expect(p1.status).toBe("cancelled");
    expect(p2.status).toBe("completed");
    expect(after).toBe(1); // only p2's step ran after the sleep
    expect(cleaned).toEqual([{ runId: p1.id, projectId: "p1" }]);
  });

  it("cancelRun stops a run before its next step", async () => {
    const client = testClient();
    const go = unique("go");
    let after = 0;
    const fn = client.createFunction({ id: "cancel-run", triggers: [{ event: go }] }, async ({ step }) => {
      await step.sleep("wait", "1m");
      await step.run("after", () => ++after);
    });
    const h = harness(t.db, client, [fn]);
    await h.executor.send({ name: go, data: {} });
    await h.executor.drain();
    const [run] = await h.executor.listRuns({ functionId: "executor-test-cancel-run" });
    await h.executor.cancelRun(run!.id, "stopped by an admin");
    await h.advance(HOUR);
    expect(await h.executor.getRun(run!.id)).toMatchObject({ status: "cancelled", error: { message: "stopped by an admin" } });
    expect(after).toBe(0);
    await h.executor.cancelRun(run!.id); // a second cancel is a no-op
    expect((await h.executor.getRun(run!.id))?.status).toBe("cancelled");
  });

  it("queues a second run for the same concurrency key until the first ends; other keys run alongside", async () => {
    const client = testClient();
    const go = unique("go");
    const fn = client.createFunction(
      { id: "per-project", triggers: [{ event: go }], concurrency: { key: "event.data.projectId", limit: 1 } },
      async ({ step, event }) => {
        await step.sleep("build", "10m");
        return event.data.n;
      },
    );
    const h = harness(t.db, client, [fn]);
    await h.executor.send([
      { name: go, data: { projectId: "p1", n: 1 } },
      { name: go, data: { projectId: "p1", n: 2 } },
      { name: go, data: { projectId: "p2", n: 3 } },
    ]);
    await h.executor.drain();
    const status = async () => {
      const runs = await h.executor.listRuns({ functionId: "executor-test-per-project" });
      return Object.fromEntries(runs.map((run) => [run.event.data.n as number, run.status]));
    };
    expect(await status()).toEqual({ 1: "sleeping", 2: "queued", 3: "sleeping" });
    await h.advance(10 * 60_000);
    expect(await status()).toEqual({ 1: "completed", 2: "sleeping", 3: "completed" });
    await h.advance(10 * 60_000);
    expect(await status()).toEqual({ 1: "completed", 2: "completed", 3: "completed" });
  });

  it("fires a cron trigger once per tick, and once for several missed ticks", async () => {
    const client = testClient();
    let runs = 0;
    const fn = client.createFunction({ id: "cron", triggers: [{ cron: "*/5 * * * *" }] }, async ({ step, event }) => {
      await step.run("tick", () => ++runs);
      return event.name;
    });
    const h = harness(t.db, client, [fn], { clock: virtualClock(Date.UTC(2026, 0, 1, 0, 1)) });
    await h.executor.drain();
    expect(runs).toBe(0);
    await h.advance(4 * 60_000); // 00:05
    expect(runs).toBe(1);
    await h.executor.drain();
    expect(runs).toBe(1);
    await h.advance(15 * 60_000); // 00:20: three ticks were due, one run
    expect(runs).toBe(2);
    const [latest] = await h.executor.listRuns({ functionId: "executor-test-cron" });
    expect(latest).toMatchObject({ status: "completed", output: "inngest/scheduled.timer" });
  });

  it("ignores an event whose id was seen before, and matches wildcard triggers", async () => {
    const client = testClient();
    const prefix = unique("x").split("/")[0];
    let runs = 0;
    const fn = client.createFunction({ id: "wildcard", triggers: [{ event: `${prefix}/*` }] }, async () => ++runs);
    const h = harness(t.db, client, [fn]);
    const first = await h.executor.send({ name: `${prefix}/one`, data: {}, id: "evt-1" });
    const second = await h.executor.send({ name: `${prefix}/one`, data: {}, id: "evt-1" });
    await h.executor.send({ name: `${prefix}/two`, data: {} });
    await h.executor.send({ name: `other-${prefix}/two`, data: {} });
    await h.executor.drain();
    expect(first.ids).toEqual(["evt-1"]);
    expect(second.ids).toEqual(["evt-1"]);
    expect(runs).toBe(2);
  });

  it("honours a function's idempotency key for 24 h, and says which options it ignores", async () => {
    const client = testClient();
    const go = unique("go");
    const fn = client.createFunction(
      { id: "once-per-session", idempotency: "event.data.sessionId", throttle: { limit: 1, period: "1m" }, triggers: [{ event: go }] },
      async ({ event }) => event.data.sessionId,
    );
    const h = harness(t.db, client, [fn]);
    await h.executor.send([
      { name: go, data: { sessionId: "s1" } },
      { name: go, data: { sessionId: "s1" } },
      { name: go, data: { sessionId: "s2" } },
    ]);
    await h.executor.drain();
    expect((await h.executor.listRuns({ functionId: "executor-test-once-per-session" })).length).toBe(2);
    await h.advance(24 * HOUR);
    await h.executor.send({ name: go, data: { sessionId: "s1" } });
    await h.executor.drain();
    expect((await h.executor.listRuns({ functionId: "executor-test-once-per-session" })).length).toBe(3);
    expect(h.logs).toContain("executor-test-once-per-session: throttle not supported by the embedded executor; ignored");
  });

  it("fails a run on an op it does not support, and on a runaway loop", async () => {
    const client = testClient();
    const go = unique("go");
    const child = client.createFunction({ id: "child", triggers: [{ event: unique("child") }] }, async () => 1);
    const invoker = client.createFunction({ id: "invoker", triggers: [{ event: go }] }, async ({ step }) =>
      step.invoke("call-child", { function: child, data: {} }),
    );
    const looper = client.createFunction({ id: "looper", triggers: [{ event: go }] }, async ({ step }) => {
      for (let i = 0; ; i += 1) await step.run(`step-${i}`, () => i);
    });
    const h = harness(t.db, client, [child, invoker, looper], { maxRequestsPerRun: 5 });
    await h.executor.send({ name: go, data: {} });
    await h.executor.drain();
    const [invoked] = await h.executor.listRuns({ functionId: "executor-test-invoker" });
    expect(invoked).toMatchObject({ status: "failed", error: { name: "UnsupportedOp", message: expect.stringContaining("InvokeFunction") } });
    const [looped] = await h.executor.listRuns({ functionId: "executor-test-looper" });
    expect(looped).toMatchObject({ status: "failed", error: { name: "StepLimitExceeded" } });
    expect(looped?.steps).toHaveLength(5);
  });

  it("runs due work from its polling loop between start() and stop()", async () => {
    const client = testClient();
    const go = unique("go");
    const fn = client.createFunction({ id: "polled", triggers: [{ event: go }] }, async ({ step }) => step.run("work", () => "polled"));
    const h = harness(t.db, client, [fn]);
    h.executor.start();
    const { ids } = await h.executor.send({ name: go, data: {} });
    expect(ids).toHaveLength(1);
    let run = (await h.executor.listRuns({ functionId: "executor-test-polled" }))[0];
    for (let i = 0; i < 200 && run?.status !== "completed"; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      run = (await h.executor.listRuns({ functionId: "executor-test-polled" }))[0];
    }
    await h.executor.stop();
    expect(run).toMatchObject({ status: "completed", output: "polled" });
  });
});
