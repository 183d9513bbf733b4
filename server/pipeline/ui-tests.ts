/**
 * The UI-test stage's port: plan Playwright tests from the blueprint and play them against the
 * sandbox's running Odoo. The default runner loads server/odoo/ui-tests lazily (playwright-core
 * is heavy, and the stage is skipped plainly when it cannot load); tests pass a fake.
 */
import { existsSync } from "node:fs";
import type { TestCaseResult } from "@/db/schema";
import type { OdooVersion } from "@/lib/odoo-versions";
import type { Blueprint } from "@/server/odoo/blueprint/schema";
import type { UiTest, UiTestPlan } from "@/server/odoo/ui-tests/plan";
import type { BlobStore } from "@/server/ports/storage";

export interface UiTestRunInput {
  blueprint: Blueprint;
  quick: boolean;
  baseUrl: string;
  login: string;
  password: string;
  odooVersion: OdooVersion;
  store: BlobStore;
  keyPrefix: string;
  onResult?: (result: TestCaseResult) => void;
  /** Acceptance tests from the UI-test writer (AI), played after the plan's own tests. */
  extraTests?: UiTest[];
}

export type UiTestRunner = (input: UiTestRunInput) => Promise<TestCaseResult[]>;

/** The real runner (playwright-core + the system's Chromium), or null when it cannot load. */
export async function defaultUiTestRunner(): Promise<UiTestRunner | null> {
  // Without a browser there is nothing to play the tests with: skip the stage, say why.
  if (!existsSync(/*turbopackIgnore: true*/ process.env.CHROMIUM_PATH ?? "/usr/bin/chromium")) return null;
  try {
    const [{ planUiTests }, { runUiTests }] = await Promise.all([import("@/server/odoo/ui-tests/plan"), import("@/server/odoo/ui-tests/runner")]);
    return async (input) =>
      runUiTests({
        plan: withExtraTests(planUiTests(input.blueprint, { quick: input.quick }), input.extraTests ?? []),
        baseUrl: input.baseUrl,
        login: input.login,
        password: input.password,
        odooVersion: input.odooVersion,
        store: input.store,
        keyPrefix: input.keyPrefix,
        onResult: input.onResult,
      });
  } catch {
    return null;
  }
}

/** The plan with the writer's tests appended (ids kept unique: a clash gets a suffix). */
export function withExtraTests(plan: UiTestPlan, extra: readonly UiTest[]): UiTestPlan {
  if (!extra.length) return plan;
  const ids = new Set(plan.tests.map((test) => test.id));
  const added = extra.map((test) => {
    let id = test.id;
    for (let n = 2; ids.has(id); n += 1) id = `${test.id}-${n}`;
    ids.add(id);
    return { ...test, id };
  });
  return { ...plan, tests: [...plan.tests, ...(plan.quick ? added.filter((test) => test.happy) : added)] };
}
