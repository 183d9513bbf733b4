/**
 * The event catalogue (DESIGN.md §4): every event the pipeline sends or waits for, with its zod
 * schema. Functions trigger on these `eventType`s, and senders use `.create(data)` so a
 * malformed event fails where it is sent, not deep inside a run.
 */
import { eventType } from "inngest";
import { z } from "zod";

const id = z.string().min(1).max(64);

/** Draft (or re-draft) the specification of a project. */
export const specRequested = eventType("project/spec.requested", {
  schema: z.object({ projectId: id, userId: id }),
});

/** A spec version was approved: build, test, fix, then UAT. */
export const specApproved = eventType("project/spec.approved", {
  schema: z.object({ projectId: id, userId: id, specVersionId: id }),
});

/**
 * During UAT the user asked for an adjustment and approved the changed spec version; the same
 * build-and-test cycle runs again on it (the running UAT wait ends with kind "adjust").
 */
export const adjustmentRequested = eventType("project/adjustment.requested", {
  schema: z.object({ projectId: id, userId: id, specVersionId: id, request: z.string().max(4000) }),
});

export const uatActionKinds = ["accept", "extend", "stop", "adjust"] as const;
export type UatActionKind = (typeof uatActionKinds)[number];

/**
 * The user's decision during UAT. The decision is written to the database before this event is
 * sent, and the function re-reads it after the wait (an event sent before the wait started is
 * missed by Inngest), so sending it twice or early is harmless.
 */
export const uatAction = eventType("uat/action", {
  schema: z.object({ projectId: id, userId: id, kind: z.enum(uatActionKinds), runId: id.optional() }),
});

/** The user (or an admin) cancelled the project's running pipeline: `cancelOn` matches it. */
export const projectCancelled = eventType("project/cancelled", {
  schema: z.object({ projectId: id, userId: id, reason: z.string().max(500).optional() }),
});

export const events = { specRequested, specApproved, adjustmentRequested, uatAction, projectCancelled };
export type PipelineEventName = (typeof events)[keyof typeof events]["name"];
