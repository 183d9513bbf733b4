import { describe, expect, it } from "vitest";
import { AppError, httpStatusOf, isUniqueViolation, publicMessage } from "./errors";

describe("domain errors", () => {
  it("map to HTTP statuses in one place", () => {
    expect(httpStatusOf(new AppError("NOT_FOUND", "x"))).toBe(404);
    expect(httpStatusOf(new AppError("TOO_MANY_REQUESTS", "x"))).toBe(429);
    expect(httpStatusOf(new Error("boom"))).toBe(500);
  });
  it("never expose an unknown error's message", () => {
    expect(publicMessage(new Error('relation "users" does not exist'))).not.toMatch(/relation/);
    expect(publicMessage(new AppError("CONFLICT", "Taken"))).toBe("Taken");
  });
  it("recognise unique violations through wrapped causes", () => {
    const pgError = Object.assign(new Error("duplicate key"), { code: "23505", constraint: "users_email_unique" });
    const wrapped = new Error("Failed query", { cause: pgError });
    expect(isUniqueViolation(wrapped)).toBe(true);
    expect(isUniqueViolation(wrapped, "users_email_unique")).toBe(true);
    expect(isUniqueViolation(wrapped, "projects_owner_module_unique")).toBe(false);
    expect(isUniqueViolation(new Error("other"))).toBe(false);
  });
});
