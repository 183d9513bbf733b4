import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import type { SandboxProvider } from "@/server/ports/sandbox/types";
import type { BlobStore } from "@/server/ports/storage";

export type PortState = {
  status: "ok" | "down";
  /** The adapter in use: embedded default or production. */
  adapter: string;
  mode: "embedded" | "production";
  latencyMs?: number;
  error?: string;
};

export interface HealthReport {
  status: "ok" | "degraded";
  ports: Record<string, PortState>;
  checkedAt: string;
}

/**
 * Each port reports itself here; later ports (jobs, sandbox, AI, storage, payments, mail) add
 * their own check to `checks`.
 */
export async function checkHealth(
  checks: Record<string, () => Promise<PortState>>,
): Promise<HealthReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => [name, await check()] as const),
  );
  const ports = Object.fromEntries(entries);
  return {
    status: entries.every(([, state]) => state.status === "ok") ? "ok" : "degraded",
    ports,
    checkedAt: new Date().toISOString(),
  };
}

export async function checkDatabase(open: () => Promise<DatabaseHandle>): Promise<PortState> {
  const started = performance.now();
  let adapter = "unknown";
  try {
    const handle = await open();
    adapter = handle.driver;
    await handle.db.execute(sql`select 1`);
    return {
      status: "ok",
      adapter,
      mode: handle.driver === "pglite" ? "embedded" : "production",
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
    };
  } catch (error) {
    console.error("[health] database check failed", error);
    return {
      status: "down",
      adapter,
      mode: adapter === "pglite" ? "embedded" : "production",
      error: "database unreachable",
    };
  }
}

export async function checkStorage(store: BlobStore): Promise<PortState> {
  const started = performance.now();
  const mode = store.adapter === "local" ? "embedded" : "production";
  try {
    await store.ping();
    return { status: "ok", adapter: store.adapter, mode, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    console.error("[health] storage check failed", error);
    return { status: "down", adapter: store.adapter, mode, error: "storage unreachable" };
  }
}

export async function checkSandbox(provider: SandboxProvider): Promise<PortState & { versions: string[] }> {
  try {
    const versions = await provider.availableVersions();
    return {
      status: "ok",
      adapter: provider.name,
      mode: provider.name === "local" || provider.name === "none" ? "embedded" : "production",
      versions,
    };
  } catch (error) {
    console.error("[health] sandbox check failed", error);
    return { status: "down", adapter: provider.name, mode: "embedded", versions: [], error: "sandbox provider unavailable" };
  }
}

export type JobsState = PortState & { runs?: { queued: number; running: number; sleeping: number; waiting: number } };

/**
 * The jobs port: Inngest when its keys are set (runs are visible in Inngest's dashboard), else
 * the embedded executor, reported with its unfinished runs by status.
 */
export async function checkJobs(
  mode: "embedded" | "inngest",
  counts: () => Promise<Record<string, number>>,
): Promise<JobsState> {
  if (mode === "inngest") return { status: "ok", adapter: "inngest", mode: "production" };
  try {
    const byStatus = await counts();
    return {
      status: "ok",
      adapter: "embedded",
      mode: "embedded",
      runs: {
        queued: byStatus.queued ?? 0,
        running: byStatus.running ?? 0,
        sleeping: byStatus.sleeping ?? 0,
        waiting: byStatus.waiting ?? 0,
      },
    };
  } catch (error) {
    console.error("[health] jobs check failed", error);
    return { status: "down", adapter: "embedded", mode: "embedded", error: "job executor unavailable" };
  }
}

export type AiHealth = PortState & {
  providers: Array<{ name: string; model: string; circuit: "closed" | "open" | "half_open"; consecutiveFailures: number }>;
};

/**
 * The AI port: `offline` (no key: the rule-based drafter and the compiler do the work) or `ai` with
 * each configured provider's model and circuit state. Down only when every provider's circuit is
 * open — no AI call can be made until a cooldown ends. Keys and provider messages stay out.
 */
export async function checkAi(status: () => {
  mode: "offline" | "ai";
  providers: AiHealth["providers"];
}): Promise<AiHealth> {
  try {
    const { mode, providers } = status();
    const allOpen = mode === "ai" && providers.length > 0 && providers.every((provider) => provider.circuit === "open");
    return {
      status: allOpen ? "down" : "ok",
      adapter: mode,
      mode: mode === "offline" ? "embedded" : "production",
      providers,
      ...(allOpen ? { error: "every AI provider is paused after repeated failures" } : {}),
    };
  } catch (error) {
    console.error("[health] ai check failed", error);
    return { status: "down", adapter: "unknown", mode: "embedded", providers: [], error: "AI configuration unavailable" };
  }
}
