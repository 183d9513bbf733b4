import { z } from "zod";
import { PASSWORD_MAX_LENGTH, passwordProblem } from "./password-policy";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Emails are at most 254 characters.")
  .pipe(z.email({ message: "Enter a valid email address, e.g. you@company.com." }));

export const registerInput = z
  .object({
    email: emailSchema,
    name: z.string().trim().max(100, "Names are at most 100 characters.").optional(),
    password: z.string().max(PASSWORD_MAX_LENGTH),
  })
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value.password, value.email);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });
export type RegisterInput = z.infer<typeof registerInput>;

export const loginInput = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX_LENGTH),
});
export type LoginInput = z.infer<typeof loginInput>;
