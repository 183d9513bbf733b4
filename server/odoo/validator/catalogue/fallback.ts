/**
 * The built-in catalogue, used when no Odoo tree is installed: the core models customers' modules
 * use most, with the fields views and data files commonly name. Written by hand for this product
 * (not extracted from Odoo); a test checks each entry against the real trees when present.
 * Deliberately incomplete: a field missing here only makes the validator skip nothing — it
 * reports `view-field-unknown` — so entries favour the common fields.
 */
import type { OdooVersion } from "@/lib/odoo-versions";
import { MAGIC_FIELDS } from "../python/model-graph";
import type { ModelCatalogue } from "../types";

const words = (text: string) => text.split(/\s+/).filter(Boolean);

const MAIL_THREAD = "message_ids message_follower_ids message_partner_ids message_is_follower message_needaction message_has_error message_attachment_count has_message";
const ACTIVITY_MIXIN = "activity_ids activity_state activity_user_id activity_type_id activity_date_deadline activity_summary activity_exception_decoration activity_exception_icon my_activity_date_deadline";

type Entry = { fields: string; mixins?: string[] };

const COMMON: Record<string, Entry> = {
  "mail.thread": { fields: MAIL_THREAD },
  "mail.activity.mixin": { fields: ACTIVITY_MIXIN },
  "image.mixin": { fields: "image_1920 image_1024 image_512 image_256 image_128" },
  "avatar.mixin": { fields: "avatar_1920 avatar_1024 avatar_512 avatar_256 avatar_128", mixins: ["image.mixin"] },
  "portal.mixin": { fields: "access_url access_token access_warning" },
  "utm.mixin": { fields: "campaign_id source_id medium_id" },
  "format.address.mixin": { fields: "" },
  "res.groups.privilege": { fields: "name description sequence category_id group_ids" },
  "res.partner": {
    fields: "name display_name ref email phone website vat comment active company_id parent_id child_ids type street street2 zip city state_id country_id is_company company_type user_id user_ids category_id function lang tz image_1920 image_128 bank_ids commercial_partner_id company_name industry_id color employee",
    mixins: ["mail.thread", "mail.activity.mixin"],
  },
  "res.users": {
    fields: "name login password active partner_id company_id company_ids email signature share tz lang image_1920 action_id",
    mixins: ["mail.thread"],
  },
  "res.company": { fields: "name partner_id currency_id parent_id child_ids email phone website vat street street2 zip city state_id country_id logo sequence active user_ids" },
  "res.currency": { fields: "name symbol rate rate_ids rounding decimal_places active position currency_unit_label" },
  "res.country": { fields: "name code currency_id phone_code state_ids address_format" },
  "res.country.state": { fields: "name code country_id" },
  "res.groups": { fields: "name comment implied_ids share" },
  "uom.uom": { fields: "name rounding active factor" },
  "product.template": {
    fields: "name sequence description description_sale description_purchase type list_price standard_price categ_id uom_id company_id active sale_ok purchase_ok default_code barcode product_variant_ids product_variant_id product_variant_count image_1920 weight volume currency_id",
    mixins: ["mail.thread", "mail.activity.mixin"],
  },
  "product.product": { fields: "product_tmpl_id default_code barcode active lst_price price_extra code partner_ref", mixins: ["product.template"] },
  "product.category": { fields: "name complete_name parent_id child_id" },
  "sale.order": {
    fields: "name state date_order validity_date partner_id partner_invoice_id partner_shipping_id pricelist_id currency_id order_line note amount_untaxed amount_tax amount_total user_id team_id company_id client_order_ref origin invoice_ids invoice_count invoice_status payment_term_id fiscal_position_id require_signature require_payment",
    mixins: ["mail.thread", "mail.activity.mixin"],
  },
  "sale.order.line": {
    fields: "order_id name sequence product_id product_uom_qty price_unit discount price_subtotal price_total price_tax qty_delivered qty_invoiced qty_to_invoice display_type company_id currency_id order_partner_id salesman_id state",
  },
  "account.move": {
    fields: "name ref date state move_type journal_id company_id currency_id partner_id line_ids invoice_line_ids invoice_date invoice_date_due invoice_origin invoice_payment_term_id invoice_user_id amount_untaxed amount_tax amount_total amount_residual payment_state narration fiscal_position_id",
    mixins: ["mail.thread", "mail.activity.mixin"],
  },
  "account.move.line": {
    fields: "move_id name date ref account_id partner_id product_id quantity price_unit discount debit credit balance amount_currency price_subtotal price_total currency_id company_id journal_id display_type analytic_distribution",
  },
  "stock.picking": {
    fields: "name origin state partner_id picking_type_id location_id location_dest_id scheduled_date date_deadline date_done move_ids move_line_ids company_id user_id priority note backorder_id",
    mixins: ["mail.thread", "mail.activity.mixin"],
  },
  "stock.move": {
    fields: "reference state product_id product_uom_qty product_uom location_id location_dest_id picking_id picking_type_id date date_deadline origin company_id partner_id move_line_ids",
  },
  "hr.employee": {
    fields: "name active user_id company_id department_id job_id job_title parent_id coach_id child_ids work_email work_phone mobile_phone work_contact_id resource_id resource_calendar_id address_id private_email birthday category_ids image_1920 employee_type",
    mixins: ["mail.thread", "mail.activity.mixin"],
  },
  "hr.department": { fields: "name complete_name active company_id parent_id child_ids manager_id member_ids color", mixins: ["mail.thread"] },
  "project.project": {
    fields: "name active sequence partner_id company_id user_id description tag_ids task_ids task_count date_start date color privacy_visibility",
    mixins: ["mail.thread", "mail.activity.mixin"],
  },
  "project.task": {
    fields: "name active description priority sequence stage_id tag_ids project_id partner_id company_id date_deadline date_assign date_last_stage_update parent_id child_ids color user_ids",
    mixins: ["mail.thread", "mail.activity.mixin"],
  },
  "crm.lead": {
    fields: "name active type priority stage_id partner_id partner_name contact_name email_from phone user_id team_id company_id expected_revenue probability date_deadline date_closed description tag_ids lost_reason_id street city zip country_id",
    mixins: ["mail.thread", "mail.activity.mixin"],
  },
  "fleet.vehicle": {
    fields: "name active company_id license_plate vin_sn driver_id model_id brand_id state_id odometer odometer_unit acquisition_date color seats doors fuel_type tag_ids log_services",
    mixins: ["mail.thread", "mail.activity.mixin"],
  },
  "ir.ui.view": { fields: "name model type arch arch_db inherit_id mode priority active key" },
  "ir.ui.menu": { fields: "name parent_id child_id sequence action web_icon active" },
  "ir.actions.act_window": { fields: "name type res_model view_mode view_id view_ids search_view_id domain context target limit help res_id binding_model_id binding_type binding_view_types" },
  "ir.actions.server": { fields: "name type model_id state code binding_model_id binding_type binding_view_types" },
  "ir.model.access": { fields: "name model_id group_id perm_read perm_write perm_create perm_unlink active" },
  "ir.rule": { fields: "name model_id domain_force groups perm_read perm_write perm_create perm_unlink active global" },
  "ir.sequence": { fields: "name code prefix suffix padding number_next number_increment implementation company_id active" },
  "ir.cron": { fields: "name model_id state code interval_number interval_type nextcall active priority user_id" },
  "ir.module.category": { fields: "name description sequence parent_id" },
};

