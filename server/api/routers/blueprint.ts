import { blueprintSchema } from "@/server/odoo/blueprint/schema";
import { checkBlueprint } from "@/server/services/modules/modules";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const blueprintRouter = createTRPCRouter({
  /** Compiles and validates a blueprint without storing anything: findings and the file list. */
  validate: protectedProcedure.input(blueprintSchema).mutation(({ input }) => checkBlueprint(input)),
});
