/**
 * The small subset of CEL that Inngest expressions use here: `cancelOn.if`, `waitForEvent`'s
 * `if`/`match`, trigger `if`s, the onFailure trigger (`event.data.function_id == '…'`) and
 * concurrency keys (`event.data.projectId`). Supported: `==`, `!=`, `&&`, `||`, `!`, parentheses,
 * string (single or double quoted), number, `true`/`false`/`null` literals and dotted paths rooted
 * at a variable (`event.*`, `async.*`). Anything else is a parse error, never a silent false.
 */

type Token =
  | { kind: "op"; value: "==" | "!=" | "&&" | "||" | "!" | "(" | ")" }
  | { kind: "literal"; value: string | number | boolean | null }
  | { kind: "path"; value: string[] };

type Node =
  | { kind: "literal"; value: string | number | boolean | null }
  | { kind: "path"; value: string[] }
  | { kind: "not"; operand: Node }
  | { kind: "binary"; op: "==" | "!=" | "&&" | "||"; left: Node; right: Node };

export class CelError extends Error {
  constructor(expression: string, reason: string) {
    super(`Unsupported expression "${expression}": ${reason}`);
    this.name = "CelError";
  }
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] ?? "";
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (two === "==" || two === "!=" || two === "&&" || two === "||") {
      tokens.push({ kind: "op", value: two });
      i += 2;
      continue;
    }
    if (ch === "!" || ch === "(" || ch === ")") {
      tokens.push({ kind: "op", value: ch });
      i += 1;
      continue;
    }
    if (ch === "'" || ch === '"') {
      let value = "";
      i += 1;
      while (i < source.length && source[i] !== ch) {
        if (source[i] === "\\" && i + 1 < source.length) i += 1;
        value += source[i];
        i += 1;
      }
      if (i >= source.length) throw new CelError(source, "unterminated string");
      i += 1;
      tokens.push({ kind: "literal", value });
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(source.slice(i));
    if (number) {
      tokens.push({ kind: "literal", value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(source.slice(i));
    if (word) {
      const text = word[0];
      if (text === "true" || text === "false") tokens.push({ kind: "literal", value: text === "true" });
      else if (text === "null") tokens.push({ kind: "literal", value: null });
      else tokens.push({ kind: "path", value: text.split(".") });
      i += text.length;
      continue;
    }
    throw new CelError(source, `unexpected "${ch}" at ${i}`);
  }
  return tokens;
}

/** Parses an expression once; the result evaluates against any variables. */
export function compileCel(source: string): (vars: Record<string, unknown>) => boolean | unknown {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (value: string) => {
    const token = peek();
    return token?.kind === "op" && token.value === value;
  };
  const parseOr = (): Node => {
    let left = parseAnd();
    while (isOp("||")) {
      pos += 1;
      left = { kind: "binary", op: "||", left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Node => {
    let left = parseEquality();
    while (isOp("&&")) {
      pos += 1;
      left = { kind: "binary", op: "&&", left, right: parseEquality() };
    }
    return left;
  };
  const parseEquality = (): Node => {
    let left = parseUnary();
    while (isOp("==") || isOp("!=")) {
      const op = (tokens[pos] as { value: "==" | "!=" }).value;
      pos += 1;
      left = { kind: "binary", op, left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): Node => {
    if (isOp("!")) {
      pos += 1;
      return { kind: "not", operand: parseUnary() };
    }
    if (isOp("(")) {
      pos += 1;
      const inner = parseOr();
      if (!isOp(")")) throw new CelError(source, "missing )");
      pos += 1;
      return inner;
    }
    const token = peek();
    if (!token) throw new CelError(source, "unexpected end");
    if (token.kind === "op") throw new CelError(source, `unexpected "${token.value}"`);
    pos += 1;
    return token;
  };
  const ast = parseOr();
  if (pos !== tokens.length) throw new CelError(source, "trailing tokens");
  return (vars) => evaluate(ast, vars);
}

function evaluate(node: Node, vars: Record<string, unknown>): unknown {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "path": {
      let value: unknown = vars;
      for (const key of node.value) {
        if (value === null || typeof value !== "object") return null;
        value = (value as Record<string, unknown>)[key];
      }
      return value === undefined ? null : value;
    }
    case "not":
      return !truthy(evaluate(node.operand, vars));
    case "binary": {
      if (node.op === "&&") return truthy(evaluate(node.left, vars)) && truthy(evaluate(node.right, vars));
      if (node.op === "||") return truthy(evaluate(node.left, vars)) || truthy(evaluate(node.right, vars));
      const equal = sameValue(evaluate(node.left, vars), evaluate(node.right, vars));
      return node.op === "==" ? equal : !equal;
    }
  }
}

const truthy = (value: unknown) => value === true;

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Evaluates a condition: true only when the expression yields exactly `true`. */
export function celMatches(source: string, vars: Record<string, unknown>): boolean {
  return compileCel(source)(vars) === true;
}

/** Evaluates a value expression (a concurrency key); `null` when a path is missing. */
export function celValue(source: string, vars: Record<string, unknown>): unknown {
  return compileCel(source)(vars);
}
