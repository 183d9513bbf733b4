import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { planUiTests, type UiStep, type UiTest } from "./plan";
import { uiStepSchema, uiTestSchema } from "./schema";

const examples = readdirSync(path.resolve("examples/blueprints")).filter((f) => f.endsWith(".json"));
const example = (file: string) => JSON.parse(readFileSync(path.resolve("examples/blueprints", file), "utf8"));

/** One of each step kind the plan never emits, as a writer would. */
const written: UiStep[] = [
  { kind: "expectField", field: "due_date", text: "2024-03-22", page: "Dates" },
  { kind: "expectError", text: "Another book already has this ISBN." },
  { kind: "expectError" },
  { kind: "openRecord", text: "Reader {{n}}" },
];

describe("UI test schemas", () => {
  it("round-trip every test the plan makes for every example blueprint, unchanged", () => {
    const kinds = new Set<string>();
    const values = new Set<string>();
    for (const file of examples) {
      for (const test of planUiTests(example(file)).tests) {
        expect(uiTestSchema.parse(test)).toEqual(test);
        for (const step of test.steps) {
          kinds.add(step.kind);
          if (step.kind === "fill") values.add(step.value.kind);
        }
      }
    }
    // The examples exercise the whole planned language.
    expect([...kinds].sort()).toEqual(["back", "clickButton", "clickNew", "expectRecord", "expectStatus", "expectView", "fill", "login", "openMenu", "readField", "save", "search"]);
    expect([...values].sort()).toEqual(["date", "relation", "text"]);
  });

  it("accepts the writer's step kinds and fills in defaults a model may leave out", () => {
    for (const step of written) expect(uiStepSchema.parse(step)).toEqual(step);
    for (const value of [
      { kind: "select", label: "Repair" },
      { kind: "checkbox", checked: false },
      { kind: "file", name: "omb.png", base64: "iVBORw0KGgo=" },
      { kind: "text", value: "Line\nline", multiline: true },
    ] as const) {
      const step = { kind: "fill" as const, field: "x", label: "X", value };
      expect(uiStepSchema.parse(step)).toEqual(step);
    }
    expect(uiStepSchema.parse({ kind: "fill", field: "loan_date", label: "Loan Date", value: { kind: "date", value: "${today}" } })).toEqual({
      kind: "fill",
      field: "loan_date",
      label: "Loan Date",
      value: { kind: "date", value: "${today}", datetime: false },
    });
    expect(uiStepSchema.parse({ kind: "fill", field: "book_id", label: "Book", value: { kind: "relation", search: "Dune" } })).toMatchObject({ value: { many: false } });
    const test: UiTest = uiTestSchema.parse({ id: "x", name: "X", steps: [{ kind: "login" }] });
    expect(test.happy).toBe(false);
  });

  it("refuses what is not the step language: other kinds, code, malformed ids and dates", () => {
    const bad: unknown[] = [
      { kind: "eval", code: "process.exit(1)" },
      { kind: "script", text: "document.cookie" },
      { kind: "openMenu", path: ["Library"], xmlids: ["javascript:alert(1)"] },
      { kind: "fill", field: "Due Date", label: "Due", value: { kind: "text", value: "x" } },
      { kind: "fill", field: "due_date", label: "Due", value: { kind: "date", value: "22/03/2024" } },
      { kind: "fill", field: "cover", label: "Cover", value: { kind: "file", name: "x.png", base64: "<svg onload=alert(1)>" } },
      { kind: "readField", field: "name", into: "Ref-1" },
      { kind: "expectStatus", label: "" },
    ];
    for (const step of bad) expect(uiStepSchema.safeParse(step).success, JSON.stringify(step)).toBe(false);
    expect(uiTestSchema.safeParse({ id: "x", name: "X", steps: [] }).success).toBe(false);
    expect(uiTestSchema.safeParse({ id: "x", name: "X", steps: Array(61).fill({ kind: "back" }) }).success).toBe(false);
  });
});
