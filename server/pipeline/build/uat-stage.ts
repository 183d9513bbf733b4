/**
 * UAT: the passing sandbox stays up as the live preview until it expires. The function waits
 * for `uat/action` in slices; after each wake-up it re-reads the database, where the user's
 * decision was written before the event was sent (an event sent before a wait started is missed
 * by Inngest, so the event only wakes the run, the database says what happened).
 */
import { and, eq } from "drizzle-orm";
import { projects, sandboxes } from "@/db/schema";
import { setProjectStatus } from "@/server/services/projects/status";
import type { PipelineDeps } from "../deps";
import { finishRun, log, recordStep, type RunRef, setRun } from "../recorder";
import { loadProject, teardown } from "./stages";

/** The warning before the preview ends (DESIGN.md §1). */
export const UAT_WARNING_MS = 5 * 60_000;
/**
 * The longest single wait: Inngest drops an event sent before its wait started, so the run also
 * re-reads the database at least this often (a decision is acted on within a slice at worst).
 */
export const UAT_SLICE_MS = 5 * 60_000;

export type UatDecision = "waiting" | "accepted" | "adjusted" | "left" | "stopped" | "expired";

export interface UatCheck {
  decision: UatDecision;
  /** Epoch ms of the preview's end, and what is left of it now. */
  expiresAt: number;
  remainingMs: number;
}

function hhmm(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 16);
}

/** Tests passed: the project enters UAT with this sandbox as its live preview. */
export async function uatStart(deps: PipelineDeps, run: RunRef, input: { sandboxId: string; versionNumber: number }): Promise<{ expiresAt: number }> {
  return recordStep(deps.db, run, { key: "uat-start", stage: "uat", title: "Live preview (UAT)" }, async () => {
    let [row] = await deps.db.select().from(sandboxes).where(eq(sandboxes.id, input.sandboxId));
    // The sandbox's clock started before install and tests: top it up so UAT itself lasts the
    // full TTL (not counted as the user's one extension).
    const live = deps.registry.get(input.sandboxId);
    const shortBy = deps.now() + deps.ttlMs - (row?.expiresAt.getTime() ?? 0);
    if (row && live && shortBy > 60_000) {
      const extended = await live.extend(shortBy);
      [row] = await deps.db.update(sandboxes).set({ expiresAt: extended }).where(eq(sandboxes.id, row.id)).returning();
    }
    const expiresAt = row?.expiresAt.getTime() ?? deps.now();
    await setProjectStatus(deps.db, run.projectId, { to: "uat", from: ["testing", "building"], reason: null });
    await setRun(deps.db, run.id, { stage: "uat", status: "waiting" });
    await log(deps.db, run, "uat", `All tests passed: version ${input.versionNumber} is live until ${hhmm(expiresAt)} UTC`);
    return { result: { expiresAt }, detail: { sandboxId: input.sandboxId, expiresAt: new Date(expiresAt).toISOString() } };
  });
}

/** Where UAT stands now, from the database (project status, the preview's row and expiry). */
export async function uatCheck(deps: PipelineDeps, run: RunRef, sandboxId: string): Promise<UatCheck> {
  const project = await loadProject(deps, run.projectId);
  const [row] = await deps.db.select().from(sandboxes).where(eq(sandboxes.id, sandboxId));
  const expiresAt = row?.expiresAt.getTime() ?? 0;
  const remainingMs = expiresAt - deps.now();
  const decision: UatDecision =
    project.status === "accepted" || project.status === "paid"
      ? "accepted"
      : project.status === "spec_approved"
        ? "adjusted"
        : project.status !== "uat"
          ? "left"
          : !row || row.status !== "serving" || row.destroyedAt
            ? "stopped"
            : remainingMs <= 0
              ? "expired"
              : "waiting";
  return { decision, expiresAt, remainingMs };
}

export async function uatWarning(deps: PipelineDeps, run: RunRef, check: UatCheck): Promise<void> {
  await log(deps.db, run, "uat", `The preview ends in ${Math.max(1, Math.round(check.remainingMs / 60_000))} minutes (at ${hhmm(check.expiresAt)} UTC)`, "warn");
}

const ENDINGS: Record<Exclude<UatDecision, "waiting">, string> = {
  accepted: "The module was accepted",
  adjusted: "An adjustment was requested: a new build follows",
  left: "The project left UAT",
  stopped: "The preview was stopped",
  expired: "The preview expired",
};

/** The end of UAT: the preview goes down; an ended preview leaves the project in UAT, saying so. */
export async function uatEnd(deps: PipelineDeps, run: RunRef, decision: Exclude<UatDecision, "waiting">): Promise<void> {
  await recordStep(deps.db, run, { key: "uat-end", stage: "teardown", title: "End of the preview" }, async () => {
    await log(deps.db, run, "uat", `${ENDINGS[decision]}`);
    await teardown(deps, run, ENDINGS[decision].toLowerCase(), "run");
    if (decision === "stopped" || decision === "expired") {
      // Not a status change (the project stays in UAT, where the user may still accept or
      // adjust): only its reason, so setProjectStatus is not the tool here.
      await deps.db.update(projects).set({ statusReason: "preview ended" }).where(and(eq(projects.id, run.projectId), eq(projects.status, "uat")));
    }
    await finishRun(deps.db, run.id, decision === "left" ? "cancelled" : "succeeded");
    return { result: null, detail: { decision } };
  });
}
