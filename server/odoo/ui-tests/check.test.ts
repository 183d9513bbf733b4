import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadUiTestsFixture } from "@/server/agents/fixtures/tests";
import { type Blueprint, blueprintSchema } from "@/server/odoo/blueprint/schema";
import { aiTestId, checkUiTests } from "./check";
import { planUiTests, TINY_PNG, type UiStep, type UiTest } from "./plan";

const fixture = loadUiTestsFixture("library_management");
const library = fixture.blueprint;
const answer = JSON.parse(fixture.rounds[0]!.text) as { tests: UiTest[] };
const byId = (id: string) => structuredClone(answer.tests.find((t) => t.id === id)!);
const example = (file: string): Blueprint => blueprintSchema.parse(JSON.parse(readFileSync(path.resolve("examples/blueprints", file), "utf8")));

const menu = (name: string): UiStep => ({ kind: "openMenu", path: ["Community Library", name], xmlids: ["library_management.menu_root", `library_management.menu_${name.toLowerCase()}`] });
const text = (value: string) => ({ kind: "text" as const, value });
const test = (id: string, steps: UiStep[]): UiTest => ({ id, name: id, happy: false, steps: [{ kind: "login" }, ...steps] });
const problemsOf = (steps: UiStep[], bp: Blueprint = library) => checkUiTests([test("t", steps)], bp).problems;

/** Creates a member and a book, then opens a new loan of them (as the fixture's tests do). */
const loanSteps: UiStep[] = [
  menu("Members"),
  { kind: "clickNew" },
  { kind: "fill", field: "name", label: "Name", value: text("Reader {{n}}") },
  { kind: "fill", field: "card_number", label: "Card Number", value: text("C-{{n}}") },
  { kind: "save" },
  menu("Books"),
  { kind: "clickNew" },
  { kind: "fill", field: "title", label: "Title", value: text("Book {{n}}") },
  { kind: "save" },
  menu("Loans"),
  { kind: "clickNew" },
  { kind: "fill", field: "member_id", label: "Member", value: { kind: "relation", search: "Reader {{n}}", many: false } },
  { kind: "fill", field: "book_id", label: "Book", value: { kind: "relation", search: "Book {{n}}", many: false } },
];

