/**
 * Contract test: the SDK's wire protocol as the executor relies on it. The executor is written
 * against inngest 4.24.0 exactly; a bump must re-read the protocol (stack-facts §5c) and update
 * this file on purpose, never silently.
 */
import { createHash } from "node:crypto";
import { Inngest, NonRetriableError, version } from "inngest";
import { serve } from "inngest/edge";
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/db";
import { createExecutor } from "./executor";
import { testClient } from "./harness";
import { inBandSyncSchema, opSchema, parseDuration } from "./protocol";

const URL_BASE = "http://127.0.0.1/api/inngest";
const sha1 = (id: string) => createHash("sha1").update(id).digest("hex");
const event = { id: "e1", name: "contract/go", data: { projectId: "p1" }, ts: 0 };

function setup() {
  const client = testClient();
  const fn = client.createFunction(
    {
      id: "contract",
      retries: 3,
      triggers: [{ event: "contract/go" }],
      concurrency: { key: "event.data.projectId", limit: 1 },
      cancelOn: [{ event: "contract/cancelled", match: "data.projectId" }],
      onFailure: async () => {},
    },
    async ({ step, event: trigger }) => {
      const mode = trigger.data.mode as string | undefined;
      if (mode === "throw") throw new Error("function failed");
      if (mode === "fatal") throw new NonRetriableError("function refused");
      if (mode === "flaky") await step.run("flaky", () => Promise.reject(new Error("step failed")));
      const a = await step.run("a", () => 21);
      await step.sleep("nap", "60m");
      await step.waitForEvent("uat", { event: "contract/action", timeout: "1h", match: "data.projectId" });
      await Promise.all([step.run("p1", () => 1), step.run("p2", () => 2)]);
      return { doubled: a * 2 };
    },
  );
  const handler = serve({ client, functions: [fn] });
  const post = async (steps: Record<string, unknown>, opts: { stepId?: string; attempt?: number; data?: Record<string, unknown> } = {}) => {
    const url = new URL(URL_BASE);
    url.searchParams.set("fnId", "executor-test-contract");
    url.searchParams.set("stepId", opts.stepId ?? "step");
    const body = {
      version: 2,
      event: { ...event, data: { ...event.data, ...opts.data } },
      events: [event],
      steps,
      ctx: { run_id: "run-1", attempt: opts.attempt ?? 0, max_attempts: 4, disable_immediate_execution: false, use_api: false, stack: { stack: Object.keys(steps), current: 0 } },
    };
    const res = await handler(new Request(url, { method: "POST", headers: { host: "127.0.0.1", "content-type": "application/json", "x-inngest-req-version": "2" }, body: JSON.stringify(body) }));
    return { status: res.status, headers: res.headers, body: JSON.parse(await res.text()) as unknown };
  };
  return { handler, post };
}

