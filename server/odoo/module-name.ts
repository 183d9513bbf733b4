import { z } from "zod";
import { isCoreModule } from "./core-modules";

/**
 * An Odoo technical module name: the folder name of the addon, importable as a Python package
 * (`odoo.addons.<name>`). Lower-case so it behaves the same on case-insensitive file systems.
 */
export const MODULE_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;
export const MODULE_NAME_MAX_LENGTH = 64;

/** Why a name is not acceptable for a new module, or null when it is. */
export function moduleNameProblem(name: string): string | null {
  if (name.length === 0) return "Enter a technical module name, e.g. fleet_maintenance_log.";
  if (name.length > MODULE_NAME_MAX_LENGTH)
    return `Module names are at most ${MODULE_NAME_MAX_LENGTH} characters.`;
  if (/[A-Z]/.test(name)) return "Module names are lower-case (Odoo loads them as Python packages).";
  if (!/^[a-z]/.test(name)) return "A module name must start with a letter (a–z).";
  if (!MODULE_NAME_PATTERN.test(name))
    return "Use only lower-case letters, digits and underscores (no spaces, dashes or dots).";
  if (name.endsWith("_") || name.includes("__"))
    return "Avoid trailing or doubled underscores in a module name.";
  if (isCoreModule(name))
    return `"${name}" is the name of an Odoo core module; choose another, e.g. "${name}_custom".`;
  return null;
}

export const moduleNameSchema = z
  .string()
  .trim()
  .superRefine((name, ctx) => {
    const problem = moduleNameProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** A dependency: any syntactically valid module name (core names are exactly what one depends on). */
export const dependencyNameSchema = z
  .string()
  .trim()
  .regex(MODULE_NAME_PATTERN, "Dependencies are module names: lower-case letters, digits and underscores.")
  .max(MODULE_NAME_MAX_LENGTH);
