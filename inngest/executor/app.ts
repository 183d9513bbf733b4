/**
 * The process's executor, bound to the app database and the app's functions. It lives on
 * globalThis so Next's route bundles and instrumentation share one (two pollers in one process
 * would only waste work, but two PGlite handles would corrupt the data directory).
 */
import type { RunView } from "./executor";
import { createExecutor, type EmbeddedExecutor } from "./executor";

type Holder = typeof globalThis & { __ombExecutor?: EmbeddedExecutor };

async function openAppExecutor(): Promise<EmbeddedExecutor> {
  const [{ getDatabase }, { functions }, { inngest }, repo] = await Promise.all([
    import("@/server/db"),
    import("@/inngest/functions"),
    import("@/inngest/client"),
    import("./repository"),
  ]);
  const handle = await getDatabase();
  // PGlite allows one process per data directory (db/client.ts locks it), so every lease left in
  // it belongs to a process that is gone: hand those runs back now instead of after LEASE_MS.
  if (handle.driver === "pglite") await repo.releaseAllLeases(handle.db);
  return createExecutor({ db: handle.db, functions, client: inngest });
}

/** Wraps an executor that is still being opened, so callers need not await the database. */
function deferred(opening: Promise<EmbeddedExecutor>): EmbeddedExecutor {
  let started = false;
  return {
    start() {
      started = true;
      opening.then((executor) => started && executor.start()).catch((error) => console.error("[executor] failed to start", error));
    },
    async stop() {
      started = false;
      await (await opening).stop();
    },
    send: async (events) => (await opening).send(events),
    drain: async (opts) => (await opening).drain(opts),
    cancelRun: async (runId, reason) => (await opening).cancelRun(runId, reason),
    getRun: async (runId): Promise<RunView | null> => (await opening).getRun(runId),
    listRuns: async (filter) => (await opening).listRuns(filter),
    counts: async () => (await opening).counts(),
  };
}

export function getExecutor(): EmbeddedExecutor {
  const holder = globalThis as Holder;
  if (!holder.__ombExecutor) {
    const opening = openAppExecutor();
    opening.catch(() => {
      delete holder.__ombExecutor;
    });
    holder.__ombExecutor = deferred(opening);
  }
  return holder.__ombExecutor;
}