/** Renamed or removed fields per version (ODOO.md: 19 renamed the security fields). */
function versionFields(version: OdooVersion): Record<string, string> {
  const extra: Record<string, string> = {};
  if (version === "19") {
    extra["res.users"] = "group_ids";
    extra["res.groups"] = "user_ids privilege_id";
    extra["ir.ui.menu"] = "group_ids";
    extra["ir.actions.act_window"] = "group_ids";
    extra["ir.actions.server"] = "group_ids";
  } else {
    extra["res.users"] = "groups_id";
    extra["res.groups"] = "users category_id";
    extra["ir.ui.menu"] = "groups_id";
    extra["ir.actions.act_window"] = "groups_id";
    extra["ir.actions.server"] = "groups_id";
  }
  // 19 merged `mobile` into `phone`, dropped partner titles, product purchase UoMs and a few more.
  if (version !== "19") {
    extra["res.partner"] = "mobile title";
    extra["product.template"] = "uom_po_id";
    extra["sale.order.line"] = "product_uom tax_id";
    extra["stock.move"] = "name";
    extra["hr.employee"] = "gender";
    extra["res.groups"] += " color";
  }
  if (version === "16") {
    extra["project.task"] = "kanban_state";
    extra["stock.move"] = `${extra["stock.move"]} quantity_done`;
  } else extra["stock.move"] = `${extra["stock.move"] ?? ""} quantity`;
  return extra;
}

