import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, envSchema, parseEnv } from "./env";

const dataDir = () => mkdtempSync(path.join(tmpdir(), "omb-env-"));

describe("parseEnv", () => {
  it("gives embedded defaults with nothing set", () => {
    const dir = dataDir();
    const env = parseEnv({ DATA_DIR: dir });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.ADMIN_EMAILS).toEqual([]);
    expect(env.AUTH_LOGIN_MAX_PER_EMAIL).toBe(10);
    expect(env.trustProxy).toBe(false);
    // The generated secret is kept, so a restart keeps sessions valid.
    expect(env.NEXTAUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dir, "auth-secret"), "utf8").trim()).toBe(env.NEXTAUTH_SECRET);
    expect(parseEnv({ DATA_DIR: dir }).NEXTAUTH_SECRET).toBe(env.NEXTAUTH_SECRET);
  });

  it("parses admin emails, lower-cased, comma or space separated", () => {
    const env = parseEnv({ DATA_DIR: dataDir(), ADMIN_EMAILS: "Boss@Example.com, ops@example.com ops2@example.com" });
    expect(env.ADMIN_EMAILS).toEqual(["boss@example.com", "ops@example.com", "ops2@example.com"]);
  });

  it("treats empty strings as unset", () => {
    const env = parseEnv({ DATA_DIR: dataDir(), DATABASE_URL: "", ADMIN_EMAILS: "" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.ADMIN_EMAILS).toEqual([]);
  });

  it.each([
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ ADMIN_EMAILS: "not-an-email" }, "ADMIN_EMAILS"],
    [{ NEXTAUTH_SECRET: "short" }, "NEXTAUTH_SECRET"],
    [{ AUTH_LOGIN_MAX_PER_EMAIL: "0" }, "AUTH_LOGIN_MAX_PER_EMAIL"],
    [{ APP_URL: "localhost" }, "APP_URL"],
    [{ VERCEL: "1" }, "NEXTAUTH_SECRET"],
  ])("rejects %o naming %s", (raw, variable) => {
    expect(() => parseEnv({ DATA_DIR: dataDir(), ...raw })).toThrow(EnvError);
    expect(() => parseEnv({ DATA_DIR: dataDir(), ...raw })).toThrow(variable);
  });

  it("trusts forwarding headers on Vercel or when told to", () => {
    const secret = "x".repeat(40);
    expect(parseEnv({ DATA_DIR: dataDir(), VERCEL: "1", NEXTAUTH_SECRET: secret }).trustProxy).toBe(true);
    expect(parseEnv({ DATA_DIR: dataDir(), TRUST_PROXY: "true" }).trustProxy).toBe(true);
  });

  it("keeps .env.example in step with the schema", () => {
    const example = readFileSync(path.resolve(".env.example"), "utf8");
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    for (const key of Object.keys(envSchema.shape)) {
      expect(documented, `.env.example should document ${key}`).toContain(key);
    }
  });
});
