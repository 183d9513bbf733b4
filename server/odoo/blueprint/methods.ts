/**
 * The Python methods a blueprint model's class ends up with, named the way the compiler names
 * them. Shared by the compiler (which writes them) and the reference checker (which refuses two
 * methods with one name: Python keeps the last `def`, so the first would silently vanish).
 */
import type { Field, Model } from "./schema";

/** The method a built-in (non-custom) Python constraint becomes: `_check_<field>_<kind>[_<index>]`. */
export function constraintMethodName(model: Model, index: number): string {
  const c = model.constraints[index]!;
  if (c.kind === "custom") return c.method;
  const twins = model.constraints.filter((o) => o.kind === c.kind && "field" in o && o.field === c.field).length;
  return `_check_${c.field}_${c.kind}${twins > 1 ? `_${index}` : ""}`;
}

/** A computed field's method: the custom one it names, or `_compute_<field>` for formulas. */
export function computeMethodOf(field: Field): string | null {
  const compute = "compute" in field ? field.compute : undefined;
  if (!compute) return null;
  return compute.kind === "custom" ? compute.method : `_compute_${field.name}`;
}

export interface ModelMethod {
  name: string;
  /** Blueprint path (relative to the model) of what declares it. */
  path: string;
  origin: "compute" | "constraint" | "onchange";
  /** Custom computes may share a method (one method assigning several fields). */
  shareable: boolean;
}

/** Compute, constraint and onchange methods of `model`, in declaration order. */
export function modelMethods(model: Model): ModelMethod[] {
  const methods: ModelMethod[] = [];
  model.fields.forEach((field, i) => {
    const name = computeMethodOf(field);
    const custom = "compute" in field && field.compute?.kind === "custom";
    if (name) methods.push({ name, path: `fields[${i}].compute${custom ? ".method" : ""}`, origin: "compute", shareable: custom });
  });
  model.constraints.forEach((c, i) => {
    methods.push({ name: constraintMethodName(model, i), path: `constraints[${i}]${c.kind === "custom" ? ".method" : ""}`, origin: "constraint", shareable: false });
  });
  model.onchanges.forEach((o, i) => methods.push({ name: o.method, path: `onchanges[${i}].method`, origin: "onchange", shareable: false }));
  return methods;
}

/** Methods declared twice (each repeat after the first), with what they clash with. */
export function duplicateMethods(model: Model): { method: ModelMethod; first: ModelMethod }[] {
  const seen = new Map<string, ModelMethod>();
  const clashes: { method: ModelMethod; first: ModelMethod }[] = [];
  for (const method of modelMethods(model)) {
    const first = seen.get(method.name);
    if (!first) seen.set(method.name, method);
    else if (!(first.shareable && method.shareable)) clashes.push({ method, first });
  }
  return clashes;
}
