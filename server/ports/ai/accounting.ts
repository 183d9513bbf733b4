/**
 * Writes one `ai_calls` row per attempt (sent or rejected). Accounting must never break a call:
 * a failed insert is logged and swallowed — the answer the user paid for still comes back.
 */
import type { Database } from "@/db/client";
import { aiCalls } from "@/db/schema";
import type { AiCallContext } from "./types";

export type AiCallOutcome = "ok" | "error" | "invalid_output" | "rejected";

export interface AiCallRow {
  provider: string;
  model: string;
  prompt: string;
  attempt: number;
  callGroup: string;
  inputTokens: number;
  outputTokens: number;
  costMicros: number;
  latencyMs: number;
  outcome: AiCallOutcome;
  errorKind?: string | null;
  error?: string | null;
  fallback: boolean;
}

const MAX_ERROR_CHARS = 2_000;

export async function recordAiCall(db: Database | null | undefined, ctx: AiCallContext, row: AiCallRow): Promise<void> {
  if (!db) return;
  try {
    await db.insert(aiCalls).values({
      ...row,
      task: ctx.task,
      projectId: ctx.projectId ?? null,
      userId: ctx.userId ?? null,
      runId: ctx.runId ?? null,
      latencyMs: Math.max(0, Math.round(row.latencyMs)),
      error: row.error ? row.error.slice(0, MAX_ERROR_CHARS) : null,
      errorKind: row.errorKind ?? null,
    });
  } catch (error) {
    console.error("[ai] could not record an ai_calls row", error);
  }
}