const cache = new Map<OdooVersion, ModelCatalogue>();
const partial = new WeakSet<ModelCatalogue>();

/**
 * True for the built-in catalogue: it lists common fields only, so a field missing from it is a
 * warning, not an error. (A copy of it, `new Map(fallbackCatalogue(v))`, counts as complete.)
 */
export const isPartialCatalogue = (catalogue: ModelCatalogue): boolean => partial.has(catalogue);

export function fallbackCatalogue(version: OdooVersion): ModelCatalogue {
  const cached = cache.get(version);
  if (cached) return cached;
  const extra = versionFields(version);
  const resolved: ModelCatalogue = new Map();
  const resolve = (model: string): Set<string> => {
    const done = resolved.get(model);
    if (done) return done;
    const entry = COMMON[model]!;
    const fields = new Set([...MAGIC_FIELDS, ...words(entry.fields), ...words(extra[model] ?? "")]);
    for (const mixin of entry.mixins ?? []) for (const field of resolve(mixin)) fields.add(field);
    resolved.set(model, fields);
    return fields;
  };
  for (const model of Object.keys(COMMON)) resolve(model);
  if (version !== "19") resolved.delete("res.groups.privilege");
  cache.set(version, resolved);
  partial.add(resolved);
  return resolved;
}

/**
 * Comodels of core relational fields that views commonly open as sub-views (`order_line`),
 * so an inherited view's `<xpath expr="//field[@name='order_line']/list">` content is checked
 * against the line model. `model/field` → comodel.
 */
export const CORE_RELATIONS: Readonly<Record<string, string>> = {
  "sale.order/order_line": "sale.order.line",
  "sale.order/partner_id": "res.partner",
  "sale.order.line/order_id": "sale.order",
  "sale.order.line/product_id": "product.product",
  "account.move/invoice_line_ids": "account.move.line",
  "account.move/line_ids": "account.move.line",
  "account.move/partner_id": "res.partner",
  "account.move.line/move_id": "account.move",
  "stock.picking/move_ids": "stock.move",
  "stock.picking/move_ids_without_package": "stock.move",
  "stock.picking/partner_id": "res.partner",
  "stock.move/picking_id": "stock.picking",
  "stock.move/product_id": "product.product",
  "res.partner/child_ids": "res.partner",
  "res.partner/parent_id": "res.partner",
  "res.partner/bank_ids": "res.partner.bank",
  "res.partner/user_ids": "res.users",
  "res.users/partner_id": "res.partner",
  "res.company/partner_id": "res.partner",
  "product.template/product_variant_ids": "product.product",
  "product.product/product_tmpl_id": "product.template",
  "project.project/task_ids": "project.task",
  "project.task/project_id": "project.project",
  "project.task/child_ids": "project.task",
  "hr.employee/department_id": "hr.department",
  "hr.employee/child_ids": "hr.employee",
  "hr.department/member_ids": "hr.employee",
  "crm.lead/partner_id": "res.partner",
  "fleet.vehicle/driver_id": "res.partner",
};

/** Core `_inherits` delegations whose parent records get their own xml ids (`X_product_template`). */
export const CORE_DELEGATES: Readonly<Record<string, string>> = {
  "product.product": "product.template",
  "res.users": "res.partner",
  "hr.employee": "resource.resource",
  "ir.cron": "ir.actions.server",
  "website.page": "ir.ui.view",
};
