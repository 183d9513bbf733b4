/**
 * Technical names of Odoo Community modules shipped with 16.0–19.0 that customers most often
 * collide with or depend on. A new module may not take one of these names: Odoo would load the
 * core module (or ours) and the other silently disappears.
 *
 * Curated by hand for the foundation; the sandbox work (issue 4) can regenerate it from the real
 * source trees (`addons/*` and `odoo/addons/*` of each version).
 */
export const coreModuleNames: ReadonlySet<string> = new Set([
  // framework
  "base", "web", "bus", "mail", "auth_signup", "auth_totp", "auth_oauth", "auth_ldap",
  "auth_password_policy", "base_setup", "base_import", "base_automation", "base_geolocalize",
  "base_iban", "base_vat", "base_address_extended", "base_sparse_field", "base_install_request",
  "web_editor", "web_tour", "web_unsplash", "web_hierarchy", "html_editor", "html_builder",
  "iap", "iap_mail", "digest", "resource", "uom", "product", "barcodes", "phone_validation",
  "portal", "rating", "http_routing", "utm", "social_media", "snailmail", "sms", "privacy_lookup",
  "calendar", "contacts", "board", "note", "spreadsheet", "spreadsheet_dashboard", "analytic",
  "google_calendar", "microsoft_calendar", "google_gmail", "microsoft_outlook", "fetchmail",
  "mail_bot", "im_livechat", "link_tracker", "gamification", "onboarding", "partner_autocomplete",
  "data_recycle", "attachment_indexation", "web_kanban_gauge", "payment", "account_payment",
  // apps
  "account", "account_edi", "account_check_printing", "account_debit_note", "account_tax_python",
  "sale", "sale_management", "sale_stock", "sale_crm", "sale_timesheet", "sale_project",
  "sale_purchase", "sale_margin", "sale_expense", "sale_loyalty", "sale_mrp",
  "purchase", "purchase_stock", "purchase_requisition", "purchase_mrp",
  "stock", "stock_account", "stock_dropshipping", "stock_landed_costs", "stock_picking_batch",
  "stock_sms", "delivery", "mrp", "mrp_account", "mrp_subcontracting", "mrp_product_expiry",
  "product_expiry", "repair", "quality", "maintenance",
  "crm", "crm_iap_enrich", "crm_sms", "project", "project_todo", "hr_timesheet", "timesheet_grid",
  "hr", "hr_holidays", "hr_attendance", "hr_expense", "hr_recruitment", "hr_skills", "hr_contract",
  "hr_fleet", "hr_org_chart", "hr_presence", "hr_work_entry", "hr_homeworking", "hr_gamification",
  "hr_maintenance", "hr_calendar", "fleet", "lunch", "event", "event_sale", "event_booth",
  "survey", "website", "website_sale", "website_blog", "website_forum", "website_event",
  "website_slides", "website_livechat", "website_crm", "website_hr_recruitment",
  "website_payment", "website_mail", "website_sms", "website_partner", "website_customer",
  "website_links", "website_profile", "website_google_map", "website_jitsi", "website_event_track",
  "mass_mailing", "mass_mailing_sms", "marketing_card", "point_of_sale", "pos_restaurant",
  "pos_hr", "pos_loyalty", "pos_sale", "pos_self_order", "loyalty", "gift_card", "coupon",
  "mrp_workorder", "project_purchase", "project_account", "project_hr_expense", "hr_skills_survey",
  "l10n_generic_coa", "l10n_us", "l10n_fr", "l10n_be", "l10n_de", "l10n_in", "l10n_mx",
  "l10n_es", "l10n_it", "l10n_nl", "l10n_ch", "l10n_uk", "l10n_ca", "l10n_au", "l10n_br",
  "test_mail", "test_performance",
]);

export function isCoreModule(name: string): boolean {
  return coreModuleNames.has(name);
}
