import { z } from "zod";
import { odooVersions } from "@/lib/odoo-versions";
import { dependencyNameSchema, moduleNameSchema } from "@/server/odoo/module-name";

export const projectIdSchema = z.string().trim().min(1).max(64);

const projectFields = {
  moduleName: moduleNameSchema,
  title: z
    .string()
    .trim()
    .min(3, "Give the project a title of at least 3 characters.")
    .max(120, "Titles are at most 120 characters."),
  odooVersion: z.enum(odooVersions, { message: "Choose Odoo 16, 17, 18 or 19." }),
  description: z
    .string()
    .trim()
    .min(20, "Describe the module in at least 20 characters: what it manages and who uses it.")
    .max(20_000, "Descriptions are at most 20,000 characters."),
  depends: z
    .array(dependencyNameSchema)
    .max(30, "At most 30 dependencies.")
    // Order is meaningless to Odoo; keep a stable, duplicate-free list.
    .transform((list) => [...new Set(list)].sort()),
  quickTest: z.boolean(),
};

export const createProjectInput = z
  .object({
    ...projectFields,
    // Defaults only on create: on update an absent field means "unchanged", never "reset".
    depends: projectFields.depends.default([]),
    quickTest: projectFields.quickTest.default(false),
  })
  .superRefine((value, ctx) => {
  if (value.depends.includes(value.moduleName)) {
    ctx.addIssue({ code: "custom", path: ["depends"], message: "A module cannot depend on itself." });
  }
});
export type CreateProjectInput = z.input<typeof createProjectInput>;

export const updateProjectInput = z
  .object({
    projectId: projectIdSchema,
    moduleName: projectFields.moduleName.optional(),
    title: projectFields.title.optional(),
    odooVersion: projectFields.odooVersion.optional(),
    description: projectFields.description.optional(),
    depends: projectFields.depends.optional(),
    quickTest: projectFields.quickTest.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.moduleName && value.depends?.includes(value.moduleName)) {
      ctx.addIssue({ code: "custom", path: ["depends"], message: "A module cannot depend on itself." });
    }
  });
export type UpdateProjectInput = z.input<typeof updateProjectInput>;

export const projectRefInput = z.object({ projectId: projectIdSchema });
