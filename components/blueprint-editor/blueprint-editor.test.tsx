// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { checkBlueprintReferences } from "@/server/odoo/blueprint/references";
import { type Blueprint, blueprintSchema } from "@/server/odoo/blueprint/schema";
import { BlueprintEditor, JSON_DEBOUNCE_MS } from "./blueprint-editor";
import { issuesFromFindings, splitPathPrefix } from "./issues";
import { describePath, normalizePath, pathKey, pathPrefixes } from "./paths";

afterEach(cleanup);

const base = (): Blueprint =>
  blueprintSchema.parse({
    module: { name: "equipment_loans", title: "Equipment Loans", odooVersion: "17" },
  });

function Harness({ initial, onEmit }: { initial: Blueprint; onEmit: (bp: Blueprint) => void }) {
  const [value, setValue] = useState(initial);
  return (
    <BlueprintEditor
      value={value}
      odooVersion="17"
      onChange={(next) => {
        onEmit(next);
        setValue(next);
      }}
    />
  );
}

const last = (spy: ReturnType<typeof vi.fn>) => spy.mock.calls.at(-1)![0] as Blueprint;

describe("paths", () => {
  it("spells zod and finding paths the same way", () => {
    expect(pathKey(["models", 0, "fields", 2, "name"])).toBe("models[0].fields[2].name");
    expect(normalizePath("models.0.fields.2.name")).toBe("models[0].fields[2].name");
    expect(normalizePath("models[0].fields[2].name")).toBe("models[0].fields[2].name");
    expect(pathPrefixes("models[0].fields[1]")).toEqual(["models", "models[0]", "models[0].fields", "models[0].fields[1]"]);
  });

  it("names paths with model and field names", () => {
    const bp = blueprintSchema.parse({
      module: { name: "equipment_loans", title: "Equipment Loans", odooVersion: "17" },
      models: [{ name: "equipment.item", description: "Item", fields: [{ name: "serial", type: "char", string: "Serial" }] }],
    });
    expect(describePath(bp, "models[0].fields[0].string")).toBe("equipment.item › serial › string");
  });

  it("reads the path the spec API puts in front of reference findings", () => {
    expect(splitPathPrefix("views[2].fields[0]: Field foo does not exist on x.y")).toEqual({
      path: "views[2].fields[0]",
      message: "Field foo does not exist on x.y",
    });
    expect(splitPathPrefix("Python: something odd")).toBeNull();
    const [issue] = issuesFromFindings([
      { severity: "error", file: null, line: null, rule: "blueprint-reference", message: "models[0].fields[1].comodel: Model a.b is not defined" },
    ]);
    expect(issue).toMatchObject({ path: "models[0].fields[1].comodel", message: "Model a.b is not defined", code: "blueprint-reference" });
  });
});

