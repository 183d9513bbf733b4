import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { blueprintSchema, type BlueprintInput } from "@/server/odoo/blueprint/schema";
import { adminGroups, planUiTests, type UiStep, type UiTest } from "./plan";

const example = (name: string): BlueprintInput => JSON.parse(readFileSync(path.resolve("examples/blueprints", `${name}.json`), "utf8"));
const byId = (tests: UiTest[], id: string) => tests.find((t) => t.id === id)!;
const kinds = (steps: UiStep[]) => steps.map((s) => s.kind);

describe("planUiTests", () => {
  it("is deterministic and JSON-serialisable", () => {
    for (const name of ["library_management", "fleet_maintenance", "equipment_loans"]) {
      const plan = planUiTests(example(name));
      expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
      expect(planUiTests(example(name))).toEqual(plan);
      // Ids become screenshot keys: unique and file-name safe.
      expect(new Set(plan.tests.map((t) => t.id)).size).toBe(plan.tests.length);
      for (const test of plan.tests) {
        expect(test.id).toMatch(/^[a-z0-9_-]+$/);
        expect(test.steps[0]).toEqual({ kind: "login" });
        expect(test.steps.filter((s) => s.kind === "login")).toHaveLength(1);
      }
    }
  });

  it("plans the library: every menu, creation in forms and in editable lists, find by name", () => {
    const plan = planUiTests(example("library_management"));
    expect(plan.tests.map((t) => t.name)).toEqual([
      "Library / Books: the menu opens its view",
      "Library / Authors: the menu opens its view",
      "Library / Configuration / Genres: the menu opens its view",
      "Authors: create and find a record",
      "Genres: create and find a record",
      "Books: create and find a record",
    ]);
    expect(byId(plan.tests, "menu-menu_genres").steps[1]).toEqual({
      kind: "openMenu",
      path: ["Library", "Configuration", "Genres"],
      xmlids: ["library_catalog.menu_root", "library_catalog.menu_configuration", "library_catalog.menu_genres"],
    });
    // Books: required title and the pages a constraint wants positive; searched by title.
    expect(byId(plan.tests, "create-library_book").steps).toEqual([
      { kind: "login" },
      { kind: "openMenu", path: ["Library", "Books"], xmlids: ["library_catalog.menu_root", "library_catalog.menu_books"] },
      { kind: "clickNew" },
      { kind: "fill", field: "title", label: "Title", value: { kind: "text", value: "Title UI 3" } },
      { kind: "fill", field: "pages", label: "Pages", value: { kind: "text", value: "2" } },
      { kind: "fill", field: "copies", label: "Copies", value: { kind: "text", value: "3" } },
      { kind: "save" },
      { kind: "back" },
      { kind: "search", text: "Title UI 3" },
      { kind: "expectRecord", text: "Title UI 3" },
    ]);
    // Authors are edited in the list (editable="bottom"); their name is computed, so the record
    // is found by the last name the list shows, without a search by name.
    expect(byId(plan.tests, "create-library_author").steps).toEqual([
      { kind: "login" },
      { kind: "openMenu", path: ["Library", "Authors"], xmlids: ["library_catalog.menu_root", "library_catalog.menu_authors"] },
      { kind: "clickNew", inline: true },
      { kind: "fill", field: "last_name", label: "Last Name", inline: true, value: { kind: "text", value: "Last Name UI 1" } },
      { kind: "save", inline: true },
      { kind: "expectRecord", text: "Last Name UI 1" },
    ]);
  });

  it("creates prerequisite records for required many2one fields and walks workflows from the first state", () => {
    const plan = planUiTests(example("fleet_maintenance"));
    const order = byId(plan.tests, "create-fleet_maint_order");
    expect(kinds(order.steps)).toEqual(["login", "openMenu", "clickNew", "fill", "fill", "save", "openMenu", "clickNew", "fill", "fill", "save", "readField", "back", "search", "expectRecord"]);
    const vehicleName = order.steps.find((s) => s.kind === "fill" && s.field === "name");
    const pick = order.steps.find((s) => s.kind === "fill" && s.field === "vehicle_id");
    expect(pick).toMatchObject({ value: { kind: "relation", search: (vehicleName as { value: { value: string } }).value.value, many: false } });
    // The order's name is its sequence number: read after saving, then searched.
    expect(order.steps.slice(-3)).toEqual([{ kind: "back" }, { kind: "search", text: "${reference}" }, { kind: "expectRecord", text: "${reference}" }]);

    // The scheduled date (one side of "scheduled ≤ done") is filled on creation with its solved
    // sample; the done date, required in state done and hidden before, just before "Mark as Done".
    expect(order.steps.filter((s) => s.kind === "fill").map((s) => (s as { field: string }).field)).toEqual(["name", "license_plate", "vehicle_id", "scheduled_date"]);
    const done = byId(plan.tests, "workflow-fleet_maint_order-done");
    expect(done.steps.filter((s) => s.kind === "clickButton" || s.kind === "expectStatus" || (s.kind === "fill" && s.field === "done_date"))).toEqual([
      { kind: "clickButton", name: "action_schedule", label: "Schedule" },
      { kind: "expectStatus", label: "Scheduled" },
      { kind: "clickButton", name: "action_start", label: "Start" },
      { kind: "expectStatus", label: "In Progress" },
      { kind: "fill", field: "done_date", label: "Done Date", value: { kind: "date", value: "2024-01-16", datetime: false } },
      { kind: "clickButton", name: "action_done", label: "Mark as Done" },
      { kind: "expectStatus", label: "Done" },
    ]);
    expect(plan.tests.filter((t) => t.id.startsWith("workflow-")).map((t) => t.id)).toEqual([
      "workflow-fleet_maint_order-schedule",
      "workflow-fleet_maint_order-start",
      "workflow-fleet_maint_order-done",
      "workflow-fleet_maint_order-cancel",
      "workflow-fleet_maint_order-reset",
    ]);
    // Values carry the test's number: tests sharing one database never collide.
    const plates = plan.tests.flatMap((t) => t.steps).filter((s) => s.kind === "fill" && s.field === "license_plate").map((s) => (s as { value: { value: string } }).value.value);
    expect(new Set(plates).size).toBe(plates.length);
  });

  it("quick keeps the happy path: create and find the main model, one workflow button", () => {
    const full = planUiTests(example("fleet_maintenance"));
    const quick = planUiTests(example("fleet_maintenance"), { quick: true });
    expect(quick.quick).toBe(true);
    expect(quick.tests.map((t) => t.name)).toEqual(['Maintenance Orders: create and find a record', 'Maintenance Orders: "Schedule" moves the status to Scheduled']);
    // The same tests as in the full plan, values included.
    expect(quick.tests).toEqual(full.tests.filter((t) => t.happy));
    expect(full.tests.length).toBeGreaterThan(quick.tests.length);

    const library = planUiTests(example("library_management"), { quick: true });
    expect(library.tests.map((t) => t.id)).toEqual(["create-library_book"]);
  });

  it("leaves out what the admin cannot see or do: menus and buttons of other groups, models without create rights", () => {
    const bp: BlueprintInput = {
      module: { name: "omb_guarded", title: "Guarded", odooVersion: "17" },
      models: [
        {
          name: "omb.ticket",
          description: "Ticket",
          fields: [{ name: "name", type: "char", string: "Subject", required: true }],
          workflow: {
            states: [
              { value: "new", label: "New" },
              { value: "closed", label: "Closed" },
            ],
            transitions: [
              { name: "close", label: "Close", from: ["new"], to: "closed", groups: ["group_boss"] },
              { name: "reopen", label: "Reopen", from: ["closed"], to: "new" },
            ],
          },
        },
        { name: "omb.archive", description: "Archive", fields: [{ name: "name", type: "char", string: "Name", required: true }] },
      ],
      menus: [
        { id: "menu_tickets", name: "Tickets", model: "omb.ticket" },
        { id: "menu_archive", name: "Archive", model: "omb.archive" },
        { id: "menu_secret", name: "Secret", model: "omb.ticket", groups: ["group_boss"] },
      ],
      security: {
        groups: [{ id: "group_boss", name: "Boss" }],
        acls: [
          { model: "omb.ticket", group: "base.group_user", read: true, write: true, create: true },
          { model: "omb.archive", group: "base.group_user", read: true },
        ],
      },
    };
    const plan = planUiTests(bp);
    expect(plan.tests.map((t) => t.id)).toEqual(["menu-menu_tickets", "menu-menu_archive", "create-omb_ticket"]);
    // The Close button needs a group the admin lacks, so Reopen is unreachable too.
    expect(planUiTests(bp, { quick: true }).tests.map((t) => t.id)).toEqual(["create-omb_ticket"]);

    // With the admin in the group, the buttons come back.
    const withBoss = { ...bp, security: { ...bp.security!, groups: [{ id: "group_boss", name: "Boss", addAdmin: true }] } };
    expect(adminGroups(blueprintSchema.parse(withBoss)).has("omb_guarded.group_boss")).toBe(true);
    expect(planUiTests(withBoss).tests.map((t) => t.id)).toEqual([
      "menu-menu_tickets",
      "menu-menu_archive",
      "menu-menu_secret",
      "create-omb_ticket",
      "workflow-omb_ticket-close",
      "workflow-omb_ticket-reopen",
    ]);
  });

  it("fills each field type with a deterministic value", () => {
    const bp: BlueprintInput = {
      module: { name: "omb_types", title: "Types", odooVersion: "18" },
      models: [
        {
          name: "omb.thing",
          description: "Thing",
          fields: [
            { name: "name", type: "char", string: "Name", required: true, size: 8 },
            { name: "kind", type: "selection", string: "Kind", required: true, options: [{ value: "a", label: "Alpha" }, { value: "b", label: "Beta" }] },
            { name: "day", type: "date", string: "Day", required: true },
            { name: "at", type: "datetime", string: "At", required: true },
            { name: "partner_id", type: "many2one", string: "Partner", comodel: "res.partner", required: true },
            { name: "notes", type: "text", string: "Notes", required: true },
            { name: "photo", type: "image", string: "Photo", required: true },
            { name: "qty", type: "float", string: "Quantity", required: true },
            { name: "optional", type: "char", string: "Optional" },
            { name: "with_default", type: "char", string: "Defaulted", required: true, default: "x" },
          ],
        },
      ],
      views: [{ type: "form", model: "omb.thing", groups: [{ fields: ["name", "kind", "day", "at", "partner_id", "qty"] }], pages: [{ title: "Main", fields: ["photo"] }, { title: "More", fields: ["notes"] }] }],
      menus: [{ id: "menu_things", name: "Things", model: "omb.thing" }],
    };
    const fills = planUiTests(bp).tests.find((t) => t.id === "create-omb_thing")!.steps.filter((s) => s.kind === "fill");
    expect(fills).toEqual([
      { kind: "fill", field: "name", label: "Name", value: { kind: "text", value: "Nam UI 1" } },
      { kind: "fill", field: "kind", label: "Kind", value: { kind: "select", label: "Alpha" } },
      { kind: "fill", field: "day", label: "Day", value: { kind: "date", value: "2024-01-11", datetime: false } },
      { kind: "fill", field: "at", label: "At", value: { kind: "date", value: "2024-01-16 09:00:00", datetime: true } },
      { kind: "fill", field: "partner_id", label: "Partner", value: { kind: "relation", search: "", many: false } },
      { kind: "fill", field: "notes", label: "Notes", page: "More", value: { kind: "text", value: "Notes UI 1", multiline: true } },
      { kind: "fill", field: "photo", label: "Photo", value: expect.objectContaining({ kind: "file", name: "omb.png" }) },
      { kind: "fill", field: "qty", label: "Quantity", value: { kind: "text", value: "2" } },
    ]);
  });
});
