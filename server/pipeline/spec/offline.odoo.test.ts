/**
 * Offline drafts are not just valid on paper: two drafted modules install in real Odoo with
 * their generated tests passing, on every version whose tree is configured on this machine.
 * Versions without a tree are skipped with the reason (see README "Real Odoo on this machine").
 */
import { describe, expect, it } from "vitest";
import { compileModule } from "@/server/odoo/compiler";
import { installModule, ODOO_VERSIONS, odooAvailability } from "@/server/odoo/runtime";
import { draftOffline } from "./offline";
import type { DraftInput } from "./types";

const inputs: Omit<DraftInput, "odooVersion">[] = [
  {
    title: "Fleet maintenance log",
    moduleName: "omb_draft_fleet",
    description:
      "Keeps a register of vehicles and their maintenance orders. Each order goes through a draft → scheduled → in progress → done workflow, gets a reference number, lists its parts and labour lines and totals their cost.",
    depends: ["mail"],
  },
  {
    title: "Field service visits",
    moduleName: "omb_draft_visits",
    description:
      "Visits at customer sites belong to a company. Technicians record the visit date, the duration, the customer, and a report. Each visit can be planned, in progress, done or cancelled.",
    depends: ["mail"],
  },
];

const availability = await Promise.all(ODOO_VERSIONS.map(async (version) => ({ version, ...(await odooAvailability(version)) })));
for (const entry of availability) {
  if (!entry.ok) console.warn(`[offline drafts] real-Odoo ${entry.version} skipped: ${entry.reason}`);
}

for (const entry of availability) {
  const { version } = entry;
  describe.skipIf(!entry.ok)(entry.ok ? `offline drafts on real Odoo ${version}` : `offline drafts on real Odoo ${version} — skipped: ${entry.reason}`, () => {
    for (const input of inputs) {
      it(`${input.moduleName} installs with its generated tests passing`, async () => {
        const { blueprint } = draftOffline({ ...input, odooVersion: version });
        const files = compileModule(blueprint);
        const result = await installModule({ version, files, moduleName: blueprint.module.name, depends: ["base", "mail"], tests: true, timeoutMs: 300_000 });
        expect(result.errors, result.log.slice(-4000)).toEqual([]);
        expect(result.failures).toEqual([]);
        expect(result).toMatchObject({ state: "installed", testsFailed: 0 });
        expect(result.testsRun).toBeGreaterThan(0);
      }, 900_000);
    }
  });
}
