/**
 * Reading noun phrases and lists out of tokens: "a unique code", "vehicles and their orders",
 * "a start date, an end date and notes". The grammar is small on purpose: what it cannot read it
 * leaves alone, and the drafter says what it assumed.
 */
import { DETERMINERS, HAS_VERBS, LINK_VERBS, MOVE_VERBS, OF_JOINERS, PLURAL_MARKERS, STOP, TRIGGERS } from "./lexicon";
import { isPlural, type Token } from "./text";

export interface Phrase {
  words: string[];
  plural: boolean;
  possessive: boolean;
  /** "a unique code": becomes a unique constraint. */
  unique?: boolean;
  options?: string[];
  next: number;
}

const QUALIFIER_PREPS = new Set(["in", "per", "from", "of"]);

/** "Visits at customer sites belong to …": a linking or having verb follows the subject's qualifier. */
export function sentenceHasVerb(tokens: readonly Token[], from: number): boolean {
  const first = tokens[from];
  if (first?.kind !== "word" || !["at", "on", "for", "of", "in", "from"].includes(first.text)) return false;
  for (let i = from + 1; i < tokens.length && i < from + 8; i += 1) {
    const t = tokens[i]!;
    if (t.kind !== "word") return false;
    if (LINK_VERBS.has(t.text) || HAS_VERBS.has(t.text) || MOVE_VERBS.has(t.text)) return true;
  }
  return false;
}

export function isWord(token: Token | undefined, text: string): boolean {
  return token?.kind === "word" && token.text === text;
}

/** A noun phrase at `start`: determiners skipped, up to four content words, then options. */
export function readPhrase(tokens: readonly Token[], start: number, opts: { allowFirst?: boolean } = {}): Phrase | null {
  let i = start;
  let plural = false;
  let possessive = false;
  let unique = false;
  while (tokens[i]?.kind === "word") {
    const w = (tokens[i] as { text: string }).text;
    if (!DETERMINERS.has(w)) break;
    if (PLURAL_MARKERS.has(w)) plural = true;
    if (w === "their" || w === "its") possessive = true;
    if (w === "unique") unique = true;
    i += 1;
  }
  const words: string[] = [];
  while (words.length < 4) {
    const t = tokens[i];
    if (t?.kind !== "word") break;
    const w = t.text;
    if (w === "of" && words.length > 0 && OF_JOINERS.has(words[words.length - 1]!) && tokens[i + 1]?.kind === "word") {
      words.push(w);
      i += 1;
      continue;
    }
    if (w === "is" && words.length === 0 && tokens[i + 1]?.kind === "word" && !STOP.has((tokens[i + 1] as { text: string }).text)) {
      words.push(w);
      i += 1;
      continue;
    }
    const allowed = opts.allowFirst && words.length === 0 && TRIGGERS.has(w);
    if (!allowed && (STOP.has(w) || DETERMINERS.has(w))) break;
    words.push(w);
    i += 1;
  }
  if (words.length === 0 || (words.length === 1 && words[0] === "is")) return null;
  let options: string[] | undefined;
  const t = tokens[i];
  if (t?.kind === "options") {
    options = t.values;
    i += 1;
  }
  return { words, plural: plural || isPlural(words[words.length - 1]!), possessive, unique, options, next: i };
}

/** "a, b and c": phrases separated by commas, and, or, & (an Oxford comma is fine). */
export function readList(tokens: readonly Token[], start: number, opts: { qualifiers?: boolean; allowFirst?: boolean } = {}): { items: Phrase[]; next: number } {
  const items: Phrase[] = [];
  let i = start;
  for (;;) {
    const phrase = readPhrase(tokens, i, { allowFirst: opts.allowFirst && i === start });
    if (!phrase) break;
    items.push(phrase);
    i = phrase.next;
    // In a field list, "a duration in hours" is one field: skip the qualifier.
    if (opts.qualifiers && tokens[i]?.kind === "word" && QUALIFIER_PREPS.has((tokens[i] as { text: string }).text)) {
      const qualifier = readPhrase(tokens, i + 1);
      if (qualifier) i = qualifier.next;
    }
    let j = i;
    while (tokens[j] && ((tokens[j]!.kind === "punct" && [",", "&"].includes((tokens[j] as { text: string }).text)) || isWord(tokens[j], "and") || isWord(tokens[j], "or") || isWord(tokens[j], "plus"))) j += 1;
    if (isWord(tokens[j], "as") && isWord(tokens[j + 1], "well") && isWord(tokens[j + 2], "as")) j += 3;
    if (j === i) break;
    const following = readPhrase(tokens, j);
    if (!following) break;
    i = j;
  }
  return { items, next: i };
}

