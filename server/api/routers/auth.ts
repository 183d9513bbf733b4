import { getEnv } from "@/server/env";
import { authPolicyFrom } from "@/server/auth/policy";
import { register } from "@/server/services/auth/auth";
import { registerInput } from "@/server/services/auth/schemas";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

export const authRouter = createTRPCRouter({
  /** Creates the account; the client then signs in through next-auth's credentials provider. */
  register: publicProcedure.input(registerInput).mutation(({ ctx, input }) =>
    register({ db: ctx.db, policy: authPolicyFrom(getEnv()) }, input, ctx.ip),
  ),
  me: protectedProcedure.query(({ ctx }) => ctx.user),
});
