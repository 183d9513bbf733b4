import { describe, expect, it } from "vitest";
import { textOf } from "@/server/odoo/module-files";
import { compileModule } from "./index";
import { loadExamples } from "./test-helpers";
import { HAPPY_PATH_TAG, moduleTestTags } from "./test-tags";

/** `{ className: { tags, methods } }` of a generated test file. */
function classesOf(source: string) {
  const out = new Map<string, { tags: string[]; methods: string[] }>();
  const blocks = source.split(/\n(?=@tagged\()/).filter((b) => b.startsWith("@tagged("));
  for (const block of blocks) {
    const tags = [...block.match(/^@tagged\(([^)]*)\)/)![1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
    const name = /\nclass (\w+)\(/.exec(block)![1]!;
    out.set(name, { tags, methods: [...block.matchAll(/\n {4}def (test_\w+)\(self\)/g)].map((m) => m[1]!) });
  }
  return out;
}

const fleet = loadExamples().find((e) => e.name === "fleet_maintenance")!.blueprint;

describe("generated tests: the happy-path tag", () => {
  it("puts creation and workflow tests in a class tagged omb_happy, the rest in an untagged one", () => {
    const files = compileModule(fleet, "17");
    const classes = classesOf(textOf(files.get("tests/test_fleet_maint_order.py")!));
    expect([...classes.keys()]).toEqual(["TestFleetMaintOrderHappy", "TestFleetMaintOrder"]);
    const happy = classes.get("TestFleetMaintOrderHappy")!;
    expect(happy.tags).toEqual(["post_install", "-at_install", HAPPY_PATH_TAG]);
    expect(happy.methods).toEqual([
      "test_create",
      "test_sequence_assigned",
      "test_initial_state",
      "test_action_schedule",
      "test_action_start",
      "test_action_done",
      "test_action_cancel",
      "test_action_reset",
    ]);
    const rest = classes.get("TestFleetMaintOrder")!;
    expect(rest.tags).toEqual(["post_install", "-at_install"]);
    expect(rest.methods.length).toBeGreaterThan(0);
    expect(rest.methods.some((m) => /^test_(create|action_)/.test(m))).toBe(false);
  });

  it("tags every model's creation test, for every version and example, and never loses a test", () => {
    for (const { name, blueprint } of loadExamples()) {
      for (const version of ["16", "17", "18", "19"] as const) {
        const files = compileModule(blueprint, version);
        for (const [file, content] of files) {
          if (!/^tests\/test_.*\.py$/.test(file)) continue;
          const classes = [...classesOf(textOf(content)).values()];
          const happy = classes.filter((c) => c.tags.includes(HAPPY_PATH_TAG));
          expect(happy.length, `${name} ${file}`).toBe(1);
          const all = classes.flatMap((c) => c.methods);
          expect(new Set(all).size, `${name} ${file}: a test is in both classes`).toBe(all.length);
          if (all.includes("test_create")) expect(happy[0]!.methods).toContain("test_create");
        }
      }
    }
  });
});

describe("moduleTestTags", () => {
  it("selects all of the module's tests, or its happy-path ones", () => {
    expect(moduleTestTags("library_catalog", false)).toBe("/library_catalog");
    expect(moduleTestTags("library_catalog", true)).toBe("omb_happy/library_catalog");
  });
});
