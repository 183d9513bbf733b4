/**
 * Odoo model classes as written in Python: `_name`, `_inherit`, `_inherits` and
 * `x = fields.Char(...)` assignments, read from the AST. Used for the module being validated and
 * for building the core-model catalogue from a real Odoo tree.
 */
import { isDict, stringList, tryLiteral } from "./literal";
import { lineOf, type PyNode, walk } from "./parser";

export type PyField = {
  name: string;
  type: string;
  line: number;
  comodel: string | null;
  /** `Many2one(..., delegate=True)`: the same as an `_inherits` entry. */
  delegate: boolean;
};

export type PyModelClass = {
  className: string;
  line: number;
  /** `_name`, when the class declares one. */
  name: string | null;
  inherit: string[];
  /** `_inherits`: delegated parent model → link field. */
  inherits: Record<string, string>;
  /**
   * From the base class: models.Model / TransientModel / AbstractModel, or a class of the same
   * file; "unknown" when it derives from something imported we cannot see.
   */
  kind: "model" | "transient" | "abstract" | "unknown";
  fields: PyField[];
};

const RELATIONAL = new Set(["Many2one", "One2many", "Many2many", "Many2oneReference"]);

/** The model a class defines or extends: `_name`, else `_inherit` (string or first item). */
export const targetModel = (cls: PyModelClass): string | null => cls.name ?? cls.inherit[0] ?? null;

/** A class creates a new model when `_name` is set and is not one of the names it inherits. */
export const isNewModel = (cls: PyModelClass): boolean => cls.name !== null && !cls.inherit.includes(cls.name);

function classKind(superclasses: string): PyModelClass["kind"] | null {
  if (/\bTransientModel\b/.test(superclasses)) return "transient";
  if (/\bAbstractModel\b/.test(superclasses)) return "abstract";
  if (/\bModel\b/.test(superclasses)) return "model";
  return null;
}

function fieldOf(left: PyNode, right: PyNode): PyField | null {
  if (left.type !== "identifier" || right.type !== "call") return null;
  const fn = right.childForFieldName("function");
  if (fn?.type !== "attribute") return null;
  const object = fn.childForFieldName("object");
  const type = fn.childForFieldName("attribute")?.text ?? "";
  if (object?.text !== "fields" || !/^[A-Z]/.test(type)) return null;
  let comodel: string | null = null;
  let delegate = false;
  if (RELATIONAL.has(type)) {
    const args = right.childForFieldName("arguments")?.namedChildren ?? [];
    const first = args[0];
    if (first && first.type !== "keyword_argument") {
      const value = tryLiteral(first);
      if (typeof value === "string") comodel = value;
    }
    for (const arg of args) {
      if (arg?.type === "keyword_argument" && arg.childForFieldName("name")?.text === "comodel_name") {
        const value = tryLiteral(arg.childForFieldName("value"));
        if (typeof value === "string") comodel = value;
      }
      if (arg?.type === "keyword_argument" && arg.childForFieldName("name")?.text === "delegate") {
        delegate = arg.childForFieldName("value")?.type === "true";
      }
    }
  }
  return { name: left.text, type, line: lineOf(left), comodel, delegate };
}

/** Every Odoo model class in a parsed file (top-level or nested in `if` blocks). */
export function modelClasses(root: PyNode): PyModelClass[] {
  const classes: PyModelClass[] = [];
  const kindOfLocal = new Map<string, PyModelClass["kind"]>();
  const kindOf = (superclasses: PyNode | null): PyModelClass["kind"] | null => {
    const text = superclasses?.text ?? "";
    const explicit = classKind(text);
    if (explicit) return explicit;
    for (const base of superclasses?.namedChildren ?? []) {
      const local = base ? kindOfLocal.get(base.text) : undefined;
      if (local) return local;
    }
    return null;
  };
  walk(root, (node) => {
    if (node.type === "function_definition") return false;
    if (node.type !== "class_definition") return;
    const body = node.childForFieldName("body");
    const kind = kindOf(node.childForFieldName("superclasses"));
    const cls: PyModelClass = {
      className: node.childForFieldName("name")?.text ?? "?",
      line: lineOf(node),
      name: null,
      inherit: [],
      inherits: {},
      kind: kind ?? "unknown",
      fields: [],
    };
    let odooish = kind !== null;
    for (const statement of body?.namedChildren ?? []) {
      const assignment = statement?.type === "expression_statement" ? statement.namedChildren[0] : null;
      if (assignment?.type !== "assignment") continue;
      const left = assignment.childForFieldName("left");
      const right = assignment.childForFieldName("right");
      if (!left || !right) continue;
      const value = tryLiteral(right);
      switch (left.text) {
        case "_name":
          if (typeof value === "string") cls.name = value;
          odooish = true;
          break;
        case "_inherit":
          // `_inherit = _name` is a common idiom for "extend the model named above".
          if (right.text === "_name" && cls.name) cls.inherit = [cls.name];
          else cls.inherit = typeof value === "string" ? [value] : (stringList(value) ?? []);
          odooish = true;
          break;
        case "_inherits":
          if (isDict(value)) {
            for (const entry of value.entries) {
              if (typeof entry.key === "string" && typeof entry.value === "string") cls.inherits[entry.key] = entry.value;
            }
          }
          break;
        default: {
          const field = fieldOf(left, right);
          if (field) cls.fields.push(field);
        }
      }
    }
    if (odooish && targetModel(cls)) {
      classes.push(cls);
      kindOfLocal.set(cls.className, cls.kind);
    }
    // Nested classes are not models; don't descend.
    return false;
  });
  addSetattrFields(root, classes);
  return classes;
}

/**
 * `setattr(IrRule, 'global', fields.Boolean(...))`: how Odoo defines a field whose name is a
 * Python keyword. Top-level statements only.
 */
function addSetattrFields(root: PyNode, classes: PyModelClass[]) {
  for (const statement of root.namedChildren) {
    const call = statement?.type === "expression_statement" ? statement.namedChildren[0] : null;
    if (call?.type !== "call" || call.childForFieldName("function")?.text !== "setattr") continue;
    const [target, name] = call.childForFieldName("arguments")?.namedChildren ?? [];
    const cls = classes.find((candidate) => candidate.className === target?.text);
    const fieldName = tryLiteral(name);
    if (cls && typeof fieldName === "string") cls.fields.push({ name: fieldName, type: "?", line: lineOf(call), comodel: null, delegate: false });
  }
}
