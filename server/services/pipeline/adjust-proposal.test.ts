/**
 * proposeAdjustment on PGlite with a fake adjuster: an applied request becomes a new spec
 * version (source adjustment, with the AI's provenance) and nothing is approved or sent; a
 * contradiction saves nothing; offline and outside UAT the user gets a clear error.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Project, projects, specVersions } from "@/db/schema";
import type { Adjuster } from "@/server/pipeline/adjuster";
import { offlineDrafter } from "@/server/pipeline/spec";
import { AiError } from "@/server/ports/ai/types";
import { createProject } from "@/server/services/projects/projects";
import { createSpecVersion, listSpecVersions } from "@/server/services/specs/specs";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { makeUser, sampleProject } from "@/test/fixtures";
import { proposeAdjustment } from "./adjust-proposal";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

let n = 0;
async function setup(status: Project["status"]) {
  const user = await makeUser(t.db);
  n += 1;
  const project = await createProject({ db: t.db }, { userId: user.id }, sampleProject({ moduleName: `adjust_proposal_${n}` }));
  const draft = await offlineDrafter.draft({ title: project.title, moduleName: project.moduleName, odooVersion: project.odooVersion, description: project.description, depends: project.depends });
  const spec = await createSpecVersion(t.db, { projectId: project.id, source: "offline", markdown: draft.markdown, blueprint: draft.blueprint });
  await t.db.update(specVersions).set({ approvedAt: new Date(), approvedBy: user.id }).where(eq(specVersions.id, spec.id));
  const [row] = await t.db.update(projects).set({ status }).where(eq(projects.id, project.id)).returning();
  return { user, project: row!, draft };
}

const usage = { provider: "google", model: "gemini-2.5-flash", inputTokens: 3000, outputTokens: 1200, costMicros: 4100, calls: 1 };

describe("proposeAdjustment", () => {
  it("an applied request is saved as the next spec version, unapproved, with the AI's provenance", async () => {
    const s = await setup("uat");
    const seen: string[] = [];
    const adjuster: Adjuster = {
      name: "fake",
      async adjust(input) {
        seen.push(input.request, input.markdown.slice(0, 20));
        const blueprint = structuredClone(input.blueprint);
        blueprint.models[0]!.fields.push({ name: "x_notes", type: "text", string: "Notes" } as never);
        return { verdict: "apply", markdown: `${input.markdown}\n\n## Revision\n- Notes field.`, blueprint, explanation: "Adds a Notes field.", ai: usage };
      },
    };
    const result = await proposeAdjustment({ db: t.db, adjuster }, { userId: s.user.id }, s.project, { request: "Add a notes field" });
    expect(result).toEqual({ verdict: "apply", explanation: "Adds a Notes field.", specNumber: 2 });
    expect(seen[0]).toBe("Add a notes field");
    const [latest] = await listSpecVersions(t.db, s.project.id);
    expect(latest).toMatchObject({ number: 2, source: "adjustment", approvedAt: null, aiProvider: "google", aiModel: "gemini-2.5-flash", aiCostMicros: 4100 });
  });

  it("a contradiction saves nothing and explains why", async () => {
    const s = await setup("uat");
    const adjuster: Adjuster = { name: "fake", adjust: async () => ({ verdict: "contradicts", explanation: "The approved spec keeps loans per member; removing members contradicts it." }) };
    const result = await proposeAdjustment({ db: t.db, adjuster }, { userId: s.user.id }, s.project, { request: "Remove members" });
    expect(result.verdict).toBe("contradicts");
    expect(result.explanation).toContain("contradicts");
    expect(await listSpecVersions(t.db, s.project.id)).toHaveLength(1);
  });

  it("offline, outside UAT, and on a spent budget: clear errors", async () => {
    const s = await setup("uat");
    await expect(proposeAdjustment({ db: t.db, adjuster: null }, { userId: s.user.id }, s.project, { request: "Add a field" })).rejects.toThrow(/needs an AI provider/);
    const building = await setup("building");
    const never: Adjuster = { name: "never", adjust: async () => { throw new Error("must not be called"); } };
    await expect(proposeAdjustment({ db: t.db, adjuster: never }, { userId: s.user.id }, building.project, { request: "Add a field" })).rejects.toThrow(/during the live preview/);
    const broke: Adjuster = { name: "broke", adjust: async () => { throw new AiError("budget", "This project has used its AI budget."); } };
    await expect(proposeAdjustment({ db: t.db, adjuster: broke }, { userId: s.user.id }, s.project, { request: "Add a field" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("AI budget") });
  });
});
