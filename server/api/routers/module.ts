import { z } from "zod";
import { getEnv } from "@/server/env";
import { blueprintSchema } from "@/server/odoo/blueprint/schema";
import { storageSigningSecret } from "@/server/ports/storage";
import { moduleVersionDiff } from "@/server/services/modules/diff";
import {
  buildModuleVersion,
  getModuleVersion,
  listModuleVersions,
  readModuleFile,
  signedDownload,
} from "@/server/services/modules/modules";
import { createTRPCRouter, projectProcedure } from "../trpc";

const versionRef = z.object({ number: z.number().int().positive().optional() });

export const moduleRouter = createTRPCRouter({
  /** Compile + validate + store as version N (the same blueprint twice gives back the same version). */
  build: projectProcedure
    .input(z.object({ blueprint: blueprintSchema }))
    .mutation(({ ctx, input }) =>
      buildModuleVersion({ db: ctx.db, store: ctx.storage }, { userId: ctx.user.id, ip: ctx.ip }, ctx.project, input.blueprint),
    ),
  versions: projectProcedure.query(({ ctx }) => listModuleVersions(ctx.db, ctx.project.id)),
  /** The file tree of a version (paths and sizes, no contents) and its findings. */
  files: projectProcedure.input(versionRef).query(async ({ ctx, input }) => {
    const version = await getModuleVersion(ctx.db, ctx.project.id, input.number);
    return { number: version.number, files: version.files, findings: version.findings, findingSummary: version.findingSummary };
  }),
  file: projectProcedure
    .input(versionRef.extend({ path: z.string().min(1).max(300) }))
    .query(async ({ ctx, input }) =>
      readModuleFile(ctx.storage, await getModuleVersion(ctx.db, ctx.project.id, input.number), input.path),
    ),
  /** What changed between two versions (default: the latest against the one before it). */
  diff: projectProcedure
    .input(z.object({ from: z.number().int().positive().optional(), to: z.number().int().positive().optional() }))
    .query(({ ctx, input }) => moduleVersionDiff({ db: ctx.db, store: ctx.storage }, ctx.project.id, input)),
  /** A short-lived signed URL to the version's zip. */
  download: projectProcedure.input(versionRef).mutation(async ({ ctx, input }) => {
    const env = getEnv();
    const version = await getModuleVersion(ctx.db, ctx.project.id, input.number);
    return signedDownload(storageSigningSecret(env), env.DOWNLOAD_URL_TTL_SECONDS, ctx.project, version);
  }),
});
