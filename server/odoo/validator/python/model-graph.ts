/**
 * Resolves model classes into "model → every field it has": own fields, fields of `_inherit`
 * parents and mixins, delegated (`_inherits`) parents' fields, and the magic columns.
 *
 * Over a catalogue, the catalogue's own parent links are kept (see catalogueParents), so a module
 * that extends a parent (`hr.employee.base`, `event.type.ticket`) also extends its children.
 */
import type { ModelCatalogue } from "../types";
import { isNewModel, type PyModelClass, targetModel } from "./models";

/** Columns every model has, whatever its code says. */
export const MAGIC_FIELDS = ["id", "display_name", "create_uid", "create_date", "write_uid", "write_date"] as const;

const parentsOfCatalogue = new WeakMap<ModelCatalogue, ReadonlyMap<string, readonly string[]>>();

/** Records a catalogue's direct parent links (model → `_inherit`/`_inherits` parents). */
export function setCatalogueParents(catalogue: ModelCatalogue, parents: ReadonlyMap<string, readonly string[]>): void {
  parentsOfCatalogue.set(catalogue, parents);
}

export const catalogueParents = (catalogue: ModelCatalogue): ReadonlyMap<string, readonly string[]> | undefined => parentsOfCatalogue.get(catalogue);

/** model → field → addons that declare it (only where no declaring addon is `base`). */
export type FieldOrigins = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;

const originsOfCatalogue = new WeakMap<ModelCatalogue, FieldOrigins>();

export function setCatalogueOrigins(catalogue: ModelCatalogue, origins: FieldOrigins): void {
  originsOfCatalogue.set(catalogue, origins);
}

export const catalogueOrigins = (catalogue: ModelCatalogue): FieldOrigins | undefined => originsOfCatalogue.get(catalogue);

export type ModelResolver = {
  /** All fields of a model (magic ones at least), or undefined when nothing defines it. */
  fieldsOf(model: string): Set<string> | undefined;
  /** A parent no class or catalogue entry defines, making the model's field list partial. */
  missingParentOf(model: string): string | undefined;
  models(): Iterable<string>;
  /** Direct parents of each model. */
  parents: ReadonlyMap<string, ReadonlySet<string>>;
};

type GraphNode = { fields: Set<string>; parents: Set<string> };

export function modelResolver(classes: Iterable<PyModelClass>, base?: ModelCatalogue): ModelResolver {
  const nodes = new Map<string, GraphNode>();
  const nodeOf = (model: string) => {
    let node = nodes.get(model);
    if (!node) nodes.set(model, (node = { fields: new Set(), parents: new Set() }));
    return node;
  };
  const baseParents = base ? catalogueParents(base) : undefined;
  for (const [model, fields] of base ?? []) {
    const node = nodeOf(model);
    for (const field of fields) node.fields.add(field);
    for (const parent of baseParents?.get(model) ?? []) node.parents.add(parent);
  }
  for (const cls of classes) {
    const target = targetModel(cls);
    if (!target) continue;
    const node = nodeOf(target);
    for (const field of cls.fields) {
      node.fields.add(field.name);
      if (field.delegate && field.comodel) node.parents.add(field.comodel);
    }
    for (const parent of cls.inherit) if (parent !== target) node.parents.add(parent);
    for (const [parent, link] of Object.entries(cls.inherits)) {
      node.parents.add(parent);
      node.fields.add(link);
    }
    if (isNewModel(cls)) node.fields.add("id");
  }

  const resolved = new Map<string, Set<string>>();
  const incomplete = new Map<string, string>();
  const resolving = new Set<string>();
  const resolve = (model: string): Set<string> => {
    const done = resolved.get(model);
    if (done) return done;
    const node = nodes.get(model);
    const fields = new Set<string>(MAGIC_FIELDS);
    if (!node || resolving.has(model)) return fields;
    resolving.add(model);
    for (const field of node.fields) fields.add(field);
    for (const parent of node.parents) {
      if (!nodes.has(parent)) incomplete.set(model, parent);
      for (const field of resolve(parent)) fields.add(field);
      const missing = incomplete.get(parent);
      if (missing && !incomplete.has(model)) incomplete.set(model, missing);
    }
    resolving.delete(model);
    resolved.set(model, fields);
    return fields;
  };
  return {
    fieldsOf: (model) => (nodes.has(model) ? resolve(model) : undefined),
    missingParentOf: (model) => {
      if (nodes.has(model)) resolve(model);
      return incomplete.get(model);
    },
    models: () => nodes.keys(),
    parents: new Map([...nodes].map(([model, node]) => [model, node.parents])),
  };
}

export type ResolvedModels = {
  models: ModelCatalogue;
  /** Models whose field list is partial, with the missing parent. */
  incomplete: Map<string, string>;
};

/** Eagerly resolves every model (for building a catalogue). */
export function resolveModels(classes: Iterable<PyModelClass>, base?: ModelCatalogue): ResolvedModels & { parents: ReadonlyMap<string, ReadonlySet<string>> } {
  const resolver = modelResolver(classes, base);
  const models: ModelCatalogue = new Map();
  const incomplete = new Map<string, string>();
  for (const model of resolver.models()) {
    models.set(model, resolver.fieldsOf(model)!);
    const missing = resolver.missingParentOf(model);
    if (missing) incomplete.set(model, missing);
  }
  return { models, incomplete, parents: resolver.parents };
}
