import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/server/services/auth/auth";
import { setProjectStatus } from "@/server/services/projects/status";
import { createTestDatabase, type TestDatabase, testDatabaseKind } from "@/test/db";
import { callerFor, makeUser, sampleProject } from "@/test/fixtures";
import { clearStream, currentSpecStream, LIVE_STREAM_MAX_CHARS, liveStreamOf, readStream, writeStream } from "./streams";

describe(`ai streams (${testDatabaseKind})`, () => {
  let t: TestDatabase;
  let owner: SessionUser;
  let other: SessionUser;
  let projectId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    owner = await makeUser(t.db);
    other = await makeUser(t.db);
    projectId = (await callerFor(t.db, owner).project.create(sampleProject({ moduleName: "streamed_spec" }))).id;
  });
  afterAll(() => t.close());

  it("upserts one row per project and task, replacing the text as it grows", async () => {
    expect(await readStream(t.db, projectId, "spec")).toBeNull();
    await writeStream(t.db, projectId, "spec", "# Title", false);
    const first = await readStream(t.db, projectId, "spec");
    expect(first).toMatchObject({ key: `${projectId}:spec`, task: "spec", text: "# Title", done: false });
    await writeStream(t.db, projectId, "spec", "# Title\n\nMore text", true);
    const second = await readStream(t.db, projectId, "spec");
    expect(second).toMatchObject({ text: "# Title\n\nMore text", done: true });
    expect(second!.updatedAt.getTime()).toBeGreaterThanOrEqual(first!.updatedAt.getTime());
    // Another task is another row.
    await writeStream(t.db, projectId, "code", "x", false);
    expect((await readStream(t.db, projectId, "code"))?.text).toBe("x");
    expect((await readStream(t.db, projectId, "spec"))?.text).toBe("# Title\n\nMore text");
  });

  it("clears a stream", async () => {
    await clearStream(t.db, projectId, "code");
    expect(await readStream(t.db, projectId, "code")).toBeNull();
    await clearStream(t.db, projectId, "code"); // twice is fine
  });

  it("ignores text written before `since`", async () => {
    const future = new Date(Date.now() + 60_000);
    expect(await readStream(t.db, projectId, "spec", { since: future })).toBeNull();
    expect(await readStream(t.db, projectId, "spec", { since: new Date(0) })).not.toBeNull();
  });

  it("currentSpecStream: only text written since the project entered spec_generating", async () => {
    // Written above, before the project ever entered spec_generating: no history row, so it counts.
    expect((await currentSpecStream(t.db, projectId))?.text).toBe("# Title\n\nMore text");
    await setProjectStatus(t.db, projectId, { to: "spec_generating", reason: null });
    // The earlier draft is older than the new spec_generating entry.
    expect(await currentSpecStream(t.db, projectId)).toBeNull();
    await writeStream(t.db, projectId, "spec", "# New draft", false);
    expect((await currentSpecStream(t.db, projectId))?.text).toBe("# New draft");
  });

  it("spec.stream serves the current draft to the owner only, and null outside spec_generating", async () => {
    // The project is in spec_generating with "# New draft" written (test above).
    expect(await callerFor(t.db, owner).spec.stream({ projectId })).toMatchObject({ text: "# New draft", done: false, truncated: false, length: 11 });
    await expect(callerFor(t.db, other).spec.stream({ projectId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await setProjectStatus(t.db, projectId, { to: "spec_ready", reason: null });
    expect(await callerFor(t.db, owner).spec.stream({ projectId })).toBeNull();
  });

  it("caps what is sent to the page", () => {
    const long = "x".repeat(LIVE_STREAM_MAX_CHARS + 10);
    const live = liveStreamOf({ text: long, done: false, updatedAt: new Date() });
    expect(live).toMatchObject({ truncated: true, length: LIVE_STREAM_MAX_CHARS + 10 });
    expect(live.text).toHaveLength(LIVE_STREAM_MAX_CHARS);
    expect(liveStreamOf({ text: "abc", done: true, updatedAt: new Date() })).toMatchObject({ truncated: false, text: "abc", done: true });
  });
});
