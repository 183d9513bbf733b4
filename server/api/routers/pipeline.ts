import { z } from "zod";
import { getEnv } from "@/server/env";
import { storageSigningSecret } from "@/server/ports/storage";
import { pipelineDeps } from "@/server/pipeline/deps";
import { proposeAdjustment, proposeAdjustmentInput } from "@/server/services/pipeline/adjust-proposal";
import {
  acceptedDownload,
  adjustInput,
  adminCancelRun,
  adminRetryRun,
  cancelInput,
  cancelRun,
  requestAdjustment,
  retryInput,
  retryRun,
  uatDecision,
  uatInput,
} from "@/server/services/pipeline/actions";
import { logsAfter, progressSnapshot } from "@/server/services/pipeline/progress";
import { listTestReports } from "@/server/services/pipeline/reports";
import { adminListRuns, adminRunsInput, getRun, listRuns } from "@/server/services/pipeline/runs";
import { aiConfigFrom, aiModeOf } from "@/server/ports/ai";
import { adminProcedure, createTRPCRouter, projectProcedure, protectedProcedure } from "../trpc";

const runRef = z.object({ runId: z.string().min(1).max(64) });

function signing() {
  const env = getEnv();
  return { secret: storageSigningSecret(env), ttlSeconds: env.DOWNLOAD_URL_TTL_SECONDS };
}

export const pipelineRouter = createTRPCRouter({
  /** The project's runs, newest first, each with its steps (the timeline). */
  runs: projectProcedure.query(({ ctx }) => listRuns(ctx.db, ctx.project.id)),
  run: projectProcedure.input(runRef).query(({ ctx, input }) => getRun(ctx.db, ctx.project.id, input.runId)),
  /** Log lines after `afterSeq` (live progress; the SSE route uses the same service). */
  logs: projectProcedure
    .input(z.object({ afterSeq: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(500).optional() }))
    .query(({ ctx, input }) => logsAfter(ctx.db, ctx.project.id, input.afterSeq ?? 0, input.limit ?? 200)),
  /** Status, the active run and its stage, the latest test summary, the live preview. */
  progress: projectProcedure.query(({ ctx }) => progressSnapshot(ctx.db, ctx.project.id, { registry: ctx.sandboxes.registry })),
  testReports: projectProcedure.query(({ ctx }) => listTestReports(ctx.db, ctx.project.id, signing())),
  cancel: projectProcedure
    .input(cancelInput)
    .mutation(({ ctx, input }) => cancelRun({ db: ctx.db, send: ctx.events.send }, { userId: ctx.user.id, ip: ctx.ip }, ctx.project, input.reason)),
  retry: projectProcedure
    .input(retryInput)
    .mutation(({ ctx, input }) => retryRun({ db: ctx.db, send: ctx.events.send }, { userId: ctx.user.id, ip: ctx.ip }, ctx.project, input.runId)),
  /** UAT decision: accept the module, extend the preview (once), or stop it. */
  uat: projectProcedure
    .input(uatInput)
    .mutation(({ ctx, input }) =>
      uatDecision(
        { db: ctx.db, send: ctx.events.send, sandboxes: { db: ctx.db, store: ctx.storage, ...ctx.sandboxes } },
        { userId: ctx.user.id, ip: ctx.ip },
        ctx.project,
        input.kind,
      ),
    ),
  /** An adjustment in UAT: approves the newer spec version `specNumber` and rebuilds. */
  adjust: projectProcedure
    .input(adjustInput)
    .mutation(({ ctx, input }) => requestAdjustment({ db: ctx.db, send: ctx.events.send }, { userId: ctx.user.id, ip: ctx.ip }, ctx.project, input)),
  /** Whether AI agents are configured (offline: the user edits the spec for an adjustment). */
  aiMode: protectedProcedure.query(() => ({ mode: aiModeOf(aiConfigFrom(getEnv())) })),
  /** In UAT: the adjustment agent drafts a new spec version from the request (or says why not). */
  proposeAdjustment: projectProcedure
    .input(proposeAdjustmentInput)
    .mutation(async ({ ctx, input }) =>
      proposeAdjustment({ db: ctx.db, adjuster: (await pipelineDeps()).adjuster }, { userId: ctx.user.id, ip: ctx.ip }, ctx.project, input),
    ),
  /** A short-lived signed URL to the accepted module's zip. */
  download: projectProcedure.mutation(({ ctx }) => acceptedDownload(ctx.db, ctx.project, signing())),

  /** Admin: runs across projects, with the project title and owner. */
  adminRuns: adminProcedure.input(adminRunsInput.optional()).query(({ ctx, input }) => adminListRuns(ctx.db, input ?? {})),
  adminCancel: adminProcedure
    .input(runRef.extend({ reason: z.string().trim().max(500).optional() }))
    .mutation(({ ctx, input }) => adminCancelRun({ db: ctx.db, send: ctx.events.send }, { userId: ctx.user.id, ip: ctx.ip }, input.runId, input.reason)),
  adminRetry: adminProcedure
    .input(runRef)
    .mutation(({ ctx, input }) => adminRetryRun({ db: ctx.db, send: ctx.events.send }, { userId: ctx.user.id, ip: ctx.ip }, input.runId)),
});
