import { afterAll, describe, expect, it } from "vitest";
import { parseEnv, resetEnvForTests } from "@/server/env";
import { sendEvent, validatePipelineEvent } from "./send";

const ok = { name: "project/spec.requested", data: { projectId: "p1", userId: "u1" } };

const originalDatabaseUrl = process.env.DATABASE_URL;

describe("sendEvent", () => {
  afterAll(() => {
    if (originalDatabaseUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = originalDatabaseUrl;
    resetEnvForTests();
  });

  it("validates every event against the catalogue, with a clear error", async () => {
    await expect(validatePipelineEvent(ok)).resolves.toEqual(ok);
    await expect(validatePipelineEvent({ ...ok, id: "k1" })).resolves.toEqual({ ...ok, id: "k1" });
    await expect(validatePipelineEvent({ name: "project/unknown", data: {} })).rejects.toThrow(/Unknown pipeline event "project\/unknown"/);
    await expect(validatePipelineEvent({ name: ok.name, data: { projectId: "p1" } })).rejects.toThrow(/Invalid data for event "project\/spec.requested": userId/);
    // A batch with one bad event sends nothing.
    await expect(sendEvent([ok, { name: "uat/action", data: { projectId: "p1", userId: "u1", kind: "dance" } }])).rejects.toThrow(/kind/);
  });

  it("hands events to the embedded executor when no Inngest keys are set", async () => {
    process.env.DATABASE_URL = "pglite:memory://";
    resetEnvForTests();
    const first = await sendEvent({ ...ok, id: "spec-p1-1" });
    const again = await sendEvent({ ...ok, id: "spec-p1-1" });
    expect(first).toEqual({ ids: ["spec-p1-1"] });
    expect(again).toEqual({ ids: ["spec-p1-1"] });
    const { getDb } = await import("@/server/db");
    const { executorEvents } = await import("@/db/schema");
    const stored = await (await getDb()).select().from(executorEvents);
    expect(stored).toEqual([expect.objectContaining({ id: "spec-p1-1", name: ok.name, data: ok.data })]);
  });

  it("needs both Inngest keys or neither", () => {
    expect(() => parseEnv({ INNGEST_SIGNING_KEY: "signkey-test-0123456789", NEXTAUTH_SECRET: "x".repeat(32) })).toThrow(/set both/);
    expect(() => parseEnv({ INNGEST_EVENT_KEY: "0123456789abcdef", NEXTAUTH_SECRET: "x".repeat(32) })).toThrow(/set both/);
    const env = parseEnv({ INNGEST_SIGNING_KEY: "signkey-test-0123456789", INNGEST_EVENT_KEY: "0123456789abcdef", NEXTAUTH_SECRET: "x".repeat(32) });
    expect(env.INNGEST_SIGNING_KEY).toBe("signkey-test-0123456789");
  });
});
