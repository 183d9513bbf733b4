/** What every emitter needs: the parsed blueprint, the target version's rules and naming helpers. */
import type { OdooVersion } from "@/lib/odoo-versions";
import { modelSlug } from "@/server/odoo/blueprint/model-fields";
import type { Blueprint, Model } from "@/server/odoo/blueprint/schema";
import { versionRules, type VersionRules } from "./versions";

export interface CompileContext {
  bp: Blueprint;
  version: OdooVersion;
  rules: VersionRules;
  module: string;
}

export function createContext(bp: Blueprint, version: OdooVersion): CompileContext {
  return { bp, version, rules: versionRules(version), module: bp.module.name };
}

/** `group_manager` → `my_module.group_manager`; qualified ids are returned as they are. */
export function qualify(ctx: CompileContext, xmlId: string): string {
  return xmlId.includes(".") ? xmlId : `${ctx.module}.${xmlId}`;
}

export const modelXmlId = (model: string) => `model_${modelSlug(model)}`;
export const actionXmlId = (model: string) => `action_${modelSlug(model)}`;

export function newModels(ctx: CompileContext): Model[] {
  return ctx.bp.models.filter((model) => model.kind === "new");
}

export function usesMail(bp: Blueprint): boolean {
  return (
    bp.mailTemplates.length > 0 ||
    bp.models.some((model) => model.mixins.length > 0 || model.fields.some((field) => field.tracking))
  );
}

/** The module's depends: the blueprint's, plus `mail` when mixins or templates need it; sorted, base first. */
export function moduleDepends(bp: Blueprint): string[] {
  const set = new Set(bp.module.depends);
  set.add("base");
  if (usesMail(bp)) set.add("mail");
  const rest = [...set].filter((name) => name !== "base").sort();
  return ["base", ...rest];
}
