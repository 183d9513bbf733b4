import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BlueprintInput } from "@/server/odoo/blueprint/schema";
import type { SessionUser } from "@/server/services/auth/auth";
import { createTestDatabase, type TestDatabase, testDatabaseKind } from "@/test/db";
import { callerFor, makeUser, sampleProject, testStore } from "@/test/fixtures";
import { DIFF_LIMITS, diffFile, diffModules, moduleVersionDiff } from "./diff";

const enc = (text: string) => new TextEncoder().encode(text);

describe("file diff", () => {
  it("reports added and removed files with all their lines", () => {
    const added = diffFile("a.py", null, enc("x = 1\ny = 2\n"));
    expect(added).toMatchObject({ status: "added", additions: 2, deletions: 0 });
    expect(added.hunks[0]).toMatchObject({ oldStart: 0, oldLines: 0, newStart: 1, newLines: 2 });
    const removed = diffFile("a.py", enc("x = 1\n"), null);
    expect(removed).toMatchObject({ status: "removed", additions: 0, deletions: 1 });
  });

  it("skips binary files with a note", () => {
    const icon = diffFile("static/description/icon.png", new Uint8Array([137, 80, 78, 71]), new Uint8Array([137, 80, 78, 72, 0]));
    expect(icon).toMatchObject({ binary: true, hunks: [], status: "changed" });
    expect(icon.note).toMatch(/Binary file changed/);
    expect(diffFile("data.txt", null, new Uint8Array([65, 0, 66])).binary).toBe(true);
  });

  it("caps the lines shown per file, keeping the full counts", () => {
    const before = enc(Array.from({ length: 100 }, (_, i) => `a${i}`).join("\n"));
    const after = enc(Array.from({ length: 100 }, (_, i) => `b${i}`).join("\n"));
    const diff = diffFile("big.csv", before, after, { ...DIFF_LIMITS, maxLinesPerFile: 30 });
    expect(diff).toMatchObject({ additions: 100, deletions: 100, truncated: true });
    expect(diff.hunks.flatMap((hunk) => hunk.lines)).toHaveLength(30);
    expect(diff.note).toMatch(/first 30 lines/);
  });

  it("refuses files over the line limit", () => {
    const big = enc("x\n".repeat(50));
    const diff = diffFile("big.xml", big, enc("y\n".repeat(50)), { ...DIFF_LIMITS, maxFileLines: 10 });
    expect(diff).toMatchObject({ hunks: [], additions: 0 });
    expect(diff.note).toMatch(/Too large/);
  });

  it("lists only changed files, sorted, and counts the unchanged ones", () => {
    const before = new Map([
      ["b.py", enc("same\n")],
      ["a.py", enc("old\n")],
      ["gone.xml", enc("<x/>\n")],
    ]);
    const after = new Map([
      ["b.py", enc("same\n")],
      ["a.py", enc("new\n")],
      ["new.csv", enc("id\n")],
    ]);
    const diff = diffModules(before, after);
    expect(diff.files.map((file) => [file.path, file.status])).toEqual([
      ["a.py", "changed"],
      ["gone.xml", "removed"],
      ["new.csv", "added"],
    ]);
    expect(diff).toMatchObject({ unchanged: 1, additions: 2, deletions: 2 });
  });
});

const blueprint = (extraField: boolean): BlueprintInput => ({
  module: { name: "equipment_loans", title: "Equipment loans", odooVersion: "17", depends: ["base"] },
  models: [
    {
      name: "equipment.loan",
      description: "Equipment loan",
      fields: [
        { type: "char", name: "name", string: "Reference", required: true },
        ...(extraField ? [{ type: "integer" as const, name: "quantity", string: "Quantity" }] : []),
      ],
    },
  ],
  views: [{ type: "list", model: "equipment.loan", fields: ["name"] }],
  menus: [{ id: "menu_loans", name: "Loans", model: "equipment.loan" }],
});

describe(`module version diff (${testDatabaseKind})`, () => {
  let t: TestDatabase;
  let owner: SessionUser;
  let other: SessionUser;
  let projectId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    owner = await makeUser(t.db);
    other = await makeUser(t.db);
    const caller = callerFor(t.db, owner);
    projectId = (await caller.project.create(sampleProject({ moduleName: "equipment_loans", depends: [] }))).id;
    await caller.module.build({ projectId, blueprint: blueprint(false) });
    await caller.module.build({ projectId, blueprint: blueprint(true) });
  });
  afterAll(() => t.close());

  it("diffs two stored versions: the model's Python file gained the field", async () => {
    const diff = await moduleVersionDiff({ db: t.db, store: testStore }, projectId, {});
    expect(diff.from.number).toBe(1);
    expect(diff.to.number).toBe(2);
    const python = diff.files.find((file) => file.path === "models/equipment_loan.py");
    expect(python).toMatchObject({ status: "changed", binary: false });
    const added = python!.hunks.flatMap((hunk) => hunk.lines).filter((line) => line.type === "add");
    expect(added.some((line) => line.text.includes("quantity = fields.Integer("))).toBe(true);
    expect(added.every((line) => typeof line.newNumber === "number")).toBe(true);
    expect(diff.unchanged).toBeGreaterThan(0);
    expect(diff.files.some((file) => file.path === "__manifest__.py")).toBe(false);
  });

  it("is served to the owner through module.diff, with explicit versions too", async () => {
    const caller = callerFor(t.db, owner);
    const forward = await caller.module.diff({ projectId, from: 1, to: 2 });
    const backward = await caller.module.diff({ projectId, from: 2, to: 1 });
    const py = (d: typeof forward) => d.files.find((file) => file.path === "models/equipment_loan.py")!;
    expect(py(backward).deletions).toBe(py(forward).additions);
    await expect(caller.module.diff({ projectId, to: 1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.module.diff({ projectId, from: 1, to: 9 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("is not served to another user", async () => {
    await expect(callerFor(t.db, other).module.diff({ projectId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(t.db, null).module.diff({ projectId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
