/**
 * Every environment variable the app reads, validated once.
 *
 * The defaults describe the embedded mode: no keys and no services, PGlite under `.data/`,
 * a session secret generated on first start and kept in `.data/`. Setting a production variable
 * (DATABASE_URL for a Postgres/Neon server, NEXTAUTH_SECRET, ...) switches that part over.
 * `.env.example` documents the same list; a test keeps the two in step.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { runtimeEnvSchema } from "./odoo/runtime/config";

const emailList = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(/[,\s]+/)
      .map((email) => email.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(z.array(z.email({ message: "ADMIN_EMAILS must be a comma-separated list of emails" })));

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
/** An E2B template id/name or a container image reference. */
const templateRef = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\/:@-]*$/, "must be a template name or an image reference")
  .optional();

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** Where the app's local state lives: PGlite data, generated secrets, later blobs. */
  DATA_DIR: z.string().min(1).default(".data"),
  /** Public base URL of the app (links, callbacks). */
  APP_URL: z.url({ message: "APP_URL must be an absolute URL" }).default("http://localhost:3000"),
  /**
   * Unset or `pglite:<dir>` → embedded PGlite; a `*.neon.tech` host → Neon serverless driver;
   * any other `postgres://` URL → node-postgres.
   */
  DATABASE_URL: z
    .string()
    .optional()
    .refine(
      (value) => !value || /^pglite:/.test(value) || /^postgres(ql)?:\/\//.test(value),
      "DATABASE_URL must be pglite:<dir> or a postgres:// URL",
    ),
  /** next-auth JWT signing secret. Required on Vercel; embedded mode generates one in DATA_DIR. */
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters").optional(),
  NEXTAUTH_URL: z.url().optional(),
  /** Emails that get the admin role when they register or sign in. */
  ADMIN_EMAILS: emailList,
  /** Sign-in attempts allowed per email (failed ones) and per IP (all) in the window. */
  AUTH_LOGIN_MAX_PER_EMAIL: positiveInt(10),
  AUTH_LOGIN_MAX_PER_IP: positiveInt(50),
  AUTH_REGISTER_MAX_PER_IP: positiveInt(20),
  AUTH_RATE_WINDOW_SECONDS: positiveInt(15 * 60),
  /** Trust X-Forwarded-For / X-Real-IP for the client IP (set behind a proxy such as Vercel). */
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((value) => value === "true" || value === "1"),
  /** Storage: set → Vercel Blob (private blobs); unset → files under DATA_DIR/blobs. */
  BLOB_READ_WRITE_TOKEN: z.string().min(10).optional(),
  /** Vercel Blob API base (read by @vercel/blob itself); tests point it at a local fake. */
  VERCEL_BLOB_API_URL: z.url().optional(),
  /** Signs download URLs; defaults to a key derived from NEXTAUTH_SECRET. */
  STORAGE_SIGNING_SECRET: z.string().min(32, "STORAGE_SIGNING_SECRET must be at least 32 characters").optional(),
  /** Lifetime of a signed download URL. */
  DOWNLOAD_URL_TTL_SECONDS: positiveInt(300),
  /** Odoo trees and the local runtime (ODOO_<V>_PATH, OMB_ODOO_*): one schema, see runtime/config.ts. */
  ...runtimeEnvSchema.omit({ HOME: true, XDG_DATA_HOME: true }).shape,
  /**
   * Sandbox provider. `auto`: E2B when E2B_API_KEY is set, else Fly when FLY_API_TOKEN and
   * FLY_APP_NAME are, else local when an Odoo tree is found, else none.
   */
  SANDBOX_PROVIDER: z.enum(["auto", "local", "e2b", "fly", "none"]).default("auto"),
  /** E2B (hosted sandboxes from sandbox-templates/odoo-<v>, built with `e2b template build`). */
  E2B_API_KEY: z.string().min(10, "E2B_API_KEY looks truncated").optional(),
  /** E2B template per Odoo version; default `omb-odoo-<v>` (the names the templates are built under). */
  E2B_TEMPLATE_ODOO_16: templateRef,
  E2B_TEMPLATE_ODOO_17: templateRef,
  E2B_TEMPLATE_ODOO_18: templateRef,
  E2B_TEMPLATE_ODOO_19: templateRef,
  /** Fly Machines: a token allowed to create machines in FLY_APP_NAME. */
  FLY_API_TOKEN: z.string().min(10, "FLY_API_TOKEN looks truncated").optional(),
  FLY_APP_NAME: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, "FLY_APP_NAME must be a Fly app name (lower-case letters, digits, dashes)")
    .optional(),
  /** Machines API base; tests point it at a local fake. */
  FLY_API_HOSTNAME: z.url({ message: "FLY_API_HOSTNAME must be an absolute URL" }).default("https://api.machines.dev"),
  /** Image per Odoo version, built from sandbox-templates/odoo-<v> and pushed to registry.fly.io. */
  FLY_IMAGE_ODOO_16: templateRef,
  FLY_IMAGE_ODOO_17: templateRef,
  FLY_IMAGE_ODOO_18: templateRef,
  FLY_IMAGE_ODOO_19: templateRef,
  /** Region for new machines (e.g. `fra`); Fly picks one near the API caller when unset. */
  FLY_REGION: z.string().regex(/^[a-z]{3}$/, "FLY_REGION must be a three-letter Fly region code").optional(),
  /** Memory of a sandbox machine; Odoo with tests wants about 2 GB. */
  FLY_MACHINE_MEMORY_MB: positiveInt(2048),
  /**
   * Wildcard domain routed to the Fly app (`*.<domain>` CNAME + certificate): previews are served
   * at `https://<machine id>.<domain>` and the in-machine proxy replays each request to its machine
   * (`fly-replay: instance=<id>`). Unset: `https://<app>.fly.dev`, right only while one machine runs.
   */
  FLY_PREVIEW_DOMAIN: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, "FLY_PREVIEW_DOMAIN must be a domain name such as preview.example.com")
    .optional(),
  /** How long a sandbox (and its live preview) lives before the reaper destroys it. */
  SANDBOX_TTL_MINUTES: positiveInt(60),
  /** Signs preview tokens; defaults to a key derived from NEXTAUTH_SECRET. */
  PREVIEW_SECRET: z.string().min(32, "PREVIEW_SECRET must be at least 32 characters").optional(),
  /** Chromium for the generated UI tests (playwright-core); default /usr/bin/chromium (Debian's). */
  CHROMIUM_PATH: z.string().min(1).optional(),
  /**
   * Jobs: set both → Inngest Cloud (or a self-hosted Inngest at INNGEST_BASE_URL) runs the
   * pipeline; unset → the embedded executor runs it in this process (inngest/executor).
   */
  INNGEST_SIGNING_KEY: z.string().regex(/^signkey-\w+-.+/, "INNGEST_SIGNING_KEY must look like signkey-<env>-<key>").optional(),
  INNGEST_EVENT_KEY: z.string().min(10, "INNGEST_EVENT_KEY looks truncated").optional(),
  /** A self-hosted Inngest server (read by the SDK itself); unset → Inngest Cloud. */
  INNGEST_BASE_URL: z.url({ message: "INNGEST_BASE_URL must be an absolute URL" }).optional(),
  /**
   * AI (server/ports/ai). A key set → that provider is used; none set → the offline path
   * (rule-based spec drafter, deterministic compiler). Base URLs exist for proxies and for tests.
   */
  ANTHROPIC_API_KEY: z.string().min(10, "ANTHROPIC_API_KEY looks truncated").optional(),
  ANTHROPIC_BASE_URL: z.url({ message: "ANTHROPIC_BASE_URL must be an absolute URL" }).optional(),
  /** claude-sonnet-4-5 reaches end-of-life on 2026-11-30 (the SDK warns on every call). */
  ANTHROPIC_MODEL: z.string().min(1).default("claude-sonnet-4-6"),
  /** Gemini API key; GEMINI_API_KEY is accepted too (the name Google's docs use). */
  GOOGLE_API_KEY: z.string().min(10, "GOOGLE_API_KEY looks truncated").optional(),
  GEMINI_API_KEY: z.string().min(10, "GEMINI_API_KEY looks truncated").optional(),
  GOOGLE_AI_BASE_URL: z.url({ message: "GOOGLE_AI_BASE_URL must be an absolute URL" }).optional(),
  GOOGLE_MODEL: z.string().min(1).default("gemini-2.5-flash"),
  /** Task → provider chain overrides, e.g. `spec=anthropic,google;code=anthropic`. */
  AI_ROUTES: z
    .string()
    .regex(
      /^\s*(spec|code|fix|tests|review|adjust)\s*=\s*[a-z]+(\s*,\s*[a-z]+)*\s*(;\s*(spec|code|fix|tests|review|adjust)\s*=\s*[a-z]+(\s*,\s*[a-z]+)*\s*)*;?\s*$/,
      "AI_ROUTES must look like spec=google,anthropic;code=anthropic (tasks: spec, code, fix, tests, review, adjust)",
    )
    .optional(),
  /** Per-attempt timeout of a model request. */
  AI_TIMEOUT_MS: positiveInt(120_000),
  /** Retries per provider on rate limits, overload, 5xx, timeouts and network errors. */
  AI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  /** Consecutive failed attempts that open a provider's circuit, and how long it stays open. */
  AI_CIRCUIT_FAILURES: positiveInt(5),
  AI_CIRCUIT_COOLDOWN_MS: positiveInt(30_000),
  /** AI spend limit per project (USD) unless the project has its own; optional token limit too. */
  AI_PROJECT_BUDGET_USD: z.coerce.number().positive().default(5),
  AI_PROJECT_BUDGET_TOKENS: z.coerce.number().int().positive().optional(),
  /** Our own limits on model requests, per user and for the whole service. */
  AI_RATE_LIMIT_PER_USER_PER_MINUTE: positiveInt(30),
  AI_RATE_LIMIT_GLOBAL_PER_MINUTE: positiveInt(300),
  /** Set by Vercel; makes NEXTAUTH_SECRET mandatory (no writable disk to keep a generated one). */
  VERCEL: z.string().optional(),
});

