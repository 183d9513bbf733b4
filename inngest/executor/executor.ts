/**
 * The embedded executor: runs the app's Inngest functions without an Inngest server, by speaking
 * the SDK's own HTTP protocol to an in-process `serve()` handler and keeping events, runs and
 * memoised steps in the app database (DESIGN.md §3 "jobs", stack-facts §5c).
 *
 * Why the handler runs in dev mode (`isDev`) instead of verifying signatures: the executor calls
 * the handler in-process, never over a network, so there is no transport to authenticate, and
 * the public `/api/inngest` route refuses every request in embedded mode (see
 * app/api/inngest/route.ts), so the unsigned path is unreachable from outside. Signing each
 * request with a generated key would add a key to keep and an HMAC over canonical JSON on every
 * step for no gain.
 */
import { randomUUID } from "node:crypto";
import type { Inngest, InngestFunction } from "inngest";
import { serve } from "inngest/edge";
import { z } from "zod";
import type { Database } from "@/db/client";
import type { ExecutorRun, ExecutorRunStatus } from "@/db/schema";
import { inngest as appClient } from "@/inngest/client";
import type { PipelineEvent } from "@/inngest/send";
import { celMatches, celValue } from "./cel";
import { type Clock, systemClock } from "./clock";
import { nextCronTick } from "./cron";
import { type HandlerResponse, interpret, type Outcome, type Working } from "./interpret";
import { DEFAULT_RETRIES, type FunctionConfig, inBandSyncSchema, type SerializedError, unsupportedOptions } from "./protocol";
import * as repo from "./repository";
import { createScheduler } from "./scheduler";

/** A run as callers see it (admin pages, tests, health). */
export interface RunView {
  id: string;
  functionId: string;
  status: ExecutorRunStatus;
  event: { id: string; name: string; data: Record<string, unknown>; ts: number };
  /** Zero-based attempt of the step (or function call) in progress. */
  attempt: number;
  maxAttempts: number;
  /** Memoised step ids in completion order. */
  steps: string[];
  output: unknown;
  error: SerializedError | null;
  /** What a parked run waits for: the event name of a waitForEvent, "sleep" for a sleep. */
  waitingFor: string | null;
  wakeAt: number;
  startedAt: number | null;
  endedAt: number | null;
}

export interface EmbeddedExecutor {
  /** Polls for due work every `pollMs` until `stop()`. */
  start(): void;
  /** Stops polling, lets in-flight steps finish, and hands their runs back (lease released). */
  stop(): Promise<void>;
  send(events: PipelineEvent | PipelineEvent[]): Promise<{ ids: string[] }>;
  /** Runs until nothing is runnable at the clock's current time (tests). */
  drain(opts?: { maxIterations?: number }): Promise<void>;
  cancelRun(runId: string, reason?: string): Promise<void>;
  getRun(runId: string): Promise<RunView | null>;
  listRuns(filter?: { functionId?: string; status?: string; limit?: number }): Promise<RunView[]>;
  /** Runs not yet ended, by status (health). */
  counts(): Promise<Record<string, number>>;
}

export interface ExecutorOptions {
  db: Database;
  functions: InngestFunction.Any[];
  /** The client the functions were created with (default: the app's); it must be in dev mode. */
  client?: Inngest.Any;
  clock?: Clock;
  pollMs?: number;
  /** Requests per run before it fails as a runaway loop (default MAX_REQUESTS_PER_RUN). */
  maxRequestsPerRun?: number;
  /** Runs driven at once by the polling loop (drain() drives one at a time). */
  parallelism?: number;
  log?: (line: string) => void;
}

/** How long a claimed run stays ours without a heartbeat; a dead process's runs come back after it. */
export const LEASE_MS = 10 * 60_000;
/** Function-level `idempotency`: one run per key value in this window, as Inngest does. */
const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60_000;
/** Real time between lease renewals while a step is in flight. */
const HEARTBEAT_MS = 30_000;
/** Requests to the handler per run before it is failed as a runaway loop. */
export const MAX_REQUESTS_PER_RUN = 1000;
const SERVE_URL = "http://127.0.0.1/api/inngest";


const sendInput = z.object({
  name: z.string().min(1),
  data: z.record(z.string(), z.unknown()).default({}),
  id: z.string().min(1).max(256).optional(),
});




export function eventMatches(pattern: string, name: string): boolean {
  return pattern === name || (pattern.endsWith("*") && name.startsWith(pattern.slice(0, -1)));
}

