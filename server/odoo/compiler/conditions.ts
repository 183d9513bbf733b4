/**
 * Blueprint conditions → Odoo's three condition languages: domains (search filters, actions,
 * record rules, ≤16 `attrs`) and Python expressions (≥17 `invisible=`/`readonly=`, decorations).
 */
import type { Condition } from "@/server/odoo/blueprint/schema";
import { pyStr, pyValue, type PyLiteral } from "./py";

type Dynamic = "today" | "now" | "current_user" | "current_company";

/** Names the web client's evaluation context provides for dynamic values. */
const CLIENT_DYNAMIC: Record<Dynamic, string> = {
  today: "context_today().strftime('%Y-%m-%d')",
  now: "context_today().strftime('%Y-%m-%d 00:00:00')",
  current_user: "uid",
  current_company: "allowed_company_ids[0]",
};

/** Names a record rule's evaluation context provides (server side). */
const RULE_DYNAMIC: Record<Dynamic, string> = {
  today: "time.strftime('%Y-%m-%d')",
  now: "time.strftime('%Y-%m-%d %H:%M:%S')",
  current_user: "user.id",
  current_company: "company_id",
};

export type ConditionContext = "client" | "rule";

function valueExpr(value: Condition["value"], context: ConditionContext): string {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    return (context === "client" ? CLIENT_DYNAMIC : RULE_DYNAMIC)[value.dynamic];
  }
  if (value === null) return "False";
  return pyValue(value as PyLiteral);
}

/** `[('state', '=', 'done'), ('amount', '>', 0)]` */
export function domainExpr(conditions: readonly Condition[], context: ConditionContext = "client"): string {
  return `[${conditions.map((c) => `(${pyStr(c.field)}, ${pyStr(c.op)}, ${valueExpr(c.value, context)})`).join(", ")}]`;
}

function termExpr(c: Condition): string {
  const value = valueExpr(c.value, "client");
  switch (c.op) {
    case "=":
      if (c.value === null || c.value === false) return `not ${c.field}`;
      return c.value === true ? c.field : `${c.field} == ${value}`;
    case "!=":
      if (c.value === null || c.value === false) return c.field;
      return c.value === true ? `not ${c.field}` : `${c.field} != ${value}`;
    case "in":
    case "not in":
      return `${c.field} ${c.op} ${value}`;
    case "ilike":
      return `${value}.lower() in (${c.field} or '').lower()`;
    case "not ilike":
      return `${value}.lower() not in (${c.field} or '').lower()`;
    default:
      return `${c.field} ${c.op} ${value}`;
  }
}

/** `state == 'done' and amount > 0` (≥17 view modifiers, list decorations). */
export function pythonExpr(conditions: readonly Condition[]): string {
  return conditions.map(termExpr).join(" and ");
}

/** Field names a set of conditions reads (they must be present in the view). */
export function conditionFields(conditions: readonly Condition[] | undefined): string[] {
  return (conditions ?? []).map((c) => c.field);
}