describe("Inngest protocol contract", () => {
  it("pins the SDK version the executor was written against", () => {
    expect(version).toBe("4.24.0");
  });

  it("answers the in-band sync with the function configs (triggers, retries, concurrency, cancel, onFailure)", async () => {
    const { handler } = setup();
    const res = await handler(
      new Request(URL_BASE, { method: "PUT", headers: { host: "127.0.0.1", "content-type": "application/json", "x-inngest-sync-kind": "in_band" }, body: JSON.stringify({ url: URL_BASE }) }),
    );
    expect(res.status).toBe(200);
    const body = inBandSyncSchema.parse(await res.json());
    expect(body.sdk).toBe("js:v4.24.0");
    const [main, failure] = body.functions;
    expect(main).toMatchObject({
      id: "executor-test-contract",
      triggers: [{ event: "contract/go" }],
      steps: { step: { retries: { attempts: 3 } } },
      concurrency: { key: "event.data.projectId", limit: 1 },
      cancel: [{ event: "contract/cancelled", if: "event.data.projectId == async.data.projectId" }],
    });
    expect(failure).toMatchObject({
      id: "executor-test-contract-failure",
      triggers: [{ event: "inngest/function.failed", expression: "event.data.function_id == 'executor-test-contract'" }],
      steps: { step: { retries: { attempts: 1 } } },
    });
  });

  it("speaks in ops: StepRun, Sleep, WaitForEvent, StepPlanned, then 200 with the output", async () => {
    const { post } = setup();
    const first = await post({});
    expect(first.status).toBe(206);
    expect(first.body).toEqual([expect.objectContaining({ id: sha1("a"), op: "StepRun", data: 21, displayName: "a", userland: { id: "a" } })]);
    opSchema.array().parse(first.body);

    const steps: Record<string, unknown> = { [sha1("a")]: { type: "data", data: 21 } };
    const sleep = await post(steps);
    expect(sleep.body).toEqual([expect.objectContaining({ id: sha1("nap"), op: "Sleep", name: "1h" })]);
    expect(parseDuration("1h")).toBe(3_600_000);

    steps[sha1("nap")] = { type: "data", data: null };
    const wait = await post(steps);
    expect(wait.body).toEqual([
      expect.objectContaining({ id: sha1("uat"), op: "WaitForEvent", name: "contract/action", opts: { timeout: "1h", if: "event.data.projectId == async.data.projectId" } }),
    ]);

    steps[sha1("uat")] = { type: "data", data: null };
    const planned = await post(steps);
    expect(planned.status).toBe(206);
    expect((planned.body as { op: string; id: string }[]).map((op) => [op.op, op.id])).toEqual([
      ["StepPlanned", sha1("p1")],
      ["StepPlanned", sha1("p2")],
    ]);
    const one = await post(steps, { stepId: sha1("p1") });
    expect(one.body).toEqual([expect.objectContaining({ id: sha1("p1"), op: "StepRun", data: 1 })]);

    steps[sha1("p1")] = { type: "data", data: 1 };
    steps[sha1("p2")] = { type: "data", data: 2 };
    const done = await post(steps);
    expect(done).toMatchObject({ status: 200, body: { doubled: 42 } });
  });

  it("reports step errors as StepError (retriable) then StepFailed (no-retry) on the last attempt", async () => {
    const { post } = setup();
    const retriable = await post({}, { data: { mode: "flaky" } });
    expect(retriable.status).toBe(206);
    expect(retriable.body).toEqual([expect.objectContaining({ id: sha1("flaky"), op: "StepError", error: expect.objectContaining({ message: "step failed" }) })]);
    const last = await post({}, { data: { mode: "flaky" }, stepId: sha1("flaky"), attempt: 3 });
    expect(last.headers.get("x-inngest-no-retry")).toBe("true");
    expect(last.body).toEqual([expect.objectContaining({ id: sha1("flaky"), op: "StepFailed" })]);
  });

  it("answers function errors with 500 (retriable) or 400 no-retry (NonRetriableError)", async () => {
    const { post } = setup();
    const retriable = await post({}, { data: { mode: "throw" } });
    expect(retriable.status).toBe(500);
    expect(retriable.headers.get("x-inngest-no-retry")).toBe("false");
    expect(retriable.body).toMatchObject({ name: "Error", message: "function failed" });
    const fatal = await post({}, { data: { mode: "fatal" } });
    expect(fatal.status).toBe(400);
    expect(fatal.headers.get("x-inngest-no-retry")).toBe("true");
  });

  it("refuses, with a clear error, a client that is not in dev mode", async () => {
    const t = await createTestDatabase();
    try {
      const client = new Inngest({ id: "cloud-test", isDev: false, logger: { info() {}, warn() {}, error() {}, debug() {} } });
      const fn = client.createFunction({ id: "x", triggers: [{ event: "contract/x" }] }, async () => 1);
      const executor = createExecutor({ db: t.db, client, functions: [fn], log: () => {} });
      await expect(executor.send({ name: "contract/x", data: {} })).rejects.toThrow(/dev mode/);
    } finally {
      await t.close();
    }
  });
});