describe("checkUiTests", () => {
  it("accepts every test the plan makes for every example, steps unchanged", () => {
    for (const file of readdirSync(path.resolve("examples/blueprints")).filter((f) => f.endsWith(".json"))) {
      const bp = example(file);
      const plan = planUiTests(bp);
      const checked = checkUiTests(plan.tests.slice(0, 10), bp);
      expect(checked.problems, file).toEqual([]);
      expect(checked.tests.map((t) => t.steps)).toEqual(plan.tests.slice(0, 10).map((t) => t.steps));
    }
  });

  it("keeps the recorded answer's ten tests: ai- ids, {{n}} replaced by one tag per test", () => {
    const checked = checkUiTests(answer.tests, library);
    expect(checked.problems).toEqual([]);
    expect(checked.tests.map((t) => t.id)).toEqual(answer.tests.map((t) => `ai-${t.id}`));
    const json = JSON.stringify(checked.tests);
    expect(json).not.toContain("{{n}}");
    const lend = checked.tests.find((t) => t.id === "ai-lend-sets-due-date")!;
    expect(lend.steps).toContainEqual({ kind: "fill", field: "member_id", label: "Member", value: { kind: "relation", search: "Reader UI 906", many: false } });
    expect(lend.steps).toContainEqual({ kind: "fill", field: "card_number", label: "Card Number", value: { kind: "text", value: "C-UI 906" } });
    expect(checked.tests.filter((t) => t.happy).map((t) => t.id)).toEqual(["ai-create-and-find-book", "ai-lend-sets-due-date"]);
  });

  it("catches a field, a menu and a button the module does not have", () => {
    expect(problemsOf([menu("Books"), { kind: "clickNew" }, { kind: "fill", field: "author", label: "Author", value: text("Hugo") }, { kind: "save" }, { kind: "expectError" }])).toEqual([
      expect.stringMatching(/^test "t" step 4 \(fill author\): library\.book has no field "author"; its fields: title, isbn, author_ids/),
    ]);
    const [wrongMenu, ...rest] = problemsOf([{ kind: "openMenu", path: ["Community Library", "Loan"], xmlids: ["library_management.menu_root", "library_management.menu_loan"] }, { kind: "clickNew" }, { kind: "expectStatus", label: "Draft" }]);
    expect(wrongMenu).toBe(
      'test "t" step 2 (openMenu): no menu Community Library / Loan (library_management.menu_root, library_management.menu_loan); use one of: library_management.menu_loans, library_management.menu_books, library_management.menu_members, library_management.menu_authors, library_management.menu_genres',
    );
    expect(rest).toEqual([]);
    expect(problemsOf([...loanSteps, { kind: "save" }, { kind: "clickButton", name: "action_confirm", label: "Confirm" }, { kind: "expectStatus", label: "On Loan" }])).toEqual([
      'test "t" step 16 (clickButton): no button action_confirm on the form of library.loan; its buttons: action_lend ("Lend"), action_return ("Return"), action_mark_lost ("Mark as Lost")',
    ]);
  });

  it("follows the workflow: a button hidden in the record's status, a status it cannot have", () => {
    expect(problemsOf([...loanSteps, { kind: "save" }, { kind: "clickButton", name: "action_return", label: "Return" }, { kind: "expectStatus", label: "Draft" }])).toEqual([
      'test "t" step 16 (clickButton): "Return" is only shown when the status is "On Loan"; here it is "Draft"',
      'test "t" step 17 (expectStatus): the record is "Returned" at this point, not "Draft"',
    ]);
    expect(problemsOf([...loanSteps, { kind: "save" }, { kind: "expectStatus", label: "Closed" }])).toEqual([
      'test "t" step 16 (expectStatus): no status "Closed"; the statuses are "Draft", "On Loan", "Returned", "Lost"',
    ]);
  });

  it("catches fields that cannot be filled or read, wrong values, missing required fields", () => {
    expect(problemsOf([...loanSteps, { kind: "fill", field: "due_date", label: "Due", value: { kind: "date", value: "2024-03-01", datetime: false } }, { kind: "save" }, { kind: "expectStatus", label: "Draft" }])).toEqual([
      'test "t" step 15 (fill due_date): "due_date" is computed: it cannot be filled (check it with expectField)',
    ]);
    expect(problemsOf([...loanSteps.slice(0, 13), { kind: "fill", field: "loan_date", label: "Loan Date", value: text("March 1st") }, { kind: "save" }, { kind: "expectStatus", label: "Draft" }])).toEqual([
      expect.stringContaining('step 15 (fill loan_date): date field "loan_date" takes an ISO date such as 2024-03-01'),
    ]);
    expect(problemsOf([menu("Books"), { kind: "clickNew" }, { kind: "fill", field: "isbn", label: "ISBN", value: text("978-0140444308-{{n}}") }, { kind: "save" }, { kind: "expectRecord" }])).toEqual([
      'test "t" step 4 (fill isbn): "978-0140444308-{{n}}" is too long for "isbn" (at most 17 characters, and {{n}} becomes 6 to 8)',
      'test "t" step 5 (save): required field(s) not filled before saving: title ("Title")',
      'test "t" step 6 (expectRecord): expectRecord looks at the list (openMenu or back first)',
    ]);
    expect(problemsOf([menu("Members"), { kind: "clickNew" }, { kind: "fill", field: "name", label: "Name", value: text("Anna") }, { kind: "fill", field: "card_number", label: "Card", value: text("M-001") }, { kind: "save" }, { kind: "expectField", field: "state", text: "x" }])).toEqual([
      'test "t" step 5 (fill card_number): "card_number" must be unique: put {{n}} in the value (e.g. "M-001 {{n}}") so a retry or another run does not collide',
      'test "t" step 7 (expectField state): library.member has no field "state"; its fields: name, card_number, email, phone, member_since, loan_ids, loan_count',
    ]);
    expect(problemsOf([menu("Books"), { kind: "search", text: "${reference}" }, { kind: "expectRecord", text: "${reference}" }])).toEqual([
      'test "t" step 3 (search): ${reference} is not remembered by an earlier readField (only ${today} is built in)',
      'test "t" step 4 (expectRecord): ${reference} is not remembered by an earlier readField (only ${today} is built in)',
    ]);
  });

  it("checks selection labels and normalises their case", () => {
    const fleet = example("fleet_maintenance.json");
    const order = fleet.models.find((m) => m.name === "fleet.maint.order")!;
    const kind = order.fields.find((f) => f.name === "kind")!;
    expect(kind.type).toBe("selection");
    const options = kind.type === "selection" ? kind.options : [];
    const base = planUiTests(fleet).tests.find((t) => t.id === "create-fleet_maint_order")!;
    const withKind = (label: string) => {
      const steps = [...base.steps];
      steps.splice(steps.findIndex((s) => s.kind === "save" && steps.indexOf(s) > 6), 0, { kind: "fill", field: "kind", label: "Kind", value: { kind: "select", label } });
      return checkUiTests([{ ...base, steps }], fleet);
    };
    expect(withKind("nope").problems).toEqual([expect.stringContaining(`takes one of the labels ${options.map((o) => `"${o.label}"`).join(", ")}`)]);
    expect(withKind(options[1]!.label.toUpperCase()).tests[0]!.steps).toContainEqual(expect.objectContaining({ field: "kind", value: { kind: "select", label: options[1]!.label } }));
  });

  it("derives what it can: login, labels, tabs, the back before New, the image, action_ names, menus by xml id", () => {
    // The book's cover moved to a second tab (hidden until clicked).
    const tabs = structuredClone(library);
    const form = tabs.views.find((v) => v.type === "form" && v.model === "library.book")!;
    if (form.type === "form") {
      form.groups = form.groups.map((g) => ({ ...g, fields: g.fields.filter((f) => f !== "cover") }));
      form.pages.push({ title: "Cover", fields: ["cover"] });
    }
    const [checked] = checkUiTests(
      [
        {
          id: "Books: two!",
          name: "  Two   books ",
          happy: false,
          steps: [
            { kind: "openMenu", path: ["Books"], xmlids: ["menu_books"] },
            { kind: "clickNew" },
            { kind: "fill", field: "title", label: "?", value: text("One {{n}}") },
            { kind: "fill", field: "summary", label: "?", value: text("Long") },
            { kind: "fill", field: "cover", label: "?", value: { kind: "file", name: "x", base64: "" } },
            { kind: "save" },
            { kind: "clickNew" },
            { kind: "fill", field: "title", label: "?", value: text("Two {{n}}") },
            { kind: "save" },
            { kind: "back" },
            { kind: "expectRecord", text: "Two {{n}}" },
          ],
        },
      ],
      tabs,
    ).tests;
    expect(checked).toEqual({
      id: "ai-books-two",
      name: "Two books",
      happy: false,
      steps: [
        { kind: "login" },
        menu("Books"),
        { kind: "clickNew" },
        { kind: "fill", field: "title", label: "Title", value: { kind: "text", value: "One UI 901" } },
        { kind: "fill", field: "summary", label: "Summary", value: { kind: "text", value: "Long", multiline: true } },
        { kind: "fill", field: "cover", label: "Cover", page: "Cover", value: { kind: "file", name: "omb.png", base64: TINY_PNG } },
        { kind: "save" },
        { kind: "back" },
        { kind: "clickNew" },
        { kind: "fill", field: "title", label: "Title", value: { kind: "text", value: "Two UI 901" } },
        { kind: "save" },
        { kind: "back" },
        { kind: "expectRecord", text: "Two UI 901" },
      ],
    });
    // Editable lists: rows, inline steps, only the columns.
    const genre = checkUiTests([test("g", [{ kind: "openMenu", path: ["Community Library", "Configuration", "Genres"], xmlids: ["library_management.menu_genres"] }, { kind: "clickNew" }, { kind: "fill", field: "name", label: "Name", value: text("Genre {{n}}") }, { kind: "save" }, { kind: "expectRecord", text: "Genre {{n}}" }])], library);
    expect(genre.problems).toEqual([]);
    expect(genre.tests[0]!.steps.slice(2)).toEqual([
      { kind: "clickNew", inline: true },
      { kind: "fill", field: "name", label: "Name", inline: true, value: { kind: "text", value: "Genre UI 901" } },
      { kind: "save", inline: true },
      { kind: "expectRecord", text: "Genre UI 901" },
    ]);
    const clicked = checkUiTests([test("b", [...loanSteps, { kind: "save" }, { kind: "clickButton", name: "lend", label: "x" }, { kind: "expectStatus", label: "on loan" }])], library).tests[0]!;
    expect(clicked.steps.slice(-2)).toEqual([{ kind: "clickButton", name: "action_lend", label: "Lend" }, { kind: "expectStatus", label: "On Loan" }]);
  });

  it("expectError follows the refused step, and a refused save ends the test", () => {
    const refused: UiStep[] = [menu("Books"), { kind: "clickNew" }, { kind: "fill", field: "title", label: "Title", value: text("B {{n}}") }, { kind: "fill", field: "copies", label: "Copies", value: text("-1") }, { kind: "save" }, { kind: "expectError", text: "negative" }];
    expect(problemsOf(refused)).toEqual([]);
    expect(problemsOf([...refused, menu("Members"), { kind: "expectView", views: ["list"] }])).toEqual([
      'test "t" step 8 (openMenu): the save before was refused, so the form still holds unsaved values: end the test after expectError (or correct a field and save again)',
    ]);
    expect(problemsOf([...refused, { kind: "fill", field: "copies", label: "Copies", value: text("1") }, { kind: "save" }, { kind: "back" }, { kind: "expectRecord", text: "B {{n}}" }])).toEqual([]);
    expect(problemsOf([menu("Books"), { kind: "expectError" }])).toEqual(['test "t" step 3 (expectError): expectError follows the step Odoo refuses (save, clickButton, or a fill whose onchange warns)']);
  });

  it("holds tests to 40 steps and a run to 10 tests; a test must check something; ids stay unique", () => {
    const long = test("long", [menu("Books"), ...Array.from({ length: 20 }, () => [{ kind: "search", text: "x" }, { kind: "expectRecord" }] as UiStep[]).flat()]);
    expect(checkUiTests([long], library).problems).toEqual(['test "long": 42 steps; a test has at most 40: split it']);
    expect(checkUiTests([test("none", [menu("Books")])], library).problems).toEqual(['test "none": checks nothing; end with expectRecord, expectField, expectStatus or expectError']);
    const many = Array.from({ length: 12 }, (_, i) => ({ ...byId("negative-copies"), id: i < 2 ? "same" : `n${i}` }));
    const checked = checkUiTests(many, library);
    expect(checked.tests).toHaveLength(10);
    expect(checked.excess).toEqual(["n10", "n11"]);
    expect(checked.problems).toEqual(["only 10 tests are kept; dropped: n10, n11"]);
    expect(checked.tests.slice(0, 3).map((t) => t.id)).toEqual(["ai-same", "ai-same-2", "ai-n2"]);
    // Each test its own tag.
    expect(checked.tests.map((t) => (t.steps[3] as Extract<UiStep, { kind: "fill" }>).value)).toEqual(Array.from({ length: 10 }, (_, i) => ({ kind: "text", value: `Damaged UI ${901 + i}` })));
    expect(aiTestId("ai-Return loan", "")).toBe("ai-return-loan");
    expect(aiTestId("!!!", "Lost books")).toBe("ai-lost-books");
  });
});
