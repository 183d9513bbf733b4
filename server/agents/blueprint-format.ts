/**
 * The blueprint's shape, for prompts: rendered from the zod schema itself (so it never drifts)
 * into a compact TypeScript-like notation. The raw JSON Schema is ~68 KB (~17k tokens) because
 * every field type repeats the common field keys; this text is a fraction of that, names the
 * shared parts once (Field, Compute, Condition, ViewField…) and reads naturally to a model.
 *
 * Length limits are left out on purpose (zod reports them in the repair round); patterns are
 * kept, the frequent ones under a short name.
 */
import { z } from "zod";
import {
  blueprintSchema,
  computeSchema,
  conditionSchema,
  fieldSchema,
  menuSchema,
  modelSchema,
  onchangeSchema,
  pythonConstraintSchema,
  sqlConstraintSchema,
  valueSchema,
  viewSchema,
  workflowSchema,
} from "@/server/odoo/blueprint/schema";

type Node = Record<string, unknown>;

/** Validation noise a model does not need to write a good first answer. */
const NOISE = new Set(["$schema", "maxLength", "minLength", "maxItems", "minItems", "maximum", "minimum", "exclusiveMinimum", "exclusiveMaximum", "format", "default", "propertyNames"]);

const PATTERN_NAMES: Record<string, string> = {
  "^[a-z][a-z0-9_]*$": "snake_case",
  "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$": "dotted.name",
  "^([a-z][a-z0-9_]*\\.)?[a-z][a-z0-9_]*$": "xml_id",
};

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node && typeof node === "object") {
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key, value]) => !NOISE.has(key) && !(key === "additionalProperties" && value === false))
        // Under `properties` the keys are field names (a field may be called `default`).
        .map(([key, value]) => [key, key === "properties" ? stripProperties(value as Node) : strip(value)]),
    );
  }
  return node;
}

function stripProperties(properties: Node): Node {
  return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, strip(value)]));
}

