/**
 * The models a module's views and data can name: the module's own classes merged over the core
 * catalogue, plus the comodel of relational fields (own fields, and a few well-known core ones)
 * so x2many sub-views can be checked against the right model.
 */
import { CORE_DELEGATES, CORE_RELATIONS } from "./catalogue/fallback";
import { catalogueOrigins, modelResolver } from "./python/model-graph";
import type { ModuleClass } from "./python/module";
import { isNewModel, targetModel } from "./python/models";
import type { ModelCatalogue } from "./types";

export type ModelIndex = {
  /** Every field of a model, or undefined when the model is unknown or only partly known. */
  fieldsOf(model: string): ReadonlySet<string> | undefined;
  /** Why fieldsOf is undefined for a model the module itself touches: the unknown parent. */
  missingParentOf(model: string): string | undefined;
  comodelOf(model: string, field: string): string | null;
  /** `_inherits` parents: creating a record with xml id X also creates `X_<parent underscored>`. */
  delegatesOf(model: string): string[];
  /** Models this module creates (`_name`), with the class that creates each. */
  newModels: Map<string, ModuleClass>;
  /** Models this module creates or extends: Odoo gives each a `<module>.model_<name>` xml id. */
  touchedModels: Set<string>;
  /**
   * Null when a field missing from fieldsOf(model) surely does not exist (report an error); else
   * why it might exist anyway (report a warning): a partial catalogue, or dependencies whose
   * models were not parsed.
   */
  doubtAbout(model: string): string | null;
  /**
   * For a field the catalogue knows, the addons that bring it, when none of them is installed
   * with this module (a missing dependency); else null.
   */
  missingAddonsFor(model: string, field: string): readonly string[] | null;
};

export type CatalogueCoverage = {
  /**
   * Modules installed with this one (depends closure plus auto-installed glue modules), when
   * known from a real tree: enables the check that a field's module is among them.
   */
  installed?: ReadonlySet<string>;
  /** The catalogue lists common fields only (the built-in fallback). */
  partial: boolean;
  /** Installed dependencies whose Python the catalogue does not include. */
  uncoveredDepends: string[];
};

/** `sale.order` → `model_sale_order`: the xml id Odoo gives a model's ir.model record. */
export const modelXmlId = (model: string) => `model_${model.replace(/\./g, "_")}`;

export function buildModelIndex(classes: ModuleClass[], catalogue: ModelCatalogue, coverage: CatalogueCoverage = { partial: false, uncoveredDepends: [] }): ModelIndex {
  // Lazy: only the models a module's views and data name get resolved.
  const resolver = modelResolver(classes, catalogue);
  const relations = new Map<string, string>();
  for (const [key, comodel] of Object.entries(CORE_RELATIONS)) relations.set(key, comodel);
  const newModels = new Map<string, ModuleClass>();
  const touchedModels = new Set<string>();
  for (const cls of classes) {
    const target = targetModel(cls)!;
    touchedModels.add(target);
    if (isNewModel(cls) && !newModels.has(target)) newModels.set(target, cls);
    for (const field of cls.fields) if (field.comodel) relations.set(`${target}/${field.name}`, field.comodel);
  }
  // Fields reached through `_inherit` mixins keep their comodel on the child model.
  const comodelOf = (model: string, field: string, seen = new Set<string>()): string | null => {
    const direct = relations.get(`${model}/${field}`);
    if (direct) return direct;
    if (seen.has(model)) return null;
    seen.add(model);
    for (const cls of classes) {
      if (targetModel(cls) !== model) continue;
      for (const parent of [...cls.inherit, ...Object.keys(cls.inherits)]) {
        if (parent === model) continue;
        const found = comodelOf(parent, field, seen);
        if (found) return found;
      }
    }
    return null;
  };
  const delegates = new Map<string, Set<string>>();
  for (const [model, parent] of Object.entries(CORE_DELEGATES)) delegates.set(model, new Set([parent]));
  for (const cls of classes) {
    const parents = [...Object.keys(cls.inherits), ...cls.fields.filter((field) => field.delegate && field.comodel).map((field) => field.comodel!)];
    for (const parent of parents) {
      const target = targetModel(cls)!;
      delegates.set(target, new Set([...(delegates.get(target) ?? []), parent]));
    }
  }
  // A model made only of this module's classes is fully known, whatever the catalogue.
  const ownOnly = (model: string, seen = new Set<string>()): boolean => {
    if (seen.has(model)) return true;
    seen.add(model);
    const defining = classes.filter((cls) => targetModel(cls) === model);
    if (!defining.some(isNewModel)) return false;
    return defining.every((cls) => [...cls.inherit, ...Object.keys(cls.inherits)].every((parent) => parent === model || ownOnly(parent, seen)));
  };
  const doubtAbout = (model: string): string | null => {
    if (ownOnly(model)) return null;
    if (coverage.partial) return "the built-in catalogue lists only common fields (no Odoo source tree installed)";
    const coreModel = !newModels.has(model);
    if (coreModel && coverage.uncoveredDepends.length > 0) return `it may come from ${coverage.uncoveredDepends.slice(0, 3).join(", ")}${coverage.uncoveredDepends.length > 3 ? ", ..." : ""}, whose models are not in the catalogue`;
    return null;
  };
  const origins = catalogueOrigins(catalogue);
  // Which addons bring `field` onto `model`: [] when this module or base does, undefined if unknown.
  const originsOf = (model: string, field: string, seen: Set<string>): readonly string[] | undefined => {
    if (seen.has(model)) return undefined;
    seen.add(model);
    const own = classes.filter((cls) => targetModel(cls) === model);
    if (own.some((cls) => cls.fields.some((candidate) => candidate.name === field))) return [];
    if (catalogue.get(model)?.has(field)) return origins?.get(model)?.get(field) ?? [];
    for (const cls of own) {
      const parents = [...cls.inherit, ...Object.keys(cls.inherits), ...cls.fields.filter((f) => f.delegate && f.comodel).map((f) => f.comodel!)];
      for (const parent of parents) {
        const found = parent === model ? undefined : originsOf(parent, field, seen);
        if (found) return found;
      }
    }
    return undefined;
  };
  const missingAddonsFor = (model: string, field: string): readonly string[] | null => {
    const installed = coverage.installed;
    if (!installed || !origins) return null;
    const found = originsOf(model, field, new Set());
    return found && found.length > 0 && !found.some((addon) => installed.has(addon)) ? found : null;
  };
  return {
    missingAddonsFor,
    doubtAbout,
    delegatesOf: (model) => [...(delegates.get(model) ?? [])],
    fieldsOf: (model) => (resolver.missingParentOf(model) ? undefined : resolver.fieldsOf(model)),
    missingParentOf: (model) => resolver.missingParentOf(model),
    comodelOf: (model, field) => comodelOf(model, field),
    newModels,
    touchedModels,
  };
}
