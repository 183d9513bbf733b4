/**
 * Paths into a blueprint, in one spelling everywhere: `models[0].fields[2].name`. Zod issues give
 * arrays, the reference checker and the server's findings give strings (sometimes dotted indexes);
 * everything is normalised here so a finding lands on the input that shows that value.
 */
export type PathSegment = string | number;

export function pathKey(path: readonly PropertyKey[]): string {
  let key = "";
  for (const segment of path) {
    if (typeof segment === "number") key += `[${segment}]`;
    else key += key ? `.${String(segment)}` : String(segment);
  }
  return key;
}

/** `models.0.fields.1` / `$.models[0]` / `/models/0` → `models[0].fields[1]`. */
export function normalizePath(path: string): string {
  const trimmed = path.trim().replace(/^\$\.?/, "").replace(/^\//, "");
  const segments = trimmed
    .split(/[./]|\[|\]/)
    .filter(Boolean)
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  return pathKey(segments);
}

/** `models[0].fields[1].name` → [`models`, `models[0]`, `models[0].fields`, …, itself]. */
export function pathPrefixes(key: string): string[] {
  const prefixes: string[] = [];
  const pattern = /\[\d+\]|\.?[^.[]+/g;
  let current = "";
  for (const match of key.match(pattern) ?? []) {
    current += match;
    prefixes.push(current);
  }
  return prefixes;
}

/** A DOM id for the control editing `key`, so a finding can focus it. */
export function domIdFor(key: string): string {
  return `bp-${key.replace(/[^a-zA-Z0-9]+/g, "-").replace(/-$/, "")}`;
}

interface Named {
  models: ReadonlyArray<{ name: string; fields: ReadonlyArray<{ name: string }> }>;
  views: ReadonlyArray<{ type: string; model: string }>;
  menus: ReadonlyArray<{ name: string }>;
}

/**
 * `models[1].fields[0].comodel` → `equipment.loan › item_id › comodel`: the names a user knows,
 * for the problem list (indexes mean nothing to them).
 */
export function describePath(blueprint: Named, key: string): string {
  const parts: string[] = [];
  let model: Named["models"][number] | undefined;
  const pattern = /(\w+)(?:\[(\d+)\])?/g;
  for (const match of key.matchAll(pattern)) {
    const [, name, index] = match;
    const i = index === undefined ? undefined : Number(index);
    if (name === "models" && i !== undefined) {
      model = blueprint.models[i];
      parts.push(model?.name || `model ${i + 1}`);
    } else if (name === "fields" && i !== undefined && model) {
      parts.push(model.fields[i]?.name || `field ${i + 1}`);
    } else if (name === "views" && i !== undefined) {
      const view = blueprint.views[i];
      parts.push(view ? `${view.type} view of ${view.model}` : `view ${i + 1}`);
    } else if (name === "menus" && i !== undefined) {
      parts.push(`menu “${blueprint.menus[i]?.name ?? i + 1}”`);
    } else {
      parts.push(i === undefined ? name! : `${name} ${i + 1}`);
    }
  }
  return parts.join(" › ");
}
