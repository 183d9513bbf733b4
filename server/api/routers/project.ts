import {
  createProject,
  deleteProject,
  getStatusHistory,
  listProjects,
  updateProject,
} from "@/server/services/projects/projects";
import { createProjectInput, updateProjectInput } from "@/server/services/projects/schemas";
import { createTRPCRouter, projectProcedure, protectedProcedure } from "../trpc";

export const projectRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listProjects(ctx.db, ctx.user.id)),
  get: projectProcedure.query(async ({ ctx }) => ({
    ...ctx.project,
    statusHistory: await getStatusHistory(ctx.db, ctx.project.id),
  })),
  create: protectedProcedure
    .input(createProjectInput)
    .mutation(({ ctx, input }) => createProject(ctx, { userId: ctx.user.id, ip: ctx.ip }, input)),
  update: projectProcedure
    .input(updateProjectInput)
    .mutation(({ ctx, input }) => updateProject(ctx, { userId: ctx.user.id, ip: ctx.ip }, input)),
  delete: projectProcedure.mutation(({ ctx }) =>
    deleteProject(ctx, { userId: ctx.user.id, ip: ctx.ip }, ctx.project.id),
  ),
});
