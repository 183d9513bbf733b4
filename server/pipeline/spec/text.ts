/**
 * Small, deterministic English helpers for the offline drafter: sentence splitting, tokens,
 * singular/plural forms and labels. No dictionaries beyond what a module description needs.
 */

export type Token =
  | { kind: "word"; text: string }
  | { kind: "punct"; text: string }
  /** A parenthesised list, e.g. "(low, medium, high)": candidate selection values. */
  | { kind: "options"; values: string[] };

/** Lower-cases, unifies arrows and quotes, splits into sentences. */
export function sentences(text: string): string[] {
  return text
    // "IT assets" are assets; lower-cased, "it" would read as a pronoun.
    .replace(/\bIT\b\s*/g, "")
    .toLowerCase()
    .replace(/[‘’`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s*(?:->|=>|⇒|➔|→)\s*/g, " → ")
    .replace(/\be\.g\.|\bi\.e\.|\betc\./g, " ")
    .split(/[.!?;\n]+/)
    .map((s) => s.replace(/\s+/g, " ").trim())
    .filter((s) => s.length > 0);
}

/** Items of a written list: "a, b and c", "a / b or c", "a → b → c". */
export function splitList(text: string): string[] {
  return text
    .split(/\s*(?:,|\/|→|\band\b|\bor\b|\bthen\b|&)\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function tokenize(sentence: string): Token[] {
  const tokens: Token[] = [];
  const re = /\(([^()]*)\)|([a-z][a-z0-9'-]*)|([0-9][0-9.,]*)|([,:→"&])/g;
  for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
    if (m[1] !== undefined) {
      const values = splitList(m[1]);
      // A list is a set of choices; a single word may name the kind of thing ("organiser (user)").
      if (values.length >= 2 || (values.length === 1 && /^[a-z]+$/.test(values[0]!))) tokens.push({ kind: "options", values });
    } else if (m[2] !== undefined) {
      const word = m[2].replace(/'s$/, "").replace(/'/g, "").replace(/-/g, "_").replace(/_+$/, "");
      if (word === "e_mail") tokens.push({ kind: "word", text: "email" });
      else if (word) tokens.push({ kind: "word", text: word });
    } else if (m[3] !== undefined) {
      tokens.push({ kind: "punct", text: "#" });
    } else if (m[4] !== undefined) {
      tokens.push({ kind: "punct", text: m[4] });
    }
  }
  return tokens;
}

const IRREGULAR_SINGULAR: Record<string, string> = {
  people: "person",
  children: "child",
  men: "man",
  women: "woman",
  staff: "staff",
  data: "data",
  media: "media",
  analyses: "analysis",
  statuses: "status",
  series: "series",
  species: "species",
  news: "news",
  equipment: "equipment",
  feet: "foot",
  teeth: "tooth",
  criteria: "criterion",
  indices: "index",
};
const NOT_PLURAL = /(ss|us|is|ics|ous)$/;

export function singular(word: string): string {
  if (IRREGULAR_SINGULAR[word]) return IRREGULAR_SINGULAR[word];
  if (word.length <= 3 || NOT_PLURAL.test(word)) return word;
  if (word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (/(ch|sh|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s")) return word.slice(0, -1);
  return word;
}

export function isPlural(word: string): boolean {
  return singular(word) !== word || word === "people" || word === "staff";
}

export function plural(word: string): string {
  const irregular = Object.entries(IRREGULAR_SINGULAR).find(([, one]) => one === word);
  if (irregular && irregular[0] !== word) return irregular[0];
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

export function titleCase(words: readonly string[]): string {
  return words
    .map((w) => w.replace(/_/g, " "))
    .join(" ")
    .split(" ")
    .filter(Boolean)
    .map((w) => (w === "of" || w === "and" ? w : w[0]!.toUpperCase() + w.slice(1)))
    .join(" ");
}

/** An identifier (`next_due_date`) from words; always starts with a letter. */
export function snake(words: readonly string[], max = 40): string {
  let id = words
    .join("_")
    .replace(/[^a-z0-9_]/g, "_")
    .replace(/_+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!/^[a-z]/.test(id)) id = `x_${id}`;
  id = id.slice(0, max).replace(/_+$/, "");
  return id || "x";
}
