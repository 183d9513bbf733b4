import { describe, expect, it } from "vitest";
import { moduleNameProblem, moduleNameSchema } from "./module-name";

describe("module names", () => {
  it.each(["fleet_maintenance_log", "x", "hr_expense_2fa", "a1"])("accepts %s", (name) => {
    expect(moduleNameProblem(name)).toBeNull();
  });

  it.each([
    ["", /Enter a technical module name/],
    ["Fleet", /lower-case/],
    ["1fleet", /start with a letter/],
    ["_fleet", /start with a letter/],
    ["fleet-log", /only lower-case letters, digits and underscores/],
    ["fleet log", /only lower-case letters/],
    ["fleet.log", /only lower-case letters/],
    ["fleet_", /trailing or doubled/],
    ["sale", /core module/],
    ["account", /core module/],
    ["a".repeat(65), /at most 64/],
  ])("rejects %j with the reason", (name, reason) => {
    expect(moduleNameProblem(name)).toMatch(reason);
    const result = moduleNameSchema.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(reason);
  });

  it("trims surrounding spaces before checking", () => {
    expect(moduleNameSchema.parse("  fleet_log ")).toBe("fleet_log");
  });
});
