/**
 * Environment of the local Odoo runtime, validated once. Kept here (not in server/env.ts) until
 * the sandbox adapter lands; the variables are listed in this folder's report.
 */
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { odooVersions as ODOO_VERSIONS, type OdooVersion } from "@/lib/odoo-versions";

// One naming of versions across the app: "16" … "19" (lib/odoo-versions).
export { odooVersions as ODOO_VERSIONS, type OdooVersion } from "@/lib/odoo-versions";

const optionalPath = z.string().min(1).optional();

export const runtimeEnvSchema = z.object({
  ODOO_16_PATH: optionalPath,
  ODOO_17_PATH: optionalPath,
  ODOO_18_PATH: optionalPath,
  ODOO_19_PATH: optionalPath,
  XDG_DATA_HOME: optionalPath,
  HOME: optionalPath,
  /** Unprivileged system user that runs Odoo when the app runs as root (scripts/setup-odoo.sh). */
  OMB_ODOO_USER: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]*$/, "OMB_ODOO_USER must be a system user name")
    .refine((name) => name !== "root", "OMB_ODOO_USER must not be root")
    .default("odoo"),
  /** Python that runs odoo-bin; Debian's, because the dependencies come from Debian packages. */
  OMB_ODOO_PYTHON: z.string().min(1).default("/usr/bin/python3"),
  /** Templates, sandboxes (module dirs, data dirs, logs). Must be writable by the Odoo user. */
  OMB_ODOO_WORK_DIR: optionalPath,
});

export type RuntimeConfig = {
  treePaths: Partial<Record<OdooVersion, string>>;
  /** `$XDG_DATA_HOME/odoo-module-builder/odoo`: the conventional home of the trees. */
  treesRoot: string;
  odooUser: string;
  python: string;
  /** Explicit work dir, or null: then the runner picks one for the user it runs Odoo as. */
  workDir: string | null;
};

export function parseRuntimeConfig(raw: Record<string, string | undefined>): RuntimeConfig {
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ""));
  const env = runtimeEnvSchema.parse(cleaned);
  const home = env.HOME ?? os.homedir();
  const dataHome = env.XDG_DATA_HOME ?? path.join(home, ".local", "share");
  return {
    treePaths: { 16: env.ODOO_16_PATH, 17: env.ODOO_17_PATH, 18: env.ODOO_18_PATH, 19: env.ODOO_19_PATH },
    treesRoot: path.join(dataHome, "odoo-module-builder", "odoo"),
    odooUser: env.OMB_ODOO_USER,
    python: env.OMB_ODOO_PYTHON,
    workDir: env.OMB_ODOO_WORK_DIR ? path.resolve(env.OMB_ODOO_WORK_DIR) : null,
  };
}

let cached: RuntimeConfig | undefined;

export function getRuntimeConfig(): RuntimeConfig {
  cached ??= parseRuntimeConfig(process.env);
  return cached;
}
