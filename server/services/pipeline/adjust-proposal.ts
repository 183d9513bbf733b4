/**
 * "Draft this change for me": during UAT the adjustment agent turns the user's request and the
 * approved spec into a new spec version (source `adjustment`) for the user to review, or says
 * plainly why the request contradicts the approved spec. Nothing is approved or rebuilt here —
 * the user looks at the draft on the spec page and then requests the adjustment as before.
 */
import { z } from "zod";
import type { Database } from "@/db/client";
import type { Project } from "@/db/schema";
import { AppError } from "@/server/errors";
import { blueprintSchema } from "@/server/odoo/blueprint/schema";
import type { Adjuster } from "@/server/pipeline/adjuster";
import { AiError } from "@/server/ports/ai/types";
import { recordAudit } from "@/server/services/audit/audit";
import { approvedSpecVersion, createSpecVersion } from "@/server/services/specs/specs";
import { type Actor, MAX_ADJUSTMENTS } from "./actions";

export const proposeAdjustmentInput = z.object({
  request: z.string().trim().min(3, "Describe the change you want.").max(4000),
});

export type AdjustmentProposal =
  | { verdict: "apply"; explanation: string; specNumber: number }
  | { verdict: "contradicts"; explanation: string };

export async function proposeAdjustment(
  deps: { db: Database; adjuster: Adjuster | null },
  actor: Actor,
  project: Project,
  input: z.input<typeof proposeAdjustmentInput>,
): Promise<AdjustmentProposal> {
  const { request } = proposeAdjustmentInput.parse(input);
  if (project.status !== "uat") throw new AppError("PRECONDITION_FAILED", "Adjustments can be asked for during the live preview (UAT).");
  if (project.adjustments >= MAX_ADJUSTMENTS) {
    throw new AppError("PRECONDITION_FAILED", `This project has used all ${MAX_ADJUSTMENTS} of its adjustments.`);
  }
  if (!deps.adjuster) {
    throw new AppError(
      "PRECONDITION_FAILED",
      "Drafting an adjustment needs an AI provider, and none is configured. Edit the specification yourself, save it, then request the adjustment.",
    );
  }
  const approved = await approvedSpecVersion(deps.db, project.id);
  if (!approved) throw new AppError("PRECONDITION_FAILED", "This project has no approved specification to adjust.");

  let result: Awaited<ReturnType<Adjuster["adjust"]>>;
  try {
    result = await deps.adjuster.adjust({
      project,
      request,
      markdown: approved.markdown,
      blueprint: blueprintSchema.parse(approved.blueprint),
      userId: actor.userId,
    });
  } catch (error) {
    if (error instanceof AiError) {
      const code = error.kind === "budget" ? "PRECONDITION_FAILED" : error.kind === "rate_limit_local" ? "TOO_MANY_REQUESTS" : "SERVICE_UNAVAILABLE";
      throw new AppError(code, error.message, { cause: error });
    }
    throw error;
  }
  if (result.verdict === "contradicts") {
    await recordAudit(deps.db, { actorId: actor.userId, action: "uat.adjustment_declined", targetType: "project", targetId: project.id, ip: actor.ip, metadata: { request, explanation: result.explanation } });
    return { verdict: "contradicts", explanation: result.explanation };
  }
  const version = await createSpecVersion(deps.db, {
    projectId: project.id,
    source: "adjustment",
    markdown: result.markdown,
    blueprint: result.blueprint,
    note: `Drafted for the adjustment: ${request}`.slice(0, 500),
    createdBy: actor.userId,
    ai: result.ai ?? null,
  });
  await recordAudit(deps.db, { actorId: actor.userId, action: "uat.adjustment_drafted", targetType: "project", targetId: project.id, ip: actor.ip, metadata: { request, specNumber: version.number } });
  return { verdict: "apply", explanation: result.explanation, specNumber: version.number };
}
