/** `security/security.xml` (category + groups), `ir.model.access.csv` and record rules. */
import { knownFields } from "@/server/odoo/blueprint/model-fields";
import type { Blueprint } from "@/server/odoo/blueprint/schema";
import { modelXmlId, newModels, type CompileContext } from "./context";
import { el, odooDocument, textEl, type XmlNode } from "./xml";

/** Groups ordered so that locally implied groups are defined first. */
function orderedGroups(bp: Blueprint): Blueprint["security"]["groups"] {
  const byId = new Map(bp.security.groups.map((g) => [g.id, g]));
  const out: Blueprint["security"]["groups"] = [];
  const done = new Set<string>();
  const visit = (id: string, trail: Set<string>) => {
    const group = byId.get(id);
    if (!group || done.has(id) || trail.has(id)) return;
    trail.add(id);
    for (const implied of group.implied) if (!implied.includes(".")) visit(implied, trail);
    done.add(id);
    out.push(group);
  };
  for (const group of bp.security.groups) visit(group.id, new Set());
  return out;
}

const refList = (ids: string[]) => `[${ids.map((id) => `(4, ref('${id}'))`).join(", ")}]`;

export function emitSecurityGroups(ctx: CompileContext): string | null {
  const { bp, rules } = ctx;
  if (!bp.security.groups.length) return null;
  const categoryId = `module_category_${ctx.module}`;
  const privilegeId = `res_groups_privilege_${ctx.module}`;
  const records: XmlNode[] = [
    el("record", { id: categoryId, model: "ir.module.category" }, [
      textEl("field", { name: "name" }, bp.module.title),
      textEl("field", { name: "sequence" }, "100"),
    ]),
  ];
  if (rules.groups.privilege) {
    records.push(
      el("record", { id: privilegeId, model: "res.groups.privilege" }, [
        textEl("field", { name: "name" }, bp.module.title),
        el("field", { name: "category_id", ref: categoryId }),
      ]),
    );
  }
  for (const group of orderedGroups(bp)) {
    records.push(
      el("record", { id: group.id, model: "res.groups" }, [
        textEl("field", { name: "name" }, group.name),
        rules.groups.privilege ? el("field", { name: "privilege_id", ref: privilegeId }) : el("field", { name: "category_id", ref: categoryId }),
        group.implied.length ? el("field", { name: "implied_ids", eval: refList(group.implied) }) : null,
        group.addAdmin ? el("field", { name: rules.groups.usersField, eval: refList(["base.user_root", "base.user_admin"]) }) : null,
      ]),
    );
  }
  return odooDocument(records);
}

const csvBool = (value: boolean) => (value ? "1" : "0");

export function emitAccessCsv(ctx: CompileContext): string {
  const { bp } = ctx;
  const rows = ["id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink"];
  const seen = new Set<string>();
  const add = (model: string, group: string | undefined, perms: [boolean, boolean, boolean, boolean]) => {
    const slug = model.replace(/\./g, "_");
    const groupSlug = group ? group.replace(/\./g, "_") : "all";
    let id = `access_${slug}_${groupSlug}`;
    for (let n = 2; seen.has(id); n++) id = `access_${slug}_${groupSlug}_${n}`;
    seen.add(id);
    rows.push([id, `${model} ${group ?? "all"}`, modelXmlId(model), group ?? "", ...perms.map(csvBool)].join(","));
  };
  for (const model of bp.models) {
    const acls = bp.security.acls.filter((acl) => acl.model === model.name);
    for (const acl of acls) add(model.name, acl.group, [acl.read, acl.write, acl.create, acl.unlink]);
    // Without a row Odoo warns and nobody but the superuser can use the model.
    if (!acls.length && model.kind === "new") add(model.name, "base.group_user", [true, true, true, true]);
  }
  return `${rows.join("\n")}\n`;
}

export function emitRecordRules(ctx: CompileContext): string | null {
  const { bp } = ctx;
  const rules = [...bp.security.rules];
  for (const model of newModels(ctx)) {
    const hasCompany = model.companyAware || knownFields(model).has("company_id");
    if (model.companyAware && hasCompany && !rules.some((r) => r.model === model.name && r.kind === "company")) {
      rules.push({ id: `rule_${model.name.replace(/\./g, "_")}_company`, name: `${model.description}: multi-company`, model: model.name, kind: "company", groups: [] });
    }
  }
  if (!rules.length) return null;
  const records = rules.flatMap((rule) => {
    const own = ruleRecord(rule);
    const above = rule.kind === "own" ? groupsAbove(bp, rule.groups) : [];
    // Rules of a user's groups are OR-ed: managers (groups implying the rule's group) see everything.
    if (!above.length) return [own];
    return [own, ruleRecord({ ...rule, id: `${rule.id}_all`, name: `${rule.name} (all records)`, groups: above }, "[(1, '=', 1)]")];
  });
  return odooDocument(records);
}

/** Local groups that imply (directly or not) one of `groups`, excluding those groups. */
function groupsAbove(bp: Blueprint, groups: string[]): string[] {
  const targets = new Set(groups);
  const byId = new Map(bp.security.groups.map((g) => [g.id, g]));
  const implies = (id: string, seen = new Set<string>()): boolean => {
    if (seen.has(id)) return false;
    seen.add(id);
    return (byId.get(id)?.implied ?? []).some((other) => targets.has(other) || implies(other, seen));
  };
  return bp.security.groups.filter((g) => !targets.has(g.id) && implies(g.id)).map((g) => g.id);
}

type Rule = Blueprint["security"]["rules"][number];

function ruleRecord(rule: Rule, domain?: string): XmlNode {
  return el("record", { id: rule.id, model: "ir.rule" }, [
    textEl("field", { name: "name" }, rule.name),
    el("field", { name: "model_id", ref: modelXmlId(rule.model) }),
    textEl(
      "field",
      { name: "domain_force" },
      domain ?? (rule.kind === "own" ? "[('create_uid', '=', user.id)]" : "['|', ('company_id', '=', False), ('company_id', 'in', company_ids)]"),
    ),
    rule.groups.length ? el("field", { name: "groups", eval: refList(rule.groups) }) : null,
  ]);
}
