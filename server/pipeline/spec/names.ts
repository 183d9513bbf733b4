/**
 * Names the drafter gives things: field names that Odoo and Python accept, selection/state values.
 */
import { snake, titleCase } from "./text";

const MAX_STATES = 12;
const CANCEL_STATES = new Set(["cancelled", "canceled", "cancel", "rejected", "refused", "lost", "void", "archived"]);
const STATE_NOISE = new Set(["workflow", "cycle", "process", "flow", "lifecycle", "status", "state", "stage", "states", "stages", "statuses", "steps"]);
const ARTICLES = new Set(["a", "an", "the", "its", "their"]);

export function cleanStates(values: readonly string[]): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = [];
  for (const raw of values) {
    const words = raw
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w && !ARTICLES.has(w) && !STATE_NOISE.has(w));
    if (words.length === 0) continue;
    const value = snake(words.slice(0, 3), 40);
    if (out.some((s) => s.value === value)) continue;
    out.push({ value, label: titleCase(words.slice(0, 3)) });
    if (out.length >= MAX_STATES) break;
  }
  return out;
}

export function isCancelState(value: string): boolean {
  return CANCEL_STATES.has(value);
}

const RESERVED = new Set([
  "id", "create_uid", "create_date", "write_uid", "write_date", "display_name", "state", "company_id", "currency_id", "name",
  "active_id", "activity_ids", "message_ids",
]);
const PY_UNSAFE = new Set([
  "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match", "case", "type",
  "env", "ids", "pool", "create", "write", "read", "search", "browse", "copy", "unlink", "exists", "sudo", "mapped", "filtered", "sorted",
]);

/** A safe field name from words (+ suffix): never reserved, never a Python keyword or ORM attribute. */
export function fieldName(words: readonly string[], suffix = ""): string {
  let base = snake(words, 40 - suffix.length);
  if (base === "type" || base === "kind_of") base = "kind";
  let name = `${base}${suffix}`;
  if (RESERVED.has(name) || PY_UNSAFE.has(name)) name = `${base}_value${suffix}`.replace(/^_/, "");
  return name;
}

export function pluralOf(words: readonly string[]): string {
  const last = words[words.length - 1]!;
  if (last === "staff" || last === "equipment" || last === "data") return last;
  if (/[^aeiou]y$/.test(last)) return `${last.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(last)) return `${last}es`;
  return `${last}s`;
}
