/**
 * Everything the pipeline's steps need, from one factory: the database, storage, the sandbox
 * provider and this process's live sandboxes, the preview TTL, a clock, and the pluggable stages
 * (drafter, coder, fixer, UI-test runner). Tests replace parts with setPipelineDeps().
 */
import type { Database } from "@/db/client";
import type { BlobStore } from "@/server/ports/storage";
import type { SandboxProvider } from "@/server/ports/sandbox";
import type { SandboxRegistry } from "@/server/services/sandboxes/sandboxes";
import type { SpecDrafter } from "@/server/pipeline/spec";
import { type Coder, offlineCoder } from "./coder";
import type { Adjuster } from "./adjuster";
import type { Fixer } from "./fixer";
import type { UiTestWriter } from "./ui-test-writer";
import { aiAgents } from "./ai-agents";
import { defaultUiTestRunner, type UiTestRunner } from "./ui-tests";

export interface PipelineDeps {
  db: Database;
  store: BlobStore;
  provider: SandboxProvider;
  registry: SandboxRegistry;
  /** How long a sandbox (and the UAT preview) lives: SANDBOX_TTL_MINUTES. */
  ttlMs: number;
  /** Epoch ms; the embedded executor's virtual clock in tests, so UAT waits line up with it. */
  now(): number;
  drafter: SpecDrafter;
  coder: Coder;
  /** null offline: failing tests end the run (see fixer.ts). */
  fixer: Fixer | null;
  /** null when no browser/runner is available: the UI-test stage is skipped, visibly. */
  uiTests: UiTestRunner | null;
  /** null offline: only the deterministic UI tests run. */
  uiTestWriter: UiTestWriter | null;
  /** null offline: the user edits the spec for an adjustment themselves. */
  adjuster: Adjuster | null;
}

type Holder = typeof globalThis & { __ombPipelineDeps?: Partial<PipelineDeps> };

/** Replaces parts of the deps for this process (tests); pass null to go back to the defaults. */
export function setPipelineDeps(overrides: Partial<PipelineDeps> | null): void {
  const holder = globalThis as Holder;
  if (overrides) holder.__ombPipelineDeps = overrides;
  else delete holder.__ombPipelineDeps;
}

let defaults: Promise<PipelineDeps> | null = null;

async function loadDefaults(): Promise<PipelineDeps> {
  // Imported lazily: these read the environment and open the database on first use.
  const [{ getDb }, ports, { processSandboxRegistry }, { getEnv }, { offlineDrafter }] = await Promise.all([
    import("@/server/db"),
    import("@/server/ports"),
    import("@/server/services/sandboxes/sandboxes"),
    import("@/server/env"),
    import("@/server/pipeline/spec"),
  ]);
  return {
    db: await getDb(),
    store: ports.getBlobStore(),
    provider: ports.getSandboxProvider(),
    registry: processSandboxRegistry(),
    ttlMs: getEnv().SANDBOX_TTL_MINUTES * 60_000,
    now: () => Date.now(),
    drafter: offlineDrafter,
    coder: offlineCoder,
    fixer: null,
    uiTests: await defaultUiTestRunner(),
    uiTestWriter: null,
    adjuster: null,
    // With an AI key configured, the agents take the drafter's, coder's and fixer's places.
    ...(await aiAgents()),
  };
}

export async function pipelineDeps(): Promise<PipelineDeps> {
  const overrides = (globalThis as Holder).__ombPipelineDeps;
  // A test that provides the heavy parts never opens the app database or reads the env.
  if (overrides && isComplete(overrides)) return overrides;
  defaults ??= loadDefaults();
  defaults.catch(() => (defaults = null));
  return { ...(await defaults), ...overrides };
}

function isComplete(deps: Partial<PipelineDeps>): deps is PipelineDeps {
  return Boolean(deps.db && deps.store && deps.provider && deps.registry && deps.ttlMs && deps.now && deps.drafter && deps.coder && "fixer" in deps && "uiTests" in deps && "uiTestWriter" in deps && "adjuster" in deps);
}