export function createExecutor(opts: ExecutorOptions): EmbeddedExecutor {
  const { db, functions } = opts;
  const client = opts.client ?? appClient;
  const clock = opts.clock ?? systemClock();
  const pollMs = opts.pollMs ?? 250;
  const parallelism = opts.parallelism ?? 4;
  const maxRequests = opts.maxRequestsPerRun ?? MAX_REQUESTS_PER_RUN;
  const log = opts.log ?? ((line: string) => console.info(`[executor] ${line}`));
  const owner = randomUUID();
  const handler = serve({ client, functions });

  let registry: Promise<FunctionConfig[]> | null = null;
  const cronsEnsured = new Set<string>();

  async function call(method: "PUT" | "POST", query: Record<string, string>, body: unknown, headers: Record<string, string> = {}): Promise<HandlerResponse> {
    const url = new URL(SERVE_URL);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    // The web adapter resolves the URL against the host header, so it must be present.
    const response = await handler(
      new Request(url, {
        method,
        headers: { host: url.host, "content-type": "application/json", "x-inngest-req-version": "2", ...headers },
        body: JSON.stringify(body),
      }),
    );
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text for the error message
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }

  /** Learns the functions the way Inngest does: an in-band sync of the handler. */
  function loadRegistry(): Promise<FunctionConfig[]> {
    registry ??= (async () => {
      const response = await call("PUT", {}, { url: SERVE_URL }, { "x-inngest-sync-kind": "in_band" });
      const parsed = inBandSyncSchema.safeParse(response.body);
      if (response.status !== 200 || !parsed.success) {
        throw new Error(
          `The Inngest handler refused the executor's in-band sync (HTTP ${response.status}). ` +
            "The embedded executor needs the client in dev mode (isDev: true, i.e. no INNGEST_SIGNING_KEY).",
        );
      }
      for (const config of parsed.data.functions) {
        const ignored = unsupportedOptions.filter((option) => config[option] !== undefined && config[option] !== null);
        if (ignored.length) log(`${config.id}: ${ignored.join(", ")} not supported by the embedded executor; ignored`);
      }
      return parsed.data.functions;
    })();
    registry.catch(() => (registry = null));
    return registry;
  }

  async function createRun(tx: Parameters<typeof repo.insertRun>[0], config: FunctionConfig, event: repo.StoredEvent): Promise<void> {
    const now = clock.now();
    if (config.idempotency) {
      const key = JSON.stringify(celValue(config.idempotency, { event }));
      const recent = await repo.runsSince(tx, config.id, now - IDEMPOTENCY_WINDOW_MS);
      if (recent.some((run) => JSON.stringify(celValue(config.idempotency!, { event: run.event })) === key)) return;
    }
    const retries = config.steps.step?.retries?.attempts ?? DEFAULT_RETRIES;
    // Only the first concurrency constraint is enforced (the pipeline uses one, per project).
    const option = Array.isArray(config.concurrency) ? config.concurrency[0] : config.concurrency;
    const concurrency = typeof option === "number" ? { limit: option, key: undefined } : option;
    let concurrencyKey: string | null = null;
    let concurrencyLimit: number | null = null;
    if (concurrency && concurrency.limit > 0) {
      const value = concurrency.key ? celValue(concurrency.key, { event }) : null;
      concurrencyKey = `${config.id}:${JSON.stringify(value)}`;
      concurrencyLimit = concurrency.limit;
    }
    await repo.insertRun(tx, {
      id: randomUUID(),
      functionId: config.id,
      status: "queued",
      event,
      maxAttempts: retries + 1,
      wakeAt: now,
      concurrencyKey,
      concurrencyLimit,
    });
  }

  /** Applies one stored event: cancelOn first, then waits, then triggers (new runs). */
  async function ingest(tx: Parameters<typeof repo.insertRun>[0], configs: FunctionConfig[], event: repo.StoredEvent, followUps: repo.StoredEvent[]) {
    const now = clock.now();
    const cancellers = configs.filter((config) => config.cancel?.some((cancel) => eventMatches(cancel.event, event.name)));
    for (const run of await repo.activeRunsOf(tx, cancellers.map((config) => config.id))) {
      const config = cancellers.find((candidate) => candidate.id === run.functionId);
      const hit = config?.cancel?.some(
        (cancel) => eventMatches(cancel.event, event.name) && (!cancel.if || celMatches(cancel.if, { event: run.event, async: event })),
      );
      if (!hit) continue;
      const cancelled = await repo.markCancelled(tx, run.id, now, `cancelled by event ${event.name}`);
      if (cancelled) followUps.push(lifecycleEvent("inngest/function.cancelled", cancelled, now));
    }
    // Only waits that exist now can match: an event sent before a wait starts is not delivered.
    for (const run of await repo.waitingFor(tx, event.name)) {
      if (!run.park) continue;
      if (run.park.if && !celMatches(run.park.if, { event: run.event, async: event })) continue;
      await repo.resumeWait(tx, run, run.park.stepId, event, now);
    }
    for (const config of configs) {
      const trigger = config.triggers.find(
        (candidate) =>
          "event" in candidate &&
          eventMatches(candidate.event, event.name) &&
          (!candidate.expression || celMatches(candidate.expression, { event })),
      );
      if (trigger) await createRun(tx, config, event);
    }
  }

  function lifecycleEvent(name: string, run: ExecutorRun, now: number): repo.StoredEvent {
    return {
      id: randomUUID(),
      name,
      // The SDK's FailureEventPayload shape, so onFailure handlers and cleanup functions read it.
      data: { function_id: run.functionId, run_id: run.id, error: run.error ?? { name: "Error", message: name }, event: run.event },
      ts: now,
    };
  }

  async function ingestAll(events: repo.StoredEvent[]): Promise<void> {
    const configs = await loadRegistry();
    const followUps: repo.StoredEvent[] = [];
    for (const event of events) {
      await db.transaction(async (tx) => {
        if (await repo.insertEvent(tx, event)) await ingest(tx, configs, event, followUps);
      });
    }
    if (followUps.length) await ingestAll(followUps);
  }

  async function send(input: PipelineEvent | PipelineEvent[]): Promise<{ ids: string[] }> {
    const list = (Array.isArray(input) ? input : [input]).map((event) => sendInput.parse(event));
    const now = clock.now();
    const events = list.map((event) => ({ id: event.id ?? randomUUID(), name: event.name, data: event.data, ts: now }));
    await ingestAll(events);
    scheduler.kick();
    return { ids: events.map((event) => event.id) };
  }

  async function fireCrons(configs: FunctionConfig[]): Promise<number> {
    let fired = 0;
    const now = clock.now();
    for (const config of configs) {
      for (const trigger of config.triggers) {
        if (!("cron" in trigger)) continue;
        const id = `${config.id}|${trigger.cron}`;
        if (!cronsEnsured.has(id)) {
          await repo.ensureCron(db, id, config.id, trigger.cron, nextCronTick(trigger.cron, now));
          cronsEnsured.add(id);
        }
        // A tick missed while the app was down fires once, not once per missed tick.
        const tickAt = await repo.claimCronTick(db, id, now, (after) => nextCronTick(trigger.cron, after));
        if (tickAt === null) continue;
        const event = { id: `cron:${id}:${tickAt}`, name: "inngest/scheduled.timer", data: { cron: trigger.cron }, ts: now };
        await db.transaction(async (tx) => {
          if (await repo.insertEvent(tx, event)) await createRun(tx, config, event);
        });
        fired += 1;
      }
    }
    return fired;
  }


  async function execute(run: ExecutorRun, w: Working, stepId: string): Promise<HandlerResponse> {
    const body = {
      version: 2,
      event: run.event,
      events: [run.event],
      steps: w.steps,
      // No `fn_id`: without it the SDK keeps v4 checkpointing (which would call the Inngest API) off.
      ctx: {
        run_id: run.id,
        attempt: w.attempt,
        max_attempts: run.maxAttempts,
        disable_immediate_execution: false,
        use_api: false,
        stack: { stack: w.stack, current: w.stack.length },
      },
    };
    try {
      return await call("POST", { fnId: run.functionId, stepId }, body);
    } catch (error) {
      // The in-process handler itself threw: a retriable error like a 500 from a remote one.
      return { status: 500, headers: new Headers(), body: { name: "Error", message: error instanceof Error ? error.message : String(error) } };
    }
  }

  /** Drives a claimed run until it parks (sleep, wait, backoff) or ends. */
  async function drive(run: ExecutorRun): Promise<void> {
    const now = clock.now();
    const w: Working = {
      status: run.status,
      steps: { ...run.steps },
      stack: [...run.stack],
      pending: [...run.pending],
      attempt: run.attempt,
      requestCount: run.requestCount,
      park: run.park ?? null,
      wakeAt: run.wakeAt,
      startedAt: run.startedAt,
    };
    if ((w.status === "sleeping" || w.status === "waiting") && w.park) {
      // Woken by its time: a sleep that ended, or a wait that timed out (resolves with null).
      w.steps[w.park.stepId] = { type: "data", data: null };
      if (!w.stack.includes(w.park.stepId)) w.stack.push(w.park.stepId);
      w.park = null;
      w.attempt = 0;
    }
    if (w.status === "queued") w.startedAt = now;
    w.status = "running";
    const heartbeat = setInterval(() => {
      repo.renewLease(db, run.id, owner, clock.now() + LEASE_MS).catch((error) => log(`lease renewal failed: ${String(error)}`));
    }, HEARTBEAT_MS);
    heartbeat.unref();
    try {
      for (;;) {
        if (w.requestCount >= maxRequests) {
          await finish(run, w, { kind: "end", status: "failed", error: { name: "StepLimitExceeded", message: `More than ${maxRequests} requests to the function in one run: is it looping?` } });
          return;
        }
        // Persisting first also proves the run is still ours and not cancelled.
        const saved = await repo.saveRun(db, run.id, owner, { ...w, leaseUntil: clock.now() + LEASE_MS });
        if (!saved) return;
        const stepId = w.pending[0] ?? "step";
        w.requestCount += 1;
        const outcome = interpret(await execute(run, w, stepId), run, w, stepId, clock.now());
        if (outcome.kind === "continue") continue;
        if (outcome.kind === "park") {
          await repo.saveRun(db, run.id, owner, { ...w, leaseOwner: null, leaseUntil: null });
          return;
        }
        await finish(run, w, outcome);
        return;
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function finish(run: ExecutorRun, w: Working, outcome: Extract<Outcome, { kind: "end" }>): Promise<void> {
    const now = clock.now();
    const ended = await repo.saveRun(db, run.id, owner, {
      ...w,
      status: outcome.status,
      park: null,
      pending: [],
      endedAt: now,
      leaseOwner: null,
      leaseUntil: null,
      ...(outcome.status === "completed" ? { output: outcome.output } : { error: outcome.error }),
    });
    if (!ended) return;
    log(`${run.functionId} ${run.id} ${outcome.status}${outcome.status === "failed" ? `: ${outcome.error.message}` : ""}`);
    // An onFailure handler failing does not fail itself again.
    if (outcome.status === "failed" && !run.functionId.endsWith("-failure")) {
      await ingestAll([lifecycleEvent("inngest/function.failed", { ...run, error: outcome.error }, now)]);
    }
  }

  /** One pass: fire due cron ticks, then claim and drive due runs one by one. */
  async function drainOnce(): Promise<number> {
    const configs = await loadRegistry();
    let work = await fireCrons(configs);
    for (;;) {
      const run = await claim();
      if (!run) return work;
      work += 1;
      await drive(run);
    }
  }

  const claim = () => {
    const now = clock.now();
    return repo.claimDueRun(db, owner, now, now + LEASE_MS);
  };
  const scheduler = createScheduler({
    pollMs,
    parallelism,
    fireCrons: async () => fireCrons(await loadRegistry()),
    claim,
    drive,
    log,
  });

  return {
    start: () => scheduler.start(),
    async stop() {
      await scheduler.stop();
      await repo.releaseLeases(db, owner);
    },
    send,
    async drain({ maxIterations = 1000 } = {}) {
      for (let i = 0; i < maxIterations; i += 1) {
        if ((await drainOnce()) === 0) return;
      }
      throw new Error(`drain: still busy after ${maxIterations} passes (a run keeps waking at the current time?)`);
    },
    async cancelRun(runId, reason = "cancelled") {
      const now = clock.now();
      const cancelled = await repo.markCancelled(db, runId, now, reason);
      if (cancelled) await ingestAll([lifecycleEvent("inngest/function.cancelled", cancelled, now)]);
    },
    async getRun(runId) {
      const run = await repo.findRun(db, runId);
      return run ? toView(run) : null;
    },
    async listRuns(filter = {}) {
      return (await repo.listRuns(db, filter)).map(toView);
    },
    counts: () => repo.countByStatus(db),
  };
}

export function toView(run: ExecutorRun): RunView {
  return {
    id: run.id,
    functionId: run.functionId,
    status: run.status,
    event: run.event,
    attempt: run.attempt,
    maxAttempts: run.maxAttempts,
    steps: run.stack,
    output: run.output ?? null,
    error: run.error ?? null,
    waitingFor: run.status === "waiting" ? (run.park?.event ?? null) : run.status === "sleeping" ? "sleep" : null,
    wakeAt: run.wakeAt,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
  };
}
