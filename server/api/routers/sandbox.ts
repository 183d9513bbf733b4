import { z } from "zod";
import {
  extendSandbox,
  killSandbox,
  listLiveSandboxes,
  projectSandbox,
  startSandbox,
  stopSandbox,
} from "@/server/services/sandboxes/sandboxes";
import { adminProcedure, createTRPCRouter, projectProcedure } from "../trpc";

const sandboxRef = z.object({ sandboxId: z.string().min(1).max(64) });

export const sandboxRouter = createTRPCRouter({
  /** Install a module version (default: latest) with its tests; on success the live preview starts. */
  start: projectProcedure
    .input(z.object({ number: z.number().int().positive().optional() }))
    .mutation(({ ctx, input }) =>
      startSandbox({ db: ctx.db, store: ctx.storage, ...ctx.sandboxes }, { userId: ctx.user.id, ip: ctx.ip }, ctx.project, input.number),
    ),
  status: projectProcedure.query(({ ctx }) => projectSandbox({ db: ctx.db, registry: ctx.sandboxes.registry }, ctx.project.id)),
  extend: projectProcedure
    .input(sandboxRef)
    .mutation(({ ctx, input }) =>
      extendSandbox({ db: ctx.db, store: ctx.storage, ...ctx.sandboxes }, { userId: ctx.user.id, ip: ctx.ip }, ctx.project.id, input.sandboxId),
    ),
  stop: projectProcedure
    .input(sandboxRef)
    .mutation(({ ctx, input }) =>
      stopSandbox({ db: ctx.db, store: ctx.storage, ...ctx.sandboxes }, { userId: ctx.user.id, ip: ctx.ip }, ctx.project.id, input.sandboxId),
    ),
  /** Admin: every sandbox that is not destroyed, and a kill switch. */
  live: adminProcedure.query(({ ctx }) => listLiveSandboxes(ctx.db)),
  kill: adminProcedure
    .input(sandboxRef)
    .mutation(({ ctx, input }) =>
      killSandbox({ db: ctx.db, store: ctx.storage, ...ctx.sandboxes }, { userId: ctx.user.id, ip: ctx.ip }, input.sandboxId),
    ),
});
