/**
 * Every per-version difference the compiler encodes, in one table. Emitters read flags from
 * here instead of comparing version numbers themselves.
 */
import type { OdooVersion } from "@/lib/odoo-versions";

export interface VersionRules {
  version: OdooVersion;
  /** `<tree>` up to 17; `<list>` is a hard error on 16, `<tree>` a hard error on 18+. Same word in view_mode. */
  listTag: "tree" | "list";
  /** ≤16: `attrs="{'invisible': [...]}"` domains; ≥17: `invisible="python expr"` (attrs removed). */
  usesAttrs: boolean;
  /** Hiding a list column: `invisible="1"` ≤16, `column_invisible="True"` ≥17. */
  columnInvisibleAttr: "invisible" | "column_invisible";
  /** `<div class="oe_chatter">` ≤17, `<chatter/>` ≥18. */
  chatterTag: "div" | "chatter";
  /** Kanban card template: `kanban-box` ≤17, `card` ≥18 (legacy dropped in 18.1/19). */
  kanbanCard: "kanban-box" | "card";
  /** 19 ignores `_sql_constraints` with only a warning: it needs `models.Constraint` attributes. */
  sqlConstraintStyle: "sql_constraints" | "model_constraint";
  /** Groups ↔ users and the app grouping of groups; renamed in 19 (`res.groups.privilege`). */
  groups: { usersField: "users" | "user_ids"; userGroupsField: "groups_id" | "group_ids"; privilege: boolean };
  /** ir.cron `numbercall`/`doall` exist up to 17 and were removed in 18. */
  cronNumbercall: boolean;
  /** 19's search-view schema rejects `<group expand="0" string="Group By">`. */
  searchGroupAttrs: boolean;
  /** `_()` is deprecated from 18 in favour of `self.env._`. */
  translateCall: "_" | "self.env._";
}

const base16: VersionRules = {
  version: "16",
  listTag: "tree",
  usesAttrs: true,
  columnInvisibleAttr: "invisible",
  chatterTag: "div",
  kanbanCard: "kanban-box",
  sqlConstraintStyle: "sql_constraints",
  groups: { usersField: "users", userGroupsField: "groups_id", privilege: false },
  cronNumbercall: true,
  searchGroupAttrs: true,
  translateCall: "_",
};

export const VERSION_RULES: Readonly<Record<OdooVersion, VersionRules>> = {
  "16": base16,
  "17": { ...base16, version: "17", usesAttrs: false, columnInvisibleAttr: "column_invisible" },
  "18": {
    ...base16,
    version: "18",
    listTag: "list",
    usesAttrs: false,
    columnInvisibleAttr: "column_invisible",
    chatterTag: "chatter",
    kanbanCard: "card",
    cronNumbercall: false,
    translateCall: "self.env._",
  },
  "19": {
    version: "19",
    listTag: "list",
    usesAttrs: false,
    columnInvisibleAttr: "column_invisible",
    chatterTag: "chatter",
    kanbanCard: "card",
    sqlConstraintStyle: "model_constraint",
    groups: { usersField: "user_ids", userGroupsField: "group_ids", privilege: true },
    cronNumbercall: false,
    searchGroupAttrs: false,
    translateCall: "self.env._",
  },
};

export function versionRules(version: OdooVersion): VersionRules {
  return VERSION_RULES[version];
}