const jsonOf = (schema: z.ZodType) => strip(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" })) as Node;
const keyOf = (node: unknown) => JSON.stringify(node);

function viewFieldSchema(): z.ZodType {
  const list = viewSchema.options.find((o) => o.shape.type.value === "list")!;
  return ((list.shape as Record<string, unknown>).fields as z.ZodArray<z.ZodType>).element;
}

/** Parts named once and referred to by name (in this order in the output). */
function namedParts(): [string, Node][] {
  return [
    ["Model", jsonOf(modelSchema)],
    ["Field", jsonOf(fieldSchema)],
    ["Compute", jsonOf(computeSchema)],
    ["SqlConstraint", jsonOf(sqlConstraintSchema)],
    ["PythonConstraint", jsonOf(pythonConstraintSchema)],
    ["Onchange", jsonOf(onchangeSchema)],
    ["Workflow", jsonOf(workflowSchema)],
    ["View", jsonOf(viewSchema)],
    ["ViewField", jsonOf(viewFieldSchema())],
    ["Condition", jsonOf(conditionSchema)],
    ["Value", jsonOf(valueSchema)],
    ["Menu", jsonOf(menuSchema)],
  ];
}

const INLINE_WIDTH = 110;

class Renderer {
  private readonly names = new Map<string, string>();
  constructor(parts: [string, Node][]) {
    for (const [name, node] of parts) this.names.set(keyOf(node), name);
  }

  /** `self` is the name being defined: it is rendered in full, not referred to. */
  render(node: Node, indent: string, self?: string): string {
    const named = this.names.get(keyOf(node));
    if (named && named !== self) return named;
    if ("const" in node) return JSON.stringify(node.const);
    if (Array.isArray(node.enum)) return node.enum.map((v) => JSON.stringify(v)).join(" | ");
    const variants = (node.oneOf ?? node.anyOf) as Node[] | undefined;
    if (variants) return this.union(variants, indent);
    switch (node.type) {
      case "string": {
        const pattern = typeof node.pattern === "string" ? node.pattern : null;
        if (!pattern) return "string";
        return PATTERN_NAMES[pattern] ?? `string /${pattern}/`;
      }
      case "integer":
        return "integer";
      case "number":
        return "number";
      case "boolean":
        return "boolean";
      case "null":
        return "null";
      case "array": {
        if (Array.isArray(node.prefixItems)) return `[${(node.prefixItems as Node[]).map((n) => this.render(n, indent)).join(", ")}]`;
        const item = this.render((node.items ?? {}) as Node, indent);
        return /[\s|&]/.test(item) && !/^[{(]/.test(item) ? `(${item})[]` : `${item}[]`;
      }
      case "object":
        return this.object(node, indent);
      default:
        return "any";
    }
  }

  private object(node: Node, indent: string, skip: ReadonlySet<string> = new Set()): string {
    const properties = (node.properties ?? {}) as Record<string, Node>;
    const required = new Set((node.required ?? []) as string[]);
    const entries = Object.entries(properties).filter(([key]) => !skip.has(key));
    if (entries.length === 0) {
      // A record: { [key]: value }
      const values = node.additionalProperties as Node | undefined;
      return values && typeof values === "object" ? `{ [name: string]: ${this.render(values, indent)} }` : "{}";
    }
    const inner = indent + "  ";
    const parts = entries.map(([key, value]) => `${key}${required.has(key) ? "" : "?"}: ${this.render(value, inner)}`);
    const inline = `{ ${parts.join("; ")} }`;
    if (inline.length + indent.length <= INLINE_WIDTH && !inline.includes("\n")) return inline;
    return `{\n${parts.map((p) => `${inner}${p}`).join("\n")}\n${indent}}`;
  }

  private union(variants: Node[], indent: string): string {
    // Nested unions read as one, unless the nested one has a name of its own.
    const flat = variants.flatMap((v) => (this.names.has(keyOf(v)) ? [v] : (((v.anyOf ?? v.oneOf) as Node[] | undefined) ?? [v])));
    const discriminator = discriminatorOf(flat);
    if (!discriminator) {
      const inline = flat.map((v) => this.render(v, indent)).join(" | ");
      if (inline.length + indent.length <= INLINE_WIDTH && !inline.includes("\n")) return inline;
      const inner = indent + "  ";
      return flat.map((v) => `\n${inner}| ${this.render(v, inner)}`).join("");
    }
    // Keys every variant shares with the same shape: written once, before the variants.
    const first = flat[0]!;
    const firstProps = (first.properties ?? {}) as Record<string, Node>;
    const common = Object.keys(firstProps).filter(
      (key) =>
        key !== discriminator &&
        flat.every((v) => {
          const props = (v.properties ?? {}) as Record<string, Node>;
          const req = (v.required ?? []) as string[];
          return key in props && keyOf(props[key]) === keyOf(firstProps[key]) && req.includes(key) === ((first.required ?? []) as string[]).includes(key);
        }),
    );
    const shared = common.length >= 3 ? new Set(common) : new Set<string>();
    const inner = indent + "  ";
    const lines = flat.map((v) => `${inner}| ${this.object(v, inner, shared)}`);
    if (shared.size === 0) return `(\n${lines.join("\n")}\n${indent})`;
    const commonNode: Node = {
      type: "object",
      properties: Object.fromEntries(common.map((key) => [key, firstProps[key]])),
      required: ((first.required ?? []) as string[]).filter((key) => shared.has(key)),
    };
    return `${this.object(commonNode, indent)} & one of (by ${discriminator}):\n${lines.join("\n")}`;
  }
}

function discriminatorOf(variants: Node[]): string | null {
  if (variants.length < 2 || !variants.every((v) => v.type === "object")) return null;
  const props = (v: Node) => (v.properties ?? {}) as Record<string, Node>;
  for (const key of Object.keys(props(variants[0]!))) {
    if (variants.every((v) => props(v)[key] && "const" in props(v)[key]!)) return key;
  }
  return null;
}

let memo: string | null = null;

/** The blueprint's shape as TypeScript-like text (`?` = optional; defaults apply when left out). */
export function blueprintFormat(): string {
  if (memo) return memo;
  const parts = namedParts();
  const renderer = new Renderer(parts);
  const out = [`Blueprint = ${renderer.render(jsonOf(blueprintSchema), "", "Blueprint")}`];
  for (const [name, node] of parts) out.push(`${name} = ${renderer.render(node, "", name)}`);
  out.push("snake_case = string /^[a-z][a-z0-9_]*$/; dotted.name = string like \"fleet.maint.order\"; xml_id = \"group_manager\" (this module) or \"base.group_user\"");
  memo = out.join("\n\n").replace(/[ \t]+\n/g, "\n");
  return memo;
}
