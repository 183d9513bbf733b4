import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipelineLogs, projects } from "@/db/schema";
import type { SessionUser } from "@/server/services/auth/auth";
import { createTestDatabase, type TestDatabase, testDatabaseKind } from "@/test/db";
import { callerFor, makeUser, sampleProject } from "@/test/fixtures";
import { eq } from "drizzle-orm";
import { setProjectStatus } from "@/server/services/projects/status";
import { writeStream } from "@/server/services/ai/streams";
import { projectEventStream } from "./project-event-stream";

interface SseEvent {
  event: string;
  id?: string;
  data: unknown;
}

/** Reads SSE frames from a response body until `until` says stop (or the stream ends). */
async function readEvents(response: Response, until: (events: SseEvent[]) => boolean, timeoutMs = 8000): Promise<SseEvent[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  let buffer = "";
  const deadline = Date.now() + timeoutMs;
  while (!until(events) && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let cut: number;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const fields: Record<string, string> = {};
      for (const line of frame.split("\n")) {
        if (line.startsWith(":")) continue;
        const at = line.indexOf(": ");
        if (at > 0) fields[line.slice(0, at)] = line.slice(at + 2);
      }
      if (fields.event) events.push({ event: fields.event, id: fields.id, data: superjson.parse(fields.data!) });
    }
  }
  await reader.cancel();
  return events;
}

describe(`project event stream (${testDatabaseKind})`, () => {
  let t: TestDatabase;
  let owner: SessionUser;
  let other: SessionUser;
  let projectId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    owner = await makeUser(t.db);
    other = await makeUser(t.db);
    projectId = (await callerFor(t.db, owner).project.create(sampleProject({ moduleName: "live_progress" }))).id;
  });
  afterAll(() => t.close());

  it("answers 401 without a user and 404 for another user's project", async () => {
    expect((await projectEventStream({ db: t.db, user: null, projectId })).status).toBe(401);
    expect((await projectEventStream({ db: t.db, user: other, projectId })).status).toBe(404);
  });

  it("sends a snapshot, the log tail, new lines and a progress event on a state change", async () => {
    await t.db.insert(pipelineLogs).values({ projectId, message: "first line", stage: "spec" });
    const abort = new AbortController();
    const response = await projectEventStream({ db: t.db, user: owner, projectId, signal: abort.signal, pollMs: 20 });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");

    // Writes that happen while the client listens.
    setTimeout(async () => {
      await t.db.insert(pipelineLogs).values({ projectId, message: "second line", level: "warn" });
      await t.db.update(projects).set({ status: "spec_generating" }).where(eq(projects.id, projectId));
    }, 100);

    const events = await readEvents(response, (list) => list.some((e) => e.event === "progress"));
    abort.abort();
    expect(events[0]!.event).toBe("snapshot");
    expect((events[0]!.data as { status: string }).status).toBe("draft");
    const logs = events.filter((e) => e.event === "log");
    expect(logs.map((e) => (e.data as { message: string }).message)).toEqual(["first line", "second line"]);
    expect(Number(logs[1]!.id)).toBeGreaterThan(Number(logs[0]!.id));
    const progress = events.find((e) => e.event === "progress")!;
    expect((progress.data as { status: string }).status).toBe("spec_generating");
  });

  it("resumes after Last-Event-ID and closes after maxMs", async () => {
    const [line] = await t.db.insert(pipelineLogs).values({ projectId, message: "third line" }).returning();
    await t.db.insert(pipelineLogs).values({ projectId, message: "fourth line" });
    const response = await projectEventStream({ db: t.db, user: owner, projectId, lastEventId: String(line!.seq), pollMs: 20, maxMs: 300 });
    const events = await readEvents(response, () => false);
    expect(events.filter((e) => e.event === "log").map((e) => (e.data as { message: string }).message)).toEqual(["fourth line"]);
  });

  it("sends the spec draft as it grows while the project is in spec_generating, then null", async () => {
    const specProject = (await callerFor(t.db, owner).project.create(sampleProject({ moduleName: "live_spec_stream" }))).id;
    await setProjectStatus(t.db, specProject, { to: "spec_generating", reason: null });
    await writeStream(t.db, specProject, "spec", "# Draft", false);
    const abort = new AbortController();
    const response = await projectEventStream({ db: t.db, user: owner, projectId: specProject, signal: abort.signal, pollMs: 20 });
    setTimeout(async () => {
      await writeStream(t.db, specProject, "spec", "# Draft\n\nMore", true);
      setTimeout(() => void setProjectStatus(t.db, specProject, { to: "spec_ready", reason: null }), 150);
    }, 100);
    const events = await readEvents(response, (list) => list.some((e) => e.event === "spec-stream" && e.data === null));
    abort.abort();
    const streamed = events.filter((e) => e.event === "spec-stream").map((e) => e.data as { text: string; done: boolean } | null);
    expect(streamed[0]).toMatchObject({ text: "# Draft", done: false, truncated: false });
    expect(streamed).toContainEqual(expect.objectContaining({ text: "# Draft\n\nMore", done: true }));
    expect(streamed.at(-1)).toBeNull();
    // Sent only when it changed: no repeats of the same text.
    expect(streamed.filter((item) => item?.text === "# Draft")).toHaveLength(1);
  });
});
