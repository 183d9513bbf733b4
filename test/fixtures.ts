import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Database } from "@/db/client";
import type { PipelineEvent, SendEvent } from "@/inngest/send";
import { noSandboxProvider } from "@/server/ports/sandbox/none";
import { localBlobStore } from "@/server/ports/storage/local";
import { createCaller } from "@/server/api/root";
import { type AuthPolicy, register, type SessionUser } from "@/server/services/auth/auth";
import type { CreateProjectInput } from "@/server/services/projects/schemas";

export const testPolicy: AuthPolicy = {
  adminEmails: ["boss@example.com"],
  loginPerEmail: { limit: 10, windowSeconds: 900 },
  loginPerIp: { limit: 50, windowSeconds: 900 },
  registerPerIp: { limit: 100, windowSeconds: 3600 },
};

let counter = 0;

/** Registers a user with a unique email (and a fresh IP bucket) through the real service. */
export async function makeUser(db: Database, email?: string): Promise<SessionUser> {
  counter += 1;
  return register(
    { db, policy: testPolicy },
    { email: email ?? `user${counter}-${Date.now()}@example.com`, password: "correct horse 42" },
    `10.0.0.${counter}`,
  );
}

/** One local blob store per test process, in a temp dir. */
export const testStore = localBlobStore(mkdtempSync(path.join(tmpdir(), "omb-blobs-")));

/** Records the events a caller sends, for assertions (no executor behind it). */
export function recordingSender() {
  const sent: PipelineEvent[] = [];
  const send: SendEvent = async (events) => {
    const list = Array.isArray(events) ? events : [events];
    sent.push(...list);
    return { ids: list.map((event, index) => event.id ?? `test-event-${sent.length - list.length + index}`) };
  };
  return { sent, send };
}

export function callerFor(db: Database, user: SessionUser | null, ip = "127.0.0.1", events: { send: SendEvent } = recordingSender()) {
  return createCaller({ db, storage: testStore, sandboxes: { provider: noSandboxProvider, registry: new Map(), ttlMs: 60 * 60_000 }, events, user, ip });
}

export const sampleProject = (overrides: Partial<CreateProjectInput> = {}): CreateProjectInput => ({
  moduleName: "fleet_maintenance_log",
  title: "Fleet maintenance log",
  odooVersion: "17",
  description: "Track maintenance interventions on company vehicles, with costs and next due dates.",
  depends: ["fleet", "mail"],
  quickTest: false,
  ...overrides,
});
