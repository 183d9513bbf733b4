/**
 * Generated UI tests (journey step 5): a plan derived from the blueprint (./plan.ts), played with
 * Playwright against a sandbox's live Odoo (./runner.ts), with per-version selectors in one table
 * (./versions.ts). Results are `TestCaseResult`s of suite "ui".
 */
export { adminGroups, type PlanOptions, planUiTests, type UiFieldValue, type UiStep, type UiTest, type UiTestPlan } from "./plan";
export { runUiTests, type RunUiTestsOptions, UiTestFailure } from "./runner";
export { UI_VERSION_RULES, uiVersionRules, type UiVersionRules } from "./versions";
