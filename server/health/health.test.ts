import { describe, expect, it } from "vitest";
import type { BlobStore } from "@/server/ports/storage";
import { checkAi, checkHealth, checkJobs, checkStorage } from "./health";

const store = (ping: () => Promise<void>): BlobStore => ({
  adapter: "local",
  ping,
  put: async () => ({ key: "", size: 0, contentType: "" }),
  get: async () => null,
  delete: async () => {},
});

describe("health", () => {
  it("is ok when every port is up, degraded when one is down", async () => {
    const up = await checkHealth({ storage: () => checkStorage(store(async () => {})) });
    expect(up.status).toBe("ok");
    expect(up.ports.storage).toMatchObject({ status: "ok", adapter: "local", mode: "embedded" });
    const down = await checkHealth({
      storage: () => checkStorage(store(async () => Promise.reject(new Error("EACCES /secret/path")))),
    });
    expect(down.status).toBe("degraded");
    // The reason is generic: no paths or driver messages leak out of /api/health.
    expect(down.ports.storage).toMatchObject({ status: "down", error: "storage unreachable" });
  });

  it("reports the jobs port: embedded with its unfinished runs, or Inngest", async () => {
    const embedded = await checkJobs("embedded", async () => ({ running: 2, waiting: 1 }));
    expect(embedded).toEqual({ status: "ok", adapter: "embedded", mode: "embedded", runs: { queued: 0, running: 2, sleeping: 0, waiting: 1 } });
    const broken = await checkJobs("embedded", async () => Promise.reject(new Error("relation executor_runs does not exist")));
    expect(broken).toMatchObject({ status: "down", error: "job executor unavailable" });
    expect(await checkJobs("inngest", async () => ({}))).toMatchObject({ status: "ok", adapter: "inngest", mode: "production" });
  });

  it("reports the AI port: offline, or each provider's model and circuit; down only when every circuit is open", async () => {
    expect(await checkAi(() => ({ mode: "offline", providers: [] }))).toEqual({ status: "ok", adapter: "offline", mode: "embedded", providers: [] });
    const anthropic = { name: "anthropic", model: "claude-sonnet-4-5", circuit: "open" as const, consecutiveFailures: 5 };
    const google = { name: "google", model: "gemini-2.5-flash", circuit: "closed" as const, consecutiveFailures: 0 };
    expect(await checkAi(() => ({ mode: "ai", providers: [anthropic, google] }))).toEqual({
      status: "ok",
      adapter: "ai",
      mode: "production",
      providers: [anthropic, google],
    });
    expect(await checkAi(() => ({ mode: "ai", providers: [anthropic] }))).toMatchObject({ status: "down", error: "every AI provider is paused after repeated failures" });
  });
});
