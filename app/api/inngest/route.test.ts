import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/server/env";
import { GET, POST } from "./route";

const saved = { ...process.env };
const request = (method: string, body?: unknown) =>
  new NextRequest("http://127.0.0.1:3000/api/inngest?fnId=odoo-module-builder-x&stepId=step", {
    method,
    headers: { host: "127.0.0.1:3000", "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("/api/inngest", () => {
  afterEach(() => {
    for (const key of ["INNGEST_SIGNING_KEY", "INNGEST_EVENT_KEY"]) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    resetEnvForTests();
  });

  it("is closed in embedded mode: the in-process executor is the only caller", async () => {
    resetEnvForTests();
    const res = await POST(request("POST", { event: {}, steps: {}, ctx: { run_id: "r" } }), undefined);
    expect(res.status).toBe(404);
  });

  it("serves Inngest when its keys are set, and refuses unsigned requests", async () => {
    process.env.INNGEST_SIGNING_KEY = "signkey-test-00112233445566778899aabbccddeeff";
    process.env.INNGEST_EVENT_KEY = "test-event-key-0123456789";
    resetEnvForTests();
    const unsigned = await POST(request("POST", { event: {}, steps: {}, ctx: { run_id: "r" } }), undefined);
    expect(unsigned.status).toBe(401);
    const introspection = await GET(request("GET"), undefined);
    expect(introspection.status).toBe(401); // cloud mode: even introspection must be signed
  });
});
