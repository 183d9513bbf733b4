/** The runner's pure helpers for the steps the UI-test writer added (expectField, expectError, openRecord). */
import { describe, expect, it } from "vitest";
import { describeStep, displayedValue, displayedValues, formatDate, retryVariant, showsText, todayIso } from "./runner";
import { uiVersionRules } from "./versions";

describe("runner helpers for written tests", () => {
  it("compares a field's text as people read it: contained, any case, dates as the form shows them", () => {
    const rules = uiVersionRules("17");
    expect(displayedValue("2024-03-22", rules)).toBe("03/22/2024");
    expect(displayedValue("2024-03-22 09:30", rules)).toBe("03/22/2024 09:30:00");
    expect(displayedValue("LOAN/", rules)).toBe("LOAN/");
    expect(showsText("LOAN/2025/0001", "loan/")).toBe(true);
    expect(showsText("  On   Loan ", "on loan")).toBe(true);
    expect(showsText("1,463", "1463")).toBe(true);
    expect(showsText("12", "1463")).toBe(false);
    expect(todayIso(new Date("2025-02-03T23:59:00Z"))).toBe("2025-02-03");
    // 19 shows dates it is not editing as "Mar 22, 2024", and without the year in this one.
    const now = new Date("2024-11-22T12:00:00Z");
    expect(displayedValues("2024-03-22", uiVersionRules("17"), now)).toEqual(["03/22/2024"]);
    expect(displayedValues("2024-03-22", uiVersionRules("19"), now)).toEqual(["03/22/2024", "Mar 22, 2024", "Mar 22"]);
    expect(displayedValues("2023-03-02", uiVersionRules("19"), now)).toEqual(["03/02/2023", "Mar 2, 2023"]);
    expect(displayedValues("LOAN/", uiVersionRules("19"), now)).toEqual(["LOAN/"]);
    expect(formatDate("2024-01-05 09:30:00", "MMM d, yyyy HH:mm")).toBe("Jan 5, 2024 09:30");
  });

  it("describes the new steps for the results, and retags their values on a retry", () => {
    expect(describeStep({ kind: "expectField", field: "due_date", text: "2024-03-22" })).toBe('see "2024-03-22" in the field due_date');
    expect(describeStep({ kind: "expectError", text: "Copies cannot be negative." })).toBe('see Odoo refuse with "Copies cannot be negative."');
    expect(describeStep({ kind: "expectError" })).toBe("see Odoo refuse");
    expect(describeStep({ kind: "openRecord", text: "Reader UI 910" })).toBe('open the record "Reader UI 910"');
    const test = { id: "ai-x", name: "x", happy: false, steps: [{ kind: "openRecord" as const, text: "Reader UI 910" }] };
    expect(retryVariant(test, 1).steps[0]).toEqual({ kind: "openRecord", text: "Reader UI 910r1" });
  });
});
