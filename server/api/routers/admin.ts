import { z } from "zod";
import { getEnv } from "@/server/env";
import { aiCircuitStates, aiConfigFrom, aiModeOf } from "@/server/ports/ai";
import { getAdminOverview } from "@/server/services/admin/overview";
import { aiUsageReport, providerStatuses } from "@/server/services/ai/usage";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const adminRouter = createTRPCRouter({
  overview: adminProcedure.query(({ ctx }) => getAdminOverview(ctx.db)),
  /** AI cost and errors over the last `days` days, and each provider's circuit (this process). */
  aiUsage: adminProcedure
    .input(z.object({ days: z.number().int().min(1).max(90).default(14) }))
    .query(async ({ ctx, input }) => {
      const config = aiConfigFrom(getEnv());
      return {
        ...(await aiUsageReport(ctx.db, { days: input.days })),
        mode: aiModeOf(config),
        providers: providerStatuses(config, aiCircuitStates()),
      };
    }),
});
