import { and, eq, lte } from "drizzle-orm";
import type { Database } from "@/db/client";
import { sandboxes, sandboxStillStanding } from "@/db/schema";
import type { Sandbox, SandboxProvider, SandboxProviderName } from "@/server/ports/sandbox/types";

export interface ReapResult {
  reaped: string[];
  failed: { id: string; error: string }[];
}

/**
 * Destroys every sandbox past its expiry that is not destroyed yet — including rows a crashed or
 * restarted process left behind. Idempotent: a row is marked destroyed only after its provider
 * confirmed; a failure is recorded and retried on the next pass.
 */
export async function reapExpiredSandboxes(
  db: Database,
  providers: Partial<Record<SandboxProviderName, SandboxProvider>>,
  now = new Date(),
  registry: Map<string, Sandbox> = new Map(),
): Promise<ReapResult> {
  const expired = await db
    .select()
    .from(sandboxes)
    .where(and(sandboxStillStanding(), lte(sandboxes.expiresAt, now)));
  const result: ReapResult = { reaped: [], failed: [] };
  for (const row of expired) {
    await db.update(sandboxes).set({ status: "destroying" }).where(eq(sandboxes.id, row.id));
    try {
      const provider = providers[row.provider as SandboxProviderName];
      if (!provider && !registry.has(row.id)) throw new Error(`no "${row.provider}" provider is configured in this process`);
      // A sandbox this process still holds goes through its own destroy (proxy, server, database).
      const live = registry.get(row.id);
      if (live) await live.destroy();
      else if (row.externalId) await provider!.destroyExternal(row.externalId);
      registry.delete(row.id);
      await db
        .update(sandboxes)
        .set({ status: "destroyed", destroyedAt: now, lastError: null, credentials: null })
        .where(eq(sandboxes.id, row.id));
      result.reaped.push(row.id);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await db.update(sandboxes).set({ lastError: `reaper: ${message}` }).where(eq(sandboxes.id, row.id));
      result.failed.push({ id: row.id, error: message });
    }
  }
  return result;
}
