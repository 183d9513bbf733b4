import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BlueprintInput } from "@/server/odoo/blueprint/schema";
import { textOf, unzipModule } from "@/server/odoo/module-files";
import { verifyBlobUrl } from "@/server/ports/storage";
import type { SessionUser } from "@/server/services/auth/auth";
import { createTestDatabase, type TestDatabase, testDatabaseKind } from "@/test/db";
import { callerFor, makeUser, sampleProject, testStore } from "@/test/fixtures";

const blueprint = (extraField = false): BlueprintInput => ({
  module: { name: "ignored_name", title: "Equipment loans", odooVersion: "16", depends: ["base"] },
  models: [
    {
      name: "equipment.loan",
      description: "Equipment loan",
      fields: [
        { type: "char", name: "name", string: "Reference", required: true },
        { type: "date", name: "date_out", string: "Out" },
        ...(extraField ? [{ type: "integer" as const, name: "quantity", string: "Quantity" }] : []),
      ],
    },
  ],
  views: [{ type: "list", model: "equipment.loan", fields: ["name", "date_out"] }],
  menus: [{ id: "menu_loans", name: "Loans", model: "equipment.loan" }],
});

describe(`module versions (${testDatabaseKind})`, () => {
  let t: TestDatabase;
  let owner: SessionUser;
  let other: SessionUser;
  let projectId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    owner = await makeUser(t.db);
    other = await makeUser(t.db);
    projectId = (await callerFor(t.db, owner).project.create(sampleProject({ moduleName: "equipment_loans", odooVersion: "17", depends: [] }))).id;
  });
  afterAll(() => t.close());

  it("builds version 1 for the project's module name and Odoo version, and stores the zip", async () => {
    const { version, reused } = await callerFor(t.db, owner).module.build({ projectId, blueprint: blueprint() });
    expect(reused).toBe(false);
    expect(version.number).toBe(1);
    expect(version.odooVersion).toBe("17");
    expect(version.findingSummary.errors).toBe(0);
    const zip = await testStore.get(version.blobKey);
    const { moduleName, files } = unzipModule(zip!.body);
    expect(moduleName).toBe("equipment_loans");
    expect(textOf(files.get("__manifest__.py")!)).toContain("17.0.1.0.0");
    expect(version.files.map((f) => f.path)).toContain("models/equipment_loan.py");
  });

  it("gives back the same version for the same blueprint, and N+1 for a changed one", async () => {
    const caller = callerFor(t.db, owner);
    const again = await caller.module.build({ projectId, blueprint: blueprint() });
    expect(again).toMatchObject({ reused: true, version: { number: 1 } });
    const changed = await caller.module.build({ projectId, blueprint: blueprint(true) });
    expect(changed).toMatchObject({ reused: false, version: { number: 2 } });
    const versions = await caller.module.versions({ projectId });
    expect(versions.map((v) => v.number)).toEqual([2, 1]);
  });

  it("serves the file tree, one file's text, and a signed download link", async () => {
    const caller = callerFor(t.db, owner);
    const tree = await caller.module.files({ projectId, number: 1 });
    expect(tree.files.length).toBeGreaterThan(5);
    const manifest = await caller.module.file({ projectId, number: 1, path: "__manifest__.py" });
    expect(manifest).toMatchObject({ encoding: "utf8" });
    expect(manifest.content).toContain("'name'");
    const icon = await caller.module.file({ projectId, path: "static/description/icon.png" });
    expect(icon.encoding).toBe("base64");
    await expect(caller.module.file({ projectId, path: "../../etc/passwd" })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const { url } = await caller.module.download({ projectId });
    const parsed = new URL(url, "http://app");
    const key = parsed.pathname.replace("/api/blobs/", "");
    expect(parsed.searchParams.get("name")).toBe("equipment_loans-17.0-v2.zip");
    // The default signing secret derives from NEXTAUTH_SECRET (generated under DATA_DIR here).
    const { getEnv } = await import("@/server/env");
    const { storageSigningSecret } = await import("@/server/ports/storage");
    expect(verifyBlobUrl(storageSigningSecret(getEnv()), key, parsed.searchParams).ok).toBe(true);
  });

  it("refuses a blueprint with broken references, explaining them", async () => {
    const broken = blueprint();
    broken.views = [{ type: "list", model: "equipment.loan", fields: ["no_such_field"] }];
    const error = await callerFor(t.db, owner).module.build({ projectId, blueprint: broken }).catch((e: unknown) => e as TRPCError);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as TRPCError).message).toMatch(/no_such_field/);
  });

  it("answers NOT_FOUND to another user through every module procedure", async () => {
    const intruder = callerFor(t.db, other);
    // Called one at a time: a promise created early would reject unobserved while another is awaited.
    const calls = [
      () => intruder.module.build({ projectId, blueprint: blueprint() }),
      () => intruder.module.versions({ projectId }),
      () => intruder.module.files({ projectId }),
      () => intruder.module.file({ projectId, path: "__manifest__.py" }),
      () => intruder.module.download({ projectId }),
    ];
    for (const call of calls) await expect(call()).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("validates a blueprint without storing anything", async () => {
    const result = await callerFor(t.db, owner).blueprint.validate({ ...blueprint(), module: { name: "loans_check", title: "Loans", odooVersion: "18" } });
    expect(result.files).toContain("__manifest__.py");
    expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
  });
});
