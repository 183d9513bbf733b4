import { z } from "zod";
import { currentSpecStream, liveStreamOf } from "@/server/services/ai/streams";
import { summarise } from "@/server/services/modules/modules";
import {
  approveSpecVersion,
  getSpecVersion,
  isRunActive,
  isSpecEditable,
  listSpecVersions,
  parseProjectBlueprint,
  requestSpecDraft,
  saveSpecInput,
  saveSpecVersion,
  specFindings,
  specNumberSchema,
} from "@/server/services/specs/specs";
import { createTRPCRouter, projectProcedure } from "../trpc";

export const specRouter = createTRPCRouter({
  /** Version history, newest first (summaries, no bodies). */
  list: projectProcedure.query(({ ctx }) => listSpecVersions(ctx.db, ctx.project.id)),

  /** One version (the latest by default) with its findings, for the editor. */
  get: projectProcedure.input(z.object({ number: specNumberSchema.optional() })).query(async ({ ctx, input }) => {
    const version = await getSpecVersion(ctx.db, ctx.project.id, input.number);
    const latest = input.number === undefined ? version : await getSpecVersion(ctx.db, ctx.project.id);
    const isLatest = latest.id === version.id;
    const findings = await specFindings(parseProjectBlueprint(ctx.project, version.blueprint));
    return {
      ...version,
      findings,
      findingSummary: summarise(findings),
      isLatest,
      latestNumber: latest.number,
      editable: isLatest && isSpecEditable(ctx.project.status) && !isRunActive(ctx.project.status),
    };
  }),

  /** Saves the user's edit as a new version; findings come back, errors do not block. */
  save: projectProcedure
    .input(saveSpecInput)
    .mutation(({ ctx, input }) => saveSpecVersion({ db: ctx.db }, { userId: ctx.user.id, ip: ctx.ip }, ctx.project, input)),

  /** Approves a version: the build starts. */
  approve: projectProcedure
    .input(z.object({ number: specNumberSchema }))
    .mutation(({ ctx, input }) =>
      approveSpecVersion({ db: ctx.db, send: ctx.events.send }, { userId: ctx.user.id, ip: ctx.ip }, ctx.project, input.number),
    ),

  /** Asks for a fresh draft (before approval, or after a failed/cancelled run). */
  regenerate: projectProcedure.mutation(({ ctx }) =>
    requestSpecDraft({ db: ctx.db, send: ctx.events.send }, { userId: ctx.user.id, ip: ctx.ip }, ctx.project),
  ),

  /** The draft being written (the live stream's polling fallback); null when none is. */
  stream: projectProcedure.query(async ({ ctx }) => {
    if (ctx.project.status !== "spec_generating") return null;
    const stream = await currentSpecStream(ctx.db, ctx.project.id);
    return stream ? liveStreamOf(stream) : null;
  }),

  /** Live validation for the editor: compile + validate without saving. */
  check: projectProcedure.input(z.object({ blueprint: z.unknown() })).mutation(async ({ ctx, input }) => {
    const findings = await specFindings(parseProjectBlueprint(ctx.project, input.blueprint));
    return { findings, summary: summarise(findings) };
  }),
});
