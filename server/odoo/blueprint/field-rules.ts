/**
 * Knowledge the reference checker needs beyond the blueprint itself: which module brings common
 * core models, names a field may not take, and which literal defaults fit which field types.
 */
import type { Blueprint, Field, FieldType } from "./schema";

/** Core models the compiler's users commonly relate to, and the module that brings each. */
export const CORE_MODEL_MODULES: Record<string, string> = {
  "res.partner": "base",
  "res.users": "base",
  "res.company": "base",
  "res.currency": "base",
  "res.country": "base",
  "res.country.state": "base",
  "res.partner.category": "base",
  "res.groups": "base",
  "ir.attachment": "base",
  "mail.message": "mail",
  "mail.activity": "mail",
  "mail.followers": "mail",
  "mail.activity.type": "mail",
  "uom.uom": "uom",
  "product.product": "product",
  "product.template": "product",
  "product.category": "product",
  "account.move": "account",
  "account.tax": "account",
  "account.account": "account",
  "account.journal": "account",
  "sale.order": "sale",
  "sale.order.line": "sale",
  "purchase.order": "purchase",
  "stock.picking": "stock",
  "stock.warehouse": "stock",
  "stock.location": "stock",
  "hr.employee": "hr",
  "hr.department": "hr",
  "project.project": "project",
  "project.task": "project",
  "crm.lead": "crm",
  "fleet.vehicle": "fleet",
  "maintenance.equipment": "maintenance",
  "calendar.event": "calendar",
  "event.event": "event",
};

/** What each of those modules brings along (enough to accept e.g. product.product under sale). */
export const MODULE_CLOSURE: Record<string, string[]> = {
  base: [],
  mail: ["base"],
  uom: ["base"],
  product: ["uom", "mail", "base"],
  account: ["product", "uom", "mail", "base", "analytic"],
  sale: ["account", "product", "uom", "mail", "base", "sales_team", "payment"],
  sale_management: ["sale", "account", "product", "uom", "mail", "base", "sales_team"],
  purchase: ["account", "product", "uom", "mail", "base"],
  stock: ["product", "uom", "mail", "base"],
  hr: ["mail", "base", "resource"],
  project: ["mail", "base", "resource", "analytic"],
  crm: ["mail", "base", "sales_team", "calendar"],
  fleet: ["mail", "base"],
  maintenance: ["mail", "base"],
  calendar: ["mail", "base"],
  event: ["mail", "base"],
};

export function dependsClosure(bp: Blueprint): Set<string> {
  const out = new Set<string>(["base"]);
  const queue = [...bp.module.depends];
  if (bp.models.some((m) => m.mixins.length) || bp.mailTemplates.length) queue.push("mail");
  while (queue.length) {
    const name = queue.pop()!;
    if (out.has(name) && name !== "base") continue;
    out.add(name);
    queue.push(...(MODULE_CLOSURE[name] ?? []).filter((n) => !out.has(n)));
  }
  return out;
}

export const PYTHON_KEYWORDS = new Set([
  "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except",
  "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass",
  "raise", "return", "try", "while", "with", "yield", "match", "case", "type",
]);

/** Names of BaseModel attributes a field would silently shadow. */
export const MODEL_ATTRIBUTES = new Set([
  "env", "ids", "pool", "create", "write", "read", "search", "browse", "copy", "unlink", "exists", "sudo",
  "mapped", "filtered", "sorted", "ensure_one", "with_context", "with_user", "with_company", "fields_get",
  "default_get", "name_create", "name_search", "check_access", "invalidate_recordset", "flush_recordset",
]);

export function checkDefault(field: Field): string | null {
  const value = field.default;
  if (value === undefined || value === null) return null;
  if (typeof value === "object") {
    const ok: Record<string, FieldType[]> = {
      today: ["date", "datetime"],
      now: ["date", "datetime"],
      current_user: ["many2one"],
      current_company: ["many2one"],
    };
    return ok[value.dynamic]!.includes(field.type) ? null : `A ${value.dynamic} default does not fit a ${field.type} field`;
  }
  switch (field.type) {
    case "integer":
    case "float":
    case "monetary":
      return typeof value === "number" ? null : "Numeric fields take a number as default";
    case "boolean":
      return typeof value === "boolean" ? null : "Boolean fields take true or false as default";
    case "selection":
      return field.options.some((o) => o.value === value) ? null : `Default ${JSON.stringify(value)} is not one of the options`;
    case "char":
    case "text":
    case "html":
      return typeof value === "string" ? null : "Text fields take a string as default";
    case "date":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? null : "Date defaults look like 2024-01-31";
    case "datetime":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? null : "Datetime defaults look like 2024-01-31 08:00:00";
    default:
      return `A ${field.type} field cannot have a literal default`;
  }
}

