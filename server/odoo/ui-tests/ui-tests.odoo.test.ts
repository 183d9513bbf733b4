/**
 * Generated UI tests against real Odoo: for each version on this machine, example blueprints are
 * compiled, installed in a local sandbox, served through the preview proxy, and their planned UI
 * tests played with Chromium — all must pass. A plan naming a menu that does not exist must fail,
 * with Odoo's page stored as a screenshot. Skipped with the reason when no tree (or no Chromium).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { TestCaseResult } from "@/db/schema/pipeline";
import { blueprintSchema } from "@/server/odoo/blueprint/schema";
import { compileModule } from "@/server/odoo/compiler";
import { manifestDepends, textOf } from "@/server/odoo/module-files";
import { ODOO_VERSIONS, odooAvailability } from "@/server/odoo/runtime";
import { localSandboxProvider } from "@/server/ports/sandbox/local";
import type { Sandbox } from "@/server/ports/sandbox/types";
import { planUiTests, type UiTestPlan } from "./plan";
import { runUiTests } from "./runner";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const noChromium = existsSync(chromiumPath) ? null : `no Chromium at ${chromiumPath} (set CHROMIUM_PATH)`;
const availability = await Promise.all(ODOO_VERSIONS.map(async (version) => ({ version, ...(await odooAvailability(version)) })));
const only = process.env.OMB_UI_TEST_VERSIONS?.split(",");
for (const entry of availability) {
  const reason = noChromium ?? (entry.ok ? null : entry.reason);
  if (reason) console.warn(`[ui-tests] real-Odoo ${entry.version} skipped: ${reason}`);
}

// library_management on every version; the larger fleet_maintenance (relations, workflow) on
// one version by default to keep the suite short (OMB_UI_TEST_ALL=1 plays both everywhere).
const EXAMPLES = ["library_management", "fleet_maintenance"];
const FLEET_VERSIONS = process.env.OMB_UI_TEST_ALL ? ["16", "17", "18", "19"] : ["17"];
const blueprints = EXAMPLES.map((name) => ({
  name,
  blueprint: blueprintSchema.parse(JSON.parse(readFileSync(path.resolve("examples/blueprints", `${name}.json`), "utf8"))),
}));

const provider = localSandboxProvider({ previewSecret: "u".repeat(40), appOrigin: "http://127.0.0.1:3000" });

type Row = { version: string; example: string; tests: number; passed: number; seconds: number };
const rows: Row[] = [];
afterAll(() => {
  if (!rows.length) return;
  mkdirSync(".data/bench", { recursive: true });
  writeFileSync(".data/bench/ui-tests-real-odoo.json", JSON.stringify(rows, null, 2));
  console.info(rows.map((r) => `[ui-tests] ${r.example} on ${r.version}: ${r.passed}/${r.tests} UI tests passed in ${r.seconds.toFixed(1)} s`).join("\n"));
});

function memoryStore() {
  const blobs = new Map<string, { body: Uint8Array; contentType: string }>();
  return {
    blobs,
    async put(key: string, body: Uint8Array, options: { contentType: string }) {
      blobs.set(key, { body, contentType: options.contentType });
      return { key, size: body.length, contentType: options.contentType };
    },
  };
}

const failures = (results: TestCaseResult[]) => results.filter((r) => r.status !== "passed").map((r) => `${r.name}: ${r.error}`);

for (const entry of availability) {
  const { version } = entry;
  const skip = noChromium ?? (entry.ok ? null : entry.reason) ?? (only && !only.includes(version) ? "not in OMB_UI_TEST_VERSIONS" : null);

  describe.skipIf(!!skip)(skip ? `UI tests on Odoo ${version} — skipped: ${skip}` : `UI tests on Odoo ${version}`, () => {
    for (const { name, blueprint } of blueprints.filter((b) => b.name !== "fleet_maintenance" || FLEET_VERSIONS.includes(version))) {
      it(`${name}: every planned UI test passes; a missing menu fails with a screenshot`, async () => {
        const files = compileModule(blueprint, version);
        const depends = manifestDepends(textOf(files.get("__manifest__.py")!));
        let sandbox: Sandbox | null = null;
        try {
          sandbox = await provider.create({ odooVersion: version, depends, timeoutMs: 15 * 60_000, labels: { test: "ui-tests" } });
          await sandbox.writeModule(blueprint.module.name, files);
          const verdict = await sandbox.install(blueprint.module.name, { tests: false });
          expect(verdict.errors).toEqual([]);
          expect(verdict.installed).toBe(true);
          const preview = await sandbox.startServer({ demo: false });
          const baseUrl = sandbox.previewLink()!;

          const plan = planUiTests(blueprint);
          const store = memoryStore();
          const started = Date.now();
          const results = await runUiTests({ plan, baseUrl, login: preview.login, password: preview.password, odooVersion: version, store, keyPrefix: `ui/${version}/${name}` });
          rows.push({ version, example: name, tests: results.length, passed: results.filter((r) => r.status === "passed").length, seconds: (Date.now() - started) / 1000 });
          expect(failures(results)).toEqual([]);
          expect(results).toHaveLength(plan.tests.length);
          expect(results.every((r) => r.suite === "ui")).toBe(true);
          // Screenshots only of failed attempts (a test that passed on its retry keeps the first one's).
          expect(store.blobs.size).toBe(results.filter((r) => r.screenshotKey).length);
          if (results.some((r) => r.error)) console.warn(`[ui-tests] ${name} on ${version}: ${results.filter((r) => r.error).map((r) => r.error).join(" | ")}`);

          // The negative case: a menu the module does not have.
          const broken: UiTestPlan = {
            module: plan.module,
            quick: false,
            tests: [
              {
                id: "menu-missing",
                name: "Nowhere: the menu opens its view",
                happy: false,
                steps: [
                  { kind: "login" },
                  { kind: "openMenu", path: [blueprint.module.title, "Nowhere"], xmlids: [`${plan.module}.menu_root`, `${plan.module}.menu_nowhere`] },
                  { kind: "expectView", views: ["list"] },
                ],
              },
            ],
          };
          const [failed] = await runUiTests({ retries: 0, plan: broken, baseUrl, login: preview.login, password: preview.password, odooVersion: version, store, keyPrefix: `ui/${version}/${name}`, stepTimeoutMs: 5_000 });
          expect(failed).toMatchObject({ suite: "ui", status: "failed", screenshotKey: `ui/${version}/${name}/menu-missing.png` });
          expect(failed!.error).toContain('the menu "Nowhere" is not shown');
          const png = store.blobs.get(failed!.screenshotKey!);
          expect(png?.contentType).toBe("image/png");
          expect(Buffer.from(png!.body.subarray(0, 8)).toString("hex")).toBe("89504e470d0a1a0a");
        } finally {
          await sandbox?.destroy();
        }
      }, 900_000);
    }
  });
}
