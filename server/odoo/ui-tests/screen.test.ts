import { describe, expect, it } from "vitest";
import { describeScreen, type ScreenFacts } from "./screen";

const facts = (over: Partial<ScreenFacts> = {}): ScreenFacts => ({
  url: "/odoo/action-312/new",
  app: "Rentals",
  breadcrumbs: ["Orders", "New"],
  view: "form",
  status: "Draft",
  dialogs: [],
  notifications: [],
  invalidFields: [],
  text: "",
  ...over,
});

describe("describeScreen", () => {
  it("says where Odoo was and what it showed, in the order a person reads the screen", () => {
    expect(
      describeScreen(
        facts({
          dialogs: [{ title: "Validation Error", body: "The end date must be on or after the start date." }],
          notifications: ["Invalid fields: End Date"],
          invalidFields: ["end_date"],
          text: "Confirm Cancel Customer Azure Interior",
        }),
      ),
    ).toBe(
      'Odoo showed "Rentals › Orders › New" (form view) at /odoo/action-312/new. Record status: Draft. ' +
        'A dialog "Validation Error" was open: The end date must be on or after the start date. ' +
        'Notifications: "Invalid fields: End Date". Fields marked invalid: end_date. Visible text: Confirm Cancel Customer Azure Interior',
    );
  });

  it("stays short: a blank page says so, a long one is cut", () => {
    expect(describeScreen(facts({ url: "", app: "", breadcrumbs: [], view: null, status: null }))).toBe('Odoo showed no app at an unknown address.');
    const long = describeScreen(facts({ text: "word ".repeat(1000) }));
    expect(long.length).toBe(1500);
    expect(long.endsWith("…")).toBe(true);
  });
});
