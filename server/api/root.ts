import { adminRouter } from "./routers/admin";
import { authRouter } from "./routers/auth";
import { blueprintRouter } from "./routers/blueprint";
import { moduleRouter } from "./routers/module";
import { pipelineRouter } from "./routers/pipeline";
import { sandboxRouter } from "./routers/sandbox";
import { projectRouter } from "./routers/project";
import { specRouter } from "./routers/spec";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  project: projectRouter,
  admin: adminRouter,
  blueprint: blueprintRouter,
  module: moduleRouter,
  sandbox: sandboxRouter,
  pipeline: pipelineRouter,
  spec: specRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