describe("BlueprintEditor", () => {
  it("adds a model and a field and emits a valid blueprint", () => {
    const emit = vi.fn();
    render(<Harness initial={base()} onEmit={emit} />);

    fireEvent.click(screen.getByTestId("blueprint-section-models"));
    fireEvent.click(screen.getByTestId("model-add"));
    fireEvent.change(screen.getByTestId("model-name"), { target: { value: "equipment.item" } });
    fireEvent.change(screen.getByTestId("model-description"), { target: { value: "Loanable Item" } });
    fireEvent.click(screen.getByTestId("field-add"));

    const names = screen.getAllByTestId("field-name");
    expect(names).toHaveLength(2);
    fireEvent.change(names[1]!, { target: { value: "serial_number" } });
    fireEvent.change(screen.getAllByTestId("field-string")[1]!, { target: { value: "Serial number" } });
    fireEvent.change(screen.getAllByTestId("field-type")[1]!, { target: { value: "integer" } });

    const blueprint = last(emit);
    const parsed = blueprintSchema.safeParse(blueprint);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(blueprint.models).toHaveLength(1);
    expect(blueprint.models[0]!.name).toBe("equipment.item");
    expect(blueprint.models[0]!.fields.map((f) => [f.name, f.type])).toEqual([
      ["name", "char"],
      ["serial_number", "integer"],
    ]);
    // The access right, views and menu created with the model followed its rename.
    expect(blueprint.security.acls.map((acl) => acl.model)).toEqual(["equipment.item"]);
    expect(blueprint.views.map((view) => [view.type, view.model])).toEqual([
      ["list", "equipment.item"],
      ["form", "equipment.item"],
    ]);
    expect(blueprint.menus.map((menu) => menu.model)).toEqual(["equipment.item"]);
    // Coherent too: every reference resolves (what the compiler checks first).
    expect(checkBlueprintReferences(parsed.data!)).toEqual([]);
    expect(screen.getByTestId("blueprint-findings").dataset.count).toBe("0");
  });

  it("shows a schema error under the control that holds the value", () => {
    const emit = vi.fn();
    render(<Harness initial={base()} onEmit={emit} />);
    fireEvent.click(screen.getByTestId("blueprint-section-models"));
    fireEvent.click(screen.getByTestId("model-add"));
    fireEvent.change(screen.getByTestId("model-name"), { target: { value: "Bad Name" } });

    const input = screen.getByTestId("model-name");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    const issue = document.querySelector('[data-testid="bp-issue"][data-path="models[0].name"]');
    expect(issue?.textContent).toMatch(/dotted lower-case/);
    expect(screen.getAllByTestId("finding-item").some((item) => item.dataset.path === "models[0].name")).toBe(true);
  });

  it("places server findings by path and jumps to them", async () => {
    const initial = blueprintSchema.parse({
      module: { name: "equipment_loans", title: "Equipment Loans", odooVersion: "17" },
      models: [{ name: "equipment.item", description: "Item", fields: [{ name: "name", type: "char", string: "Name" }] }],
    });
    render(
      <BlueprintEditor
        value={initial}
        onChange={() => {}}
        findings={[{ severity: "error", code: "x", message: "Field label clashes", path: "models.0.fields.0.string" }]}
      />,
    );
    const item = screen.getByTestId("finding-item");
    expect(item.textContent).toContain("Field label clashes");
    fireEvent.click(item);
    await waitFor(() => expect(screen.getByTestId("model-editor")).toBeTruthy());
    const message = document.querySelector('[data-testid="bp-issue"][data-path="models[0].fields[0].string"]');
    expect(message?.textContent).toContain("Field label clashes");
  });

  it("shows a zod error at its path in the JSON tab and leaves the form alone", async () => {
    vi.useFakeTimers();
    try {
      const initial = blueprintSchema.parse({
        module: { name: "equipment_loans", title: "Equipment Loans", odooVersion: "17" },
        models: [{ name: "equipment.item", description: "Item", fields: [{ name: "name", type: "char", string: "Name" }] }],
      });
      const emit = vi.fn();
      render(<Harness initial={initial} onEmit={emit} />);

      fireEvent.mouseDown(screen.getByTestId("blueprint-tab-json"));
      const textarea = screen.getByTestId("blueprint-json") as HTMLTextAreaElement;
      const broken = JSON.parse(textarea.value);
      broken.models[0].name = "Not A Model";
      const brokenText = JSON.stringify(broken, null, 2);
      fireEvent.change(textarea, { target: { value: brokenText } });
      act(() => vi.advanceTimersByTime(JSON_DEBOUNCE_MS + 50));

      const issue = screen.getByTestId("blueprint-json-issue");
      expect(issue.dataset.path).toBe("models[0].name");
      expect(issue.textContent).toMatch(/dotted lower-case/);
      expect(emit).not.toHaveBeenCalled();

      // The form still shows the last valid blueprint, and says why.
      fireEvent.mouseDown(screen.getByTestId("blueprint-tab-form"));
      expect(screen.getByTestId("blueprint-json-pending")).toBeTruthy();
      fireEvent.click(screen.getByTestId("blueprint-section-models"));
      expect((screen.getByTestId("model-name") as HTMLInputElement).value).toBe("equipment.item");

      // Switching back keeps the text as typed.
      fireEvent.mouseDown(screen.getByTestId("blueprint-tab-json"));
      expect((screen.getByTestId("blueprint-json") as HTMLTextAreaElement).value).toBe(brokenText);

      // Fixing it applies it to the form.
      broken.models[0].name = "equipment.thing";
      fireEvent.change(screen.getByTestId("blueprint-json"), { target: { value: JSON.stringify(broken, null, 2) } });
      act(() => vi.advanceTimersByTime(JSON_DEBOUNCE_MS + 50));
      expect(last(emit).models[0]!.name).toBe("equipment.thing");
      expect(screen.queryByTestId("blueprint-json-issue")).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("reports a JSON syntax error without applying anything", () => {
    vi.useFakeTimers();
    try {
      const emit = vi.fn();
      render(<Harness initial={base()} onEmit={emit} />);
      fireEvent.mouseDown(screen.getByTestId("blueprint-tab-json"));
      fireEvent.change(screen.getByTestId("blueprint-json"), { target: { value: "{ not json" } });
      act(() => vi.advanceTimersByTime(JSON_DEBOUNCE_MS + 50));
      expect(screen.getByTestId("blueprint-json-syntax").textContent).toMatch(/JSON syntax error/);
      expect(emit).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it("renames a model or a field everywhere the blueprint names it", () => {
    const initial = blueprintSchema.parse(JSON.parse(readFileSync(path.resolve("examples/blueprints/equipment_loans.json"), "utf8")));
    const emit = vi.fn();
    render(<Harness initial={initial} onEmit={emit} />);
    fireEvent.click(screen.getByTestId("blueprint-section-models"));
    // The first model is equipment.loan.item; its serial_number field is the second one.
    fireEvent.change(screen.getAllByTestId("field-name")[1]!, { target: { value: "serial" } });
    let bp = last(emit);
    const list = bp.views.find((v) => v.model === "equipment.loan.item" && v.type === "list")!;
    expect(list.type === "list" && list.fields).toContain("serial");
    expect(JSON.stringify(bp.views)).not.toContain("serial_number");
    expect(bp.models[0]!.sqlConstraints[0]).toMatchObject({ kind: "unique", fields: ["serial"] });
    expect(bp.demo[0]!.values).toHaveProperty("serial", "DR-0001");

    fireEvent.change(screen.getByTestId("model-name"), { target: { value: "equipment.asset" } });
    bp = last(emit);
    expect(bp.views.filter((v) => v.model === "equipment.asset")).toHaveLength(2);
    expect(bp.security.acls.filter((a) => a.model === "equipment.asset")).toHaveLength(2);
    expect(bp.models[1]!.fields.find((f) => f.name === "item_id")).toMatchObject({ comodel: "equipment.asset" });
  });

  it("edits custom constraints, onchanges and transition bodies", () => {
    const emit = vi.fn();
    render(<Harness initial={base()} onEmit={emit} />);
    fireEvent.click(screen.getByTestId("blueprint-section-models"));
    fireEvent.click(screen.getByTestId("model-add"));
    fireEvent.click(screen.getByTestId("workflow-add"));
    fireEvent.click(screen.getByTestId("constraint-add"));
    fireEvent.change(screen.getByTestId("constraint-body"), { target: { value: "for rec in self:\n    pass" } });
    fireEvent.click(screen.getByTestId("onchange-add"));
    fireEvent.click(screen.getByTestId("onchange-add"));
    fireEvent.change(screen.getAllByTestId("onchange-body")[1]!, { target: { value: "for rec in self:\n    rec.name = rec.name" } });
    fireEvent.click(screen.getByTestId("transition-body-add"));
    fireEvent.change(screen.getByTestId("transition-body"), { target: { value: "rec.name = rec.name" } });

    const parsed = blueprintSchema.safeParse(last(emit));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    const model = parsed.data!.models[0]!;
    expect(model.constraints).toEqual([{ kind: "custom", method: "_check_name", fields: ["name"], message: "This value is not allowed.", body: "for rec in self:\n    pass" }]);
    expect(model.onchanges.map((o) => [o.method, o.fields, o.body])).toEqual([
      ["_onchange_name", ["name"], undefined],
      ["_onchange_name_2", ["name"], "for rec in self:\n    rec.name = rec.name"],
    ]);
    expect(model.workflow!.transitions[0]!.body).toBe("rec.name = rec.name");
    expect(checkBlueprintReferences(parsed.data!)).toEqual([]);
    expect(screen.getAllByTestId("constraint-item")).toHaveLength(1);
  });

  it("is read-only when asked", () => {
    const initial = blueprintSchema.parse({
      module: { name: "equipment_loans", title: "Equipment Loans", odooVersion: "17" },
    });
    render(<BlueprintEditor value={initial} onChange={() => {}} readOnly />);
    expect((screen.getByTestId("blueprint-form") as HTMLFieldSetElement).disabled).toBe(true);
  });
});

describe("BlueprintEditor on the example blueprints", () => {
  const dir = path.resolve("examples/blueprints");
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".json"))) {
    it(`renders every section of ${file} without shape errors`, () => {
      const blueprint = blueprintSchema.parse(JSON.parse(readFileSync(path.join(dir, file), "utf8")));
      render(<BlueprintEditor value={blueprint} onChange={() => {}} />);
      for (const section of ["module", "models", "views", "menus", "security"]) {
        fireEvent.click(screen.getByTestId(`blueprint-section-${section}`));
      }
      fireEvent.click(screen.getByTestId("blueprint-section-models"));
      for (const [i] of blueprint.models.entries()) fireEvent.click(screen.getAllByTestId("model-select")[i]!);
      // Every type-specific editor of the last model (kept to one model: jsdom renders slowly).
      for (const toggle of screen.queryAllByTestId("field-toggle")) fireEvent.click(toggle);
      expect(screen.getByTestId("blueprint-findings").dataset.count).toBe("0");
    });
  }
});
