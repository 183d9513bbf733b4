/**
 * Version rules read from a Python file's AST: APIs Odoo removed or changed, legacy imports,
 * dangerous calls, hook signatures. Each rule names the version where it starts to apply.
 */
import type { OdooVersion } from "@/lib/odoo-versions";
import type { Finding } from "../types";
import { lineOf, type PyNode, walk } from "./parser";

type Rule = Omit<Finding, "file">;

const REMOVED_DECORATORS = new Set(["api.multi", "api.one", "api.cr", "api.model_cr", "api.v7", "api.v8", "api.returns_cr"]);
const REMOVED_OSV = /^(odoo|openerp)\.osv(\.(osv|orm|fields))?$/;
const HOOKS = new Set(["pre_init_hook", "post_init_hook", "uninstall_hook"]);

const callName = (call: PyNode): string => call.childForFieldName("function")?.text ?? "";

function keywordArgs(call: PyNode): Map<string, PyNode> {
  const args = new Map<string, PyNode>();
  for (const arg of call.childForFieldName("arguments")?.namedChildren ?? []) {
    if (arg?.type !== "keyword_argument") continue;
    const name = arg.childForFieldName("name")?.text;
    const value = arg.childForFieldName("value");
    if (name && value) args.set(name, value);
  }
  return args;
}

export function pythonVersionRules(root: PyNode, version: OdooVersion, hookNames: ReadonlySet<string> = HOOKS): Rule[] {
  const v = Number(version);
  const out: Rule[] = [];
  const add = (node: PyNode, severity: Finding["severity"], rule: string, message: string) =>
    out.push({ severity, line: lineOf(node), rule, message });

  walk(root, (node) => {
    switch (node.type) {
      case "import_statement":
      case "import_from_statement": {
        const module = node.type === "import_from_statement" ? (node.childForFieldName("module_name")?.text ?? "") : "";
        const names = node.childrenForFieldName("name").map((name) => name?.text.split(" as ")[0]?.trim() ?? "");
        const modules = node.type === "import_statement" ? names : [module, ...names.map((name) => `${module}.${name}`)];
        if (modules.some((name) => /^openerp(\.|$)/.test(name))) add(node, "error", "import-legacy", "`openerp` no longer exists; import from `odoo`.");
        else if (modules.some((name) => REMOVED_OSV.test(name) && name !== "odoo.osv")) add(node, "error", "import-legacy", "`odoo.osv.osv`/`orm`/`fields` were removed; use `odoo.models` and `odoo.fields`.");
        if (modules.some((name) => /^subprocess(\.|$)/.test(name))) add(node, "warning", "dangerous-call", "`subprocess` runs programs with the Odoo server's rights; avoid it in a module.");
        return false;
      }
      case "decorator": {
        const expression = node.namedChildren[0];
        const name = expression?.type === "call" ? callName(expression) : (expression?.text ?? "");
        if (REMOVED_DECORATORS.has(name)) add(node, "error", "api-decorator-removed", `@${name} was removed from Odoo (13+); methods are multi-record by default.`);
        return;
      }
      case "function_definition": {
        const name = node.childForFieldName("name")?.text ?? "";
        const params = (node.childForFieldName("parameters")?.namedChildren ?? []).map((param) => param?.text.split(/[:=]/)[0]?.trim() ?? "");
        if (name === "fields_view_get") add(node, "error", "fields-view-get-removed", "`fields_view_get` was replaced by `get_view`/`get_views` in Odoo 16.");
        if (name === "name_get" && v >= 17) add(node, "warning", "name-get-deprecated", "`name_get` is deprecated since Odoo 17; override `_compute_display_name`.");
        if (hookNames.has(name) && params.length > 0) {
          const takesEnv = params.length === 1 && params[0] === "env";
          if (v >= 17 && !takesEnv && params[0] === "cr") add(node, "error", "hook-signature", `Since Odoo 17 \`${name}\` receives \`env\` only: def ${name}(env).`);
          if (v <= 16 && takesEnv) add(node, "error", "hook-signature", `Odoo 16 calls \`${name}\` with (cr, registry)${name === "pre_init_hook" ? " — pre_init_hook(cr)" : ""}, not env.`);
        }
        return;
      }
      case "assignment": {
        if (node.childForFieldName("left")?.text === "_sql_constraints" && v >= 19) {
          add(node, "error", "sql-constraints-ignored", "Odoo 19 ignores `_sql_constraints` (only a log warning; the constraint is never created). Use `models.Constraint(...)` class attributes.");
        }
        return;
      }
      case "call": {
        const name = callName(node);
        const tail = name.split(".").pop() ?? "";
        if (name === "eval" || name === "exec") add(node, "warning", "dangerous-call", `\`${name}()\` runs arbitrary code; use \`odoo.tools.safe_eval\` or plain logic.`);
        if (name === "os.system" || name === "os.popen" || /^subprocess\./.test(name)) add(node, "warning", "dangerous-call", `\`${name}\` runs shell commands with the server's rights.`);
        if (tail === "fields_view_get") add(node, "error", "fields-view-get-removed", "`fields_view_get` was replaced by `get_view`/`get_views` in Odoo 16.");
        if (tail === "user_has_groups" && v >= 18) add(node, "warning", "user-has-groups-deprecated", "`user_has_groups` is deprecated since Odoo 18; use `self.env.user.has_group(...)`.");
        if (tail === "invalidate_cache" && v >= 16) add(node, "warning", "orm-api-deprecated", "`invalidate_cache()` is deprecated since Odoo 16; use `invalidate_model`/`invalidate_recordset`.");
        const kwargs = keywordArgs(node);
        if (/^fields\.[A-Z]/.test(name)) {
          const groupOperator = kwargs.get("group_operator");
          if (groupOperator && v >= 18) add(groupOperator, "warning", "group-operator-renamed", "`group_operator=` is `aggregator=` since Odoo 17.2.");
          const states = kwargs.get("states");
          if (states && v >= 17) add(states, "warning", "field-states-removed", "The field parameter `states=` was removed in Odoo 17; use `readonly=`/`invisible=` in views.");
        }
        if (/(^|\.)route$/.test(name) && v >= 19 && kwargs.get("type")?.text.replace(/["']/g, "") === "json") {
          add(node, "warning", "route-json-renamed", "Since Odoo 18.1 JSON-RPC routes use `type='jsonrpc'`.");
        }
        return;
      }
    }
  });
  return out;
}
