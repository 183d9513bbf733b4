import { describe, expect, it } from "vitest";
import { installArgs } from "./install";

describe("installArgs", () => {
  it("runs the module's own tests on a full run", () => {
    expect(installArgs({ moduleName: "library_catalog", tests: true })).toEqual(["-i", "library_catalog", "--test-enable", "--test-tags=/library_catalog", "--stop-after-init"]);
  });

  it("runs only the happy-path tests on a quick run", () => {
    expect(installArgs({ moduleName: "library_catalog", tests: true, quick: true })).toEqual([
      "-i",
      "library_catalog",
      "--test-enable",
      "--test-tags=omb_happy/library_catalog",
      "--stop-after-init",
    ]);
  });

  it("keeps explicit tags, and runs no tests when tests are off", () => {
    expect(installArgs({ moduleName: "m", tests: true, quick: true, testTags: "/m:TestX" })).toContain("--test-tags=/m:TestX");
    expect(installArgs({ moduleName: "m", tests: false, quick: true })).toEqual(["-i", "m", "--stop-after-init"]);
  });
});
