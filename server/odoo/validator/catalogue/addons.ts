import { dependsClosure } from "../depends-graph";

/**
 * Core addons whose models go into the catalogue built from a real tree: the framework and the
 * apps customers' modules most often extend or point at. A model outside this set is "unknown"
 * to the validator, which then skips its field checks rather than guessing.
 */
export const CATALOGUE_ADDONS = [
  // framework
  "base", "web", "bus", "mail", "base_setup", "resource", "uom", "utm", "portal", "digest", "rating",
  "phone_validation", "calendar", "contacts", "auth_signup", "http_routing", "iap", "sms", "barcodes",
  "product", "analytic", "sales_team", "payment", "account_payment", "onboarding", "html_editor",
  "web_editor", "board", "resource_mail", "base_import", "gamification", "link_tracker",
  // apps
  "account", "sale", "sale_management", "sale_stock", "sale_crm", "sale_project", "crm",
  "purchase", "purchase_stock", "stock", "stock_account", "mrp", "hr", "hr_contract",
  "hr_timesheet", "hr_holidays", "hr_expense", "hr_attendance", "hr_recruitment", "hr_skills",
  "project", "project_account", "fleet", "maintenance", "event", "survey", "website",
  "point_of_sale", "lunch", "note", "delivery", "loyalty", "repair", "hr_fleet",
] as const;

/**
 * The addons a catalogue actually covers: CATALOGUE_ADDONS and everything they depend on
 * (through the tree's graph, or the built-in one), so a model's parents are always parsed too.
 */
export function catalogueModules(graph?: ReadonlyMap<string, readonly string[]>): Set<string> {
  return dependsClosure(CATALOGUE_ADDONS, graph);
}
