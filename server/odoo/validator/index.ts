/**
 * The module validator: checks any Odoo addon (compiled by us, hand- or AI-written) against a
 * target Odoo version and returns structured findings. See ./rules.ts for every rule id.
 */
export { fallbackCatalogue } from "./catalogue/fallback";
export { clearCatalogueMemo, type LoadedCatalogue, loadCatalogue, loadCatalogueDetailed } from "./catalogue/load";
export { type DependsGraph, loadDependsGraph } from "./catalogue/depends";
export { findOdooTree } from "./catalogue/tree";
export { RULES, type RuleId } from "./rules";
export { validateDirectory, validateZip } from "./sources";
export type { Finding, ModelCatalogue, ValidateOptions } from "./types";
export { sortFindings, validateModule } from "./validate";
