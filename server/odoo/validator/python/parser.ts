/**
 * Python parsing with tree-sitter (WASM): one Parser for the process, loaded on first use.
 * tree-sitter recovers from errors, so a broken file still yields a tree with ERROR/MISSING
 * nodes; we report those and keep checking the rest.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { Language, type Node, Parser, type Tree } from "web-tree-sitter";

export type { Node as PyNode, Tree as PyTree };

let loading: Promise<Parser> | null = null;

function grammarPath(): string {
  // Looked up on disk from the working directory (the app's root under next start, vitest and
  // tsx), not through require.resolve: Turbopack rewrites require.resolve calls into bundler
  // module ids, and a literal `.wasm` import into a WASM module that fails the build.
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", "tree-sitter-python", "tree-sitter-python.wasm");
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error("tree-sitter-python.wasm not found: is tree-sitter-python installed?");
  }
}

export function pythonParser(): Promise<Parser> {
  loading ??= (async () => {
    await Parser.init();
    const language = await Language.load(grammarPath());
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return loading;
}

/**
 * Parses `source`, hands the tree to `use`, then frees it: trees live in WASM memory, which the
 * JS garbage collector does not see, so every tree must be deleted.
 */
export async function withPythonTree<T>(source: string, use: (tree: Tree) => T): Promise<T> {
  const parser = await pythonParser();
  const tree = parser.parse(source);
  if (!tree) throw new Error("tree-sitter returned no tree");
  try {
    return use(tree);
  } finally {
    tree.delete();
  }
}

export type SyntaxProblem = { line: number; message: string };

/** ERROR and MISSING nodes, outermost first, at most `limit` of them. */
export function syntaxProblems(tree: Tree, limit = 5): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  if (!tree.rootNode.hasError) return problems;
  const visit = (node: Node) => {
    if (problems.length >= limit) return;
    if (node.isMissing) {
      problems.push({ line: node.startPosition.row + 1, message: `missing ${node.type}` });
      return;
    }
    if (node.isError) {
      const snippet = node.text.split("\n")[0]!.slice(0, 40);
      problems.push({ line: node.startPosition.row + 1, message: `invalid syntax near \`${snippet}\`` });
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  return problems;
}

/** Depth-first walk over named descendants (including `node`); return false to skip children. */
export function walk(node: Node, visit: (node: Node) => boolean | void): void {
  if (visit(node) === false) return;
  for (const child of node.namedChildren) if (child) walk(child, visit);
}

export const lineOf = (node: Node): number => node.startPosition.row + 1;