export type Env = z.infer<typeof envSchema> & { NEXTAUTH_SECRET: string; trustProxy: boolean };

export class EnvError extends Error {
  constructor(public readonly issues: string[]) {
    super(`Invalid environment:\n${issues.map((issue) => `  - ${issue}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses a raw environment; pure apart from creating the embedded secret file when needed. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  // Empty strings in .env files mean "unset", as most tools treat them.
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => `${issue.path.join(".") || "env"}: ${issue.message}`),
    );
  }
  const env = result.data;
  if (env.VERCEL && !env.NEXTAUTH_SECRET) {
    throw new EnvError(["NEXTAUTH_SECRET: required when deployed (VERCEL is set)"]);
  }
  if (Boolean(env.INNGEST_SIGNING_KEY) !== Boolean(env.INNGEST_EVENT_KEY)) {
    // One without the other cannot work: Inngest could not call the app, or the app could not send.
    throw new EnvError(["INNGEST_SIGNING_KEY / INNGEST_EVENT_KEY: set both (Inngest) or neither (embedded executor)"]);
  }
  if (env.SANDBOX_PROVIDER === "e2b" && !env.E2B_API_KEY) {
    throw new EnvError(["E2B_API_KEY: required when SANDBOX_PROVIDER=e2b"]);
  }
  if (env.SANDBOX_PROVIDER === "fly" && !(env.FLY_API_TOKEN && env.FLY_APP_NAME)) {
    throw new EnvError(["FLY_API_TOKEN / FLY_APP_NAME: both required when SANDBOX_PROVIDER=fly"]);
  }
  return {
    ...env,
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? embeddedSecret(env.DATA_DIR),
    // Vercel always sets X-Forwarded-For itself, so it can be believed there.
    trustProxy: env.TRUST_PROXY || Boolean(env.VERCEL),
  };
}

/** A random secret kept in DATA_DIR so embedded sessions survive restarts. */
function embeddedSecret(dataDir: string): string {
  const file = path.resolve(dataDir, "auth-secret");
  if (existsSync(file)) {
    const stored = readFileSync(file, "utf8").trim();
    if (stored.length >= 32) return stored;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    // `wx`: if another process created it first, use theirs so both sign with one key.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readFileSync(file, "utf8").trim();
  }
}

let cached: Env | undefined;

/** The validated environment of this process (read once). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests change process.env between cases; this forgets the cached parse. */
export function resetEnvForTests(): void {
  cached = undefined;
}
