import {
  createProject,
  deleteProject,
  getStatusHistory,
  listProjects,
  updateProject,
} from "@/server/services/projects/projects";
import { projectAiUsage } from "@/server/services/ai/usage";
import { createProjectInput, updateProjectInput } from "@/server/services/projects/schemas";
import { requestSpecDraft } from "@/server/services/specs/specs";
import { createTRPCRouter, projectProcedure, protectedProcedure } from "../trpc";

export const projectRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listProjects(ctx.db, ctx.user.id)),
  get: projectProcedure.query(async ({ ctx }) => ({
    ...ctx.project,
    statusHistory: await getStatusHistory(ctx.db, ctx.project.id),
  })),
  create: protectedProcedure
    .input(createProjectInput)
    .mutation(async ({ ctx, input }) => {
      const actor = { userId: ctx.user.id, ip: ctx.ip };
      const project = await createProject(ctx, actor, input);
      // The project is saved first; the first draft follows. Should sending fail, the project
      // stays in draft and the user can ask for the draft again (spec.regenerate).
      await requestSpecDraft({ db: ctx.db, send: ctx.events.send }, actor, project, { initial: true }).catch((error: unknown) => {
        console.error("[project.create] could not request the first spec draft", error);
      });
      return project;
    }),
  update: projectProcedure
    .input(updateProjectInput)
    .mutation(({ ctx, input }) => updateProject(ctx, { userId: ctx.user.id, ip: ctx.ip }, input)),
  /** What the AI has cost this project so far (totals and per task). */
  aiUsage: projectProcedure.query(({ ctx }) => projectAiUsage(ctx.db, ctx.project.id)),
  delete: projectProcedure.mutation(({ ctx }) =>
    deleteProject(ctx, { userId: ctx.user.id, ip: ctx.ip }, ctx.project.id),
  ),
});
