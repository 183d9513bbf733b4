/**
 * The offline drafter's reading of a description: the things the module manages (entities),
 * what each has (fields and their types), how they relate, and their states. Rule-based and
 * deterministic: entities and fields come out in the order the text first mentions them.
 */
import { MODULE_CLOSURE } from "@/server/odoo/blueprint/field-rules";
import {
  COLLECTION_NOUNS,
  CORE_PHRASES,
  CORE_WORDS,
  type CoreModel,
  DETERMINERS,
  HAS_VERBS,
  KEEP_PLURAL,
  LINE_WORDS,
  LINK_VERBS,
  MODIFIERS,
  MOVE_VERBS,
  NAME_WORDS,
  PERSON_WORDS,
  PRIORITY_WORDS,
  scalarTypeOf,
  STATUS_WORDS,
  STOP,
  TRIGGERS,
} from "./lexicon";
import { cleanStates, fieldName, pluralOf } from "./names";
import { isWord, type Phrase, readList, readPhrase, sentenceHasVerb } from "./phrases";
import { isPlural, sentences, singular, snake, splitList, titleCase, tokenize } from "./text";

export { cleanStates, fieldName, isCancelState } from "./names";

export type DraftFieldType =
  | "char"
  | "text"
  | "integer"
  | "float"
  | "monetary"
  | "boolean"
  | "date"
  | "datetime"
  | "selection"
  | "image"
  | "binary"
  | "many2one"
  | "one2many"
  | "many2many";

export interface DraftField {
  name: string;
  label: string;
  type: DraftFieldType;
  /** Relations: an entity key (`entity`) or a core model name (`core`). */
  target?: { kind: "entity"; key: string } | { kind: "core"; model: string; module: string | null };
  /** one2many: the many2one on the target entity pointing back. */
  inverse?: string;
  required?: boolean;
  cascade?: boolean;
  options?: { value: string; label: string }[];
  default?: string | number | boolean;
  /** A unique SQL constraint on this field. */
  unique?: boolean;
  /** The words of the description it came from. */
  phrase: string;
}

export interface DraftEntity {
  key: string;
  label: string;
  pluralLabel: string;
  fields: DraftField[];
  states?: { value: string; label: string }[];
  statesAssumed?: boolean;
  /** "visits belong to a company": multi-company records. */
  companyAware?: boolean;
  /** A "lines" child edited inside its parent. */
  lineOf?: string;
}

export interface Recognised {
  entities: DraftEntity[];
  /** What the drafter guessed, in the order it guessed it (the spec's "Assumptions"). */
  notes: string[];
  /** True when no entity was found and one was made from the project's title. */
  fallback: boolean;
}

export const MAX_ENTITIES = 12;
const MAX_FIELDS = 30;

/** Words that name the software itself, never a thing it manages. */
const NOT_ENTITIES = new Set(["module", "app", "application", "system", "odoo", "software", "addon", "platform", "solution", "tool", "way", "time", "need", "process", "workflow"]);
/** After a verb these are things after all ("lend tools"); as a sentence subject they are not. */
const TRIGGER_OK = new Set(["tool", "time"]);
/** Only articles are dropped from state names: "new", "open", "current" are states of their own. */
const STATE_ARTICLES = new Set(["a", "an", "the", "its", "their"]);
const TWO_WORD_STATES = new Set(["in progress", "on hold", "to do", "in review", "under review", "in use", "in stock", "in transit", "no show"]);

/** The project's depends with everything they bring (enough to know when e.g. product.product is there). */
export function availableModules(depends: readonly string[]): Set<string> {
  const out = new Set<string>(["base"]);
  const queue = [...depends];
  while (queue.length) {
    const name = queue.pop()!;
    if (out.has(name)) continue;
    out.add(name);
    queue.push(...(MODULE_CLOSURE[name] ?? []));
  }
  return out;
}

export function recognise(description: string, title: string, depends: readonly string[]): Recognised {
  const modules = availableModules(depends);
  const entities: DraftEntity[] = [];
  const notes: string[] = [];
  const note = (text: string) => {
    if (!notes.includes(text)) notes.push(text);
  };
  let fallback = false;

  const coreFor = (words: readonly string[]): CoreModel | null => {
    const last2 = words.slice(-2).map(singular).join(" ");
    const candidates = (words.length >= 2 ? CORE_PHRASES[last2] : undefined) ?? CORE_WORDS[singular(words[words.length - 1]!)];
    if (!candidates) return null;
    for (const candidate of candidates) {
      if (!candidate.when || candidate.when.some((m) => modules.has(m))) return candidate;
    }
    return null;
  };

  const entityKey = (words: readonly string[]) => snake([...words.slice(0, -1), singular(words[words.length - 1]!)], 30);
  const findEntity = (words: readonly string[]): DraftEntity | undefined => {
    const key = entityKey(words);
    const exact = entities.find((e) => e.key === key);
    if (exact) return exact;
    const head = singular(words[words.length - 1]!);
    const byHead = entities.filter((e) => e.key === head || e.key.endsWith(`_${head}`));
    if (byHead.length === 1) return byHead[0];
    return entities.find((e) => key.endsWith(`_${e.key}`));
  };

  const createEntity = (words: readonly string[], lineOf?: DraftEntity): DraftEntity | undefined => {
    const existing = findEntity(words);
    if (existing) return existing;
    if (entities.length >= MAX_ENTITIES) {
      note(`Only the first ${MAX_ENTITIES} kinds of records were drafted; add the others in the editor.`);
      return undefined;
    }
    const singularWords = [...words.slice(0, -1), singular(words[words.length - 1]!)];
    const entity: DraftEntity = {
      key: entityKey(words),
      label: titleCase(singularWords),
      pluralLabel: titleCase([...words.slice(0, -1), isPlural(words[words.length - 1]!) ? words[words.length - 1]! : pluralOf(singularWords)]),
      fields: [],
      lineOf: lineOf?.key,
    };
    entities.push(entity);
    return entity;
  };

  let primary: DraftEntity | undefined;
  const fallbackEntity = (): DraftEntity => {
    if (entities[0]) return entities[0];
    const titleWords = tokenize(title.toLowerCase()).flatMap((t) => (t.kind === "word" && !STOP.has(t.text) && !DETERMINERS.has(t.text) ? [t.text] : []));
    const head = titleWords[titleWords.length - 1];
    const words = head && !NOT_ENTITIES.has(singular(head)) ? [head] : ["record"];
    fallback = true;
    const entity = createEntity(words)!;
    entity.label = titleCase([singular(words[0]!)]);
    return entity;
  };

  const addField = (entity: DraftEntity, field: DraftField): DraftField | undefined => {
    const existing = entity.fields.find((f) => f.name === field.name);
    if (existing) return existing;
    if (entity.fields.length >= MAX_FIELDS) return undefined;
    entity.fields.push(field);
    return field;
  };

  /** child.<parent>_id many2one (+ parent.<child>_ids one2many when `withOne2many`). */
  const link = (child: DraftEntity, parent: DraftEntity, opts: { required?: boolean; cascade?: boolean; one2many?: boolean; phrase: string }) => {
    if (child === parent) return;
    const m2o = addField(child, {
      name: fieldName([parent.key], "_id"),
      label: parent.label,
      type: "many2one",
      target: { kind: "entity", key: parent.key },
      required: opts.required,
      cascade: opts.cascade,
      phrase: opts.phrase,
    });
    if (!m2o || m2o.type !== "many2one") return;
    if (opts.one2many !== false) {
      addField(parent, {
        name: fieldName([child.key], "_ids"),
        label: child.pluralLabel,
        type: "one2many",
        target: { kind: "entity", key: child.key },
        inverse: m2o.name,
        phrase: opts.phrase,
      });
    }
  };

  const linkCore = (entity: DraftEntity, core: CoreModel, allWords: readonly string[], plural: boolean) => {
    const words = allWords.filter((w, i) => i === allWords.length - 1 || !MODIFIERS.has(w));
    const head = singular(words[words.length - 1]!);
    const base = words.length > 1 && !CORE_PHRASES[words.slice(-2).map(singular).join(" ")] ? [...words.slice(0, -1), head] : [head];
    if (core.model === "hr.employee") note("Employees link to the Employees app (hr.employee), since hr is a dependency.");
    if (singular(words[words.length - 1]!) === "employee" && core.model === "res.users") {
      note("Employees are linked as Odoo users (res.users), because hr is not a dependency; add hr to link employee records instead.");
    }
    if (core.model === "res.partner") note(`${titleCase(base)} records are Odoo contacts (res.partner), so they are shared with the rest of Odoo.`);
    addField(entity, {
      name: fieldName(base, plural ? "_ids" : "_id"),
      label: titleCase(plural ? words : base),
      type: plural ? "many2many" : "many2one",
      target: { kind: "core", model: core.model, module: core.module },
      phrase: words.join(" "),
    });
  };

  const setStates = (entity: DraftEntity, values: readonly string[] | undefined, phrase: string) => {
    if (entity.states && !entity.statesAssumed) return;
    const states = values ? cleanStates(values) : [];
    if (states.length >= 2) {
      entity.states = states;
      entity.statesAssumed = false;
    } else if (!entity.states) {
      entity.states = ["draft", "confirmed", "done"].map((v) => ({ value: v, label: titleCase([v]) }));
      entity.statesAssumed = true;
      note(`No status values were given for ${entity.pluralLabel.toLowerCase()} ("${phrase}"): a Draft → Confirmed → Done workflow is assumed.`);
    }
  };

  /** One item of a field list ("a start time", "several lines", "the customer") for `entity`. */
  const fieldItem = (entity: DraftEntity, phrase: Phrase) => {
    const words = phrase.words;
    const head = words[words.length - 1]!;
    const text = words.join(" ");
    if (NAME_WORDS.has(head) && words.length === 1) return;
    if (words.some((w) => STATUS_WORDS.has(w))) {
      // Values may follow in the sentence ("a status: open, closed"); the sentence pass decides.
      if (phrase.options) setStates(entity, phrase.options, text);
      else statusOwner = entity;
      return;
    }
    if (LINE_WORDS.has(head)) {
      const child = createEntity([...entity.key.split("_"), "line"], entity);
      if (!child) return;
      child.label = `${entity.label} Line`;
      child.pluralLabel = `${entity.label} Lines`;
      link(child, entity, { required: true, cascade: true, phrase: text });
      addField(child, { name: "quantity", label: "Quantity", type: "float", default: 1, phrase: text });
      if (entity.fields.some((f) => f.type === "monetary") || /\b(price|cost|amount)/.test(currentSentence)) {
        addField(child, { name: "unit_price", label: "Unit Price", type: "monetary", phrase: text });
      }
      return;
    }
    if (head === "company" || head === "companies") {
      entity.companyAware = true;
      note(`${entity.pluralLabel} belong to a company: users only see those of the companies they work in.`);
      return;
    }
    if (/\b(number|count) of\b/.test(text)) {
      const counted = words.slice(words.indexOf("of") + 1).map((w, i, all) => (i === all.length - 1 ? singular(w) : w));
      addField(entity, { name: fieldName([...counted, "count"]), label: titleCase(words), type: "integer", phrase: text });
      return;
    }
    // "organiser (user)": the parenthesis says what it links to.
    const hinted = phrase.options?.length === 1 ? coreFor(phrase.options) : null;
    if (hinted) return linkCore(entity, hinted, words, phrase.plural);
    const hintedType = phrase.options?.length === 1 ? scalarTypeOf(phrase.options) : null;
    if (hintedType) {
      // "a receipt (attachment)": the parenthesis names the type.
      const fieldWords = words.map((w, i) => (i === words.length - 1 && !KEEP_PLURAL.has(w) ? singular(w) : w));
      addField(entity, { name: fieldName(fieldWords), label: titleCase(fieldWords), type: hintedType.type, phrase: text });
      return;
    }
    const known = findEntity(words);
    if (known && known !== entity) {
      if (phrase.plural && PERSON_WORDS.has(singular(head))) {
        addField(entity, { name: fieldName([known.key], "_ids"), label: known.pluralLabel, type: "many2many", target: { kind: "entity", key: known.key }, phrase: text });
      } else if (phrase.plural) link(known, entity, { phrase: text });
      else link(entity, known, { phrase: text });
      return;
    }
    if (known === entity) return;
    const core = coreFor(words);
    if (core) return linkCore(entity, core, words, phrase.plural);
    if (phrase.options && phrase.options.length >= 2) {
      const options = cleanStates(phrase.options);
      if (options.length >= 2) {
        addField(entity, { name: fieldName(words), label: titleCase(words), type: "selection", options, default: options[0]!.value, phrase: text });
        return;
      }
    }
    if (PRIORITY_WORDS.has(head)) {
      note(`${titleCase(words)} on ${entity.pluralLabel.toLowerCase()} gets the levels Low, Normal and High.`);
      const options = ["low", "normal", "high"].map((v) => ({ value: v, label: titleCase([v]) }));
      addField(entity, { name: fieldName(words), label: titleCase(words), type: "selection", options, default: "normal", phrase: text });
      return;
    }
    const scalar = scalarTypeOf(words);
    if (scalar) {
      const nameWords = words[0] === "is" || words[0] === "has" || words[0] === "whether" ? words.slice(1) : words;
      if (nameWords.length === 0) return;
      if (scalar.type === "boolean" && nameWords.length > 1 && nameWords[nameWords.length - 1] === "flag") nameWords.pop();
      const fieldWords = nameWords.map((w, i) => (i === nameWords.length - 1 && !KEEP_PLURAL.has(w) ? singular(w) : w));
      if (scalar.type === "monetary") note(`${titleCase(fieldWords)} on ${entity.pluralLabel.toLowerCase()} is an amount in the company's currency.`);
      addField(entity, {
        name: fieldName(fieldWords),
        label: titleCase(fieldWords),
        type: scalar.type,
        default: head === "active" && scalar.type === "boolean" ? true : undefined,
        unique: phrase.unique && ["char", "integer", "date"].includes(scalar.type) ? true : undefined,
        phrase: text,
      });
      return;
    }
    if (phrase.plural && !NOT_ENTITIES.has(singular(head))) {
      const other = createEntity(words);
      if (!other) return;
      // Tags are shared between records: many to many.
      if (TAG_WORDS.has(singular(head))) {
        addField(entity, { name: fieldName([other.key], "_ids"), label: other.pluralLabel, type: "many2many", target: { kind: "entity", key: other.key }, phrase: text });
        return;
      }
      // People are referred to ("appointments with practitioners"); things are contained.
      if (PERSON_WORDS.has(singular(head))) link(entity, other, { phrase: text });
      else link(other, entity, { phrase: text });
      return;
    }
    if (!NAME_WORDS.has(head)) note(`"${text}" on ${entity.pluralLabel.toLowerCase()} is drafted as a text field.`);
    addField(entity, { name: fieldName(words.map((w, i) => (i === words.length - 1 ? singular(w) : w))), label: titleCase(words), type: "char", phrase: text });
  };

  const asEntityCandidate = (phrase: Phrase) => {
    const head = singular(phrase.words[phrase.words.length - 1]!);
    return !NOT_ENTITIES.has(head) && !NAME_WORDS.has(head) && !STATUS_WORDS.has(head) && !LINE_WORDS.has(head) && !scalarTypeOf([head]);
  };

  /** A thing named after "track", "each", a subject: an entity, or null when it is a field or core model. */
  const asEntity = (phrase: Phrase, context: "trigger" | "subject"): DraftEntity | "core" | null => {
    const head = singular(phrase.words[phrase.words.length - 1]!);
    if (NOT_ENTITIES.has(head) && !(context === "trigger" && TRIGGER_OK.has(head))) return null;
    if (NAME_WORDS.has(head) || STATUS_WORDS.has(head) || LINE_WORDS.has(head)) return null;
    const known = findEntity(phrase.words);
    if (known) return known;
    if (coreFor(phrase.words)) return "core";
    if (scalarTypeOf([phrase.words[phrase.words.length - 1]!]) || PRIORITY_WORDS.has(head)) return null;
    // Modifiers before the head that name a person or a core model become a relation.
    const words = [...phrase.words];
    const relations: string[][] = [];
    while (words.length > 1) {
      const first = words[0]!;
      if (MODIFIERS.has(first)) words.shift();
      else if (CORE_WORDS[singular(first)] && coreFor([first])) relations.push([words.shift()!]);
      else break;
    }
    const entity = createEntity(words);
    if (!entity) return null;
    for (const rel of relations) fieldItem(entity, { words: rel, plural: false, possessive: false, next: 0 });
    return entity;
  };

  const statesFromText = (sentence: string): string[] | undefined => {
    const status = /\b(?:status|state|stage)(?:es|s)?\b\s*(?:\(([^)]*)\)|:\s*([^.]*)|\b(?:can be|could be|is one of|is either|are|is|such as|like|with values|of)\s+([^.()]*))/.exec(sentence);
    if (status) {
      const list = splitList((status[1] ?? status[2] ?? status[3] ?? "").trim());
      if (list.length >= 2) return list.map((s) => s.split(" ").slice(0, 3).join(" "));
    }
    if (sentence.includes("→")) {
      const parts = sentence.split("→").map((p) => p.trim().split(" ").filter(Boolean));
      const out: string[] = [];
      parts.forEach((words, i) => {
        if (i === 0) {
          const two = words.slice(-2).join(" ");
          out.push(TWO_WORD_STATES.has(two) ? two : (words[words.length - 1] ?? ""));
        } else if (i === parts.length - 1) {
          const two = words.slice(0, 2).join(" ");
          out.push(TWO_WORD_STATES.has(two) ? two : (words[0] ?? ""));
        } else out.push(words.filter((w) => !STATE_ARTICLES.has(w)).slice(0, 3).join(" "));
      });
      if (out.filter(Boolean).length >= 2) return out;
    }
    const be = /^(?:each |every |the |a |an |all )?[a-z]+(?: [a-z]+)? (?:are|is|can be|may be|become|becomes) (?:either )?([a-z ,]+?(?: or | and )[a-z ]+)$/.exec(sentence);
    if (be) {
      const list = splitList(be[1]!);
      if (list.length >= 2 && list.every((item) => item.split(" ").length <= 2 && !/\b(by|with|for|to|of|in|on|at)\b/.test(item.replace(/^(in progress|on hold|in review|in use|in stock|in repair)$/, "")))) return list;
    }
    const move = /\b(?:move|moves|go|goes|pass|passes|progress|progresses|flow|flows|advance|advances)\s+(?:from\s+|through\s+)(.+)$/.exec(sentence);
    if (move) {
      const parts = move[1]!.split(/\s+(?:to|then|and then|and finally)\s+|\s*,\s*/).map((p) => p.trim().split(" ").filter(Boolean));
      const out = parts.map((words, i) => {
        if (i < parts.length - 1) return words.filter((w) => !STATE_ARTICLES.has(w)).slice(-3).join(" ");
        const two = words.slice(0, 2).join(" ");
        return TWO_WORD_STATES.has(two) ? two : (words[0] ?? "");
      });
      if (out.filter(Boolean).length >= 2) return out;
    }
    return undefined;
  };

  let lastSubject: DraftEntity | undefined;
  let statusOwner: DraftEntity | undefined;
  let currentSentence = "";
  for (const sentence of sentences(description)) {
    const tokens = tokenize(sentence);
    let subject: DraftEntity | undefined;
    let statusMention = false;
    statusOwner = undefined;
    currentSentence = sentence;
    const context = () => subject ?? lastSubject ?? primary ?? fallbackEntity();

    const fieldList = (entity: DraftEntity, start: number): number => {
      const { items, next } = readList(tokens, start, { qualifiers: true });
      for (const item of items) fieldItem(entity, item);
      return next;
    };

    /** ", has …", "and belongs to …": another clause about the same things. */
    const continueClause = (targets: DraftEntity[], i: number): number => {
      let j = i;
      while (tokens[j] && ((tokens[j]!.kind === "punct" && (tokens[j] as { text: string }).text === ",") || isWord(tokens[j], "and"))) j += 1;
      const t = tokens[j];
      if (j > i && t?.kind === "word" && (HAS_VERBS.has(t.text) || LINK_VERBS.has(t.text))) return afterEntity(targets, j, false);
      return i;
    };

    /** After an entity: "with …", "has …", "belongs to …", ": …", "on/for/of/at …". */
    const afterEntity = (targets: DraftEntity[], i: number, allowRelationPreps: boolean): number => {
      let j = i;
      // ", with …" and ", each with …" still describe the things just named.
      if (tokens[j]?.kind === "punct" && (tokens[j] as { text: string }).text === "," && (isWord(tokens[j + 1], "with") || isWord(tokens[j + 1], "each"))) j += 1;
      if (isWord(tokens[j], "each")) j += 1;
      if (isWord(tokens[j], "are") || isWord(tokens[j], "is")) {
        if (tokens[j + 1] && tokens[j + 1]!.kind === "word" && LINK_VERBS.has((tokens[j + 1] as { text: string }).text)) j += 1;
      }
      const t = tokens[j];
      if (!t) return j;
      if (t.kind === "punct" && t.text === ":") {
        // "vaccinations: each vaccination has …" is a new clause about the same thing.
        if (isWord(tokens[j + 1], "each") || isWord(tokens[j + 1], "every")) return j + 1;
        let next = j + 1;
        for (const target of targets) next = fieldList(target, j + 1);
        return next;
      }
      if (t.kind !== "word") return j;
      if (t.text === "with" || HAS_VERBS.has(t.text)) {
        let next = j + 1;
        for (const target of targets) next = fieldList(target, j + 1);
        return continueClause(targets, next);
      }
      if (LINK_VERBS.has(t.text) && isWord(tokens[j + 1], "to")) {
        // "belongs to an apartment and a tenant, has a rent …"
        const { items, next } = readList(tokens, j + 2);
        if (!items.length) return j + 2;
        for (const target of targets) for (const item of items) fieldItem(target, { ...item, plural: false });
        return continueClause(targets, next);
      }
      if (allowRelationPreps && ["on", "for", "of", "at", "to", "per"].includes(t.text)) {
        const phrase = readPhrase(tokens, j + 1);
        if (!phrase) return j + 1;
        // "rooms for events" does not make events a model; "interventions on vehicles" does.
        const other = t.text === "on" || t.text === "of" || findEntity(phrase.words) || coreFor(phrase.words) ? asEntity(phrase, "trigger") : null;
        if (other === "core") {
          for (const target of targets) linkCore(target, coreFor(phrase.words)!, phrase.words, false);
        } else if (other) {
          for (const target of targets) link(target, other, { phrase: phrase.words.join(" ") });
        } else {
          return j;
        }
        return afterEntity(targets, phrase.next, false);
      }
      return j;
    };

    let i = 0;
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (t.kind !== "word") {
        i += 1;
        continue;
      }
      if (STATUS_WORDS.has(t.text)) statusMention = true;
      const n1 = tokens[i + 1];
      if (DETERMINERS.has(t.text) && n1?.kind === "word" && COLLECTION_NOUNS.has(n1.text) && isWord(tokens[i + 2], "of")) {
        i += 1;
        continue;
      }
      if (i === 0 && (!TRIGGERS.has(t.text) || (tokens[1]?.kind === "punct" && (tokens[1] as { text: string }).text === ","))) {
        // "Books, authors and members of a library.": a sentence that lists what is managed.
        const { items, next } = readList(tokens, 0, { allowFirst: true });
        if (items.length >= 2 && items.every((item) => item.plural && !item.possessive && asEntityCandidate(item))) {
          const made = items.map((item) => asEntity(item, "trigger")).filter((e): e is DraftEntity => Boolean(e) && e !== "core");
          if (made.length) {
            primary ??= made[0];
            lastSubject = made[made.length - 1];
            i = next;
            continue;
          }
        }
      }
      if (subject && HAS_VERBS.has(t.text)) {
        i = fieldList(subject, i + 1);
        continue;
      }
      const collection = COLLECTION_NOUNS.has(t.text) && isWord(tokens[i + 1], "of");
      if (TRIGGERS.has(t.text) || collection) {
        let j = i + 1;
        if (isWord(tokens[j], "track") && isWord(tokens[j + 1], "of")) j += 2;
        while (tokens[j]?.kind === "word" && DETERMINERS.has((tokens[j] as { text: string }).text)) j += 1;
        const w = tokens[j];
        if (w?.kind === "word" && COLLECTION_NOUNS.has(w.text) && isWord(tokens[j + 1], "of")) j += 2;
        else if (isWord(tokens[j], "of")) j += 1;
        const { items, next } = readList(tokens, j);
        if (items.length === 0) {
          i = j > i + 1 ? j : i + 1;
          continue;
        }
        const created: DraftEntity[] = [];
        const pending: Phrase[] = [];
        let previous: DraftEntity | undefined;
        for (const item of items) {
          const owner = item.possessive ? (previous ?? subject) : undefined;
          if (owner) {
            // "vehicles and their maintenance orders": the orders belong to the vehicles.
            const child = asEntity(item, "trigger");
            if (child && child !== "core") {
              link(child, owner, { phrase: item.words.join(" ") });
              created.push(child);
              previous = child;
            } else fieldItem(owner, item);
            continue;
          }
          // After "track", things are named in the plural; "record the report" names a field.
          const entity = item.plural || item.options || findEntity(item.words) ? asEntity(item, "trigger") : null;
          if (entity === "core") {
            pending.push(item);
            continue;
          }
          if (entity) {
            created.push(entity);
            previous = entity;
            primary ??= entity;
            // "IT assets (laptop, phone, licence)": the kinds of asset.
            if (item.options) fieldItem(entity, { words: ["category"], plural: false, possessive: false, options: item.options, next: 0 });
          } else pending.push(item);
        }
        let after = next;
        let target = subject ?? created[created.length - 1];
        // "record the date, cost and notes of each repair": the fields belong to the repair.
        const prep = tokens[next];
        if (!created.length && pending.length && prep?.kind === "word" && ["of", "for", "on"].includes(prep.text)) {
          const owner = readPhrase(tokens, next + 1);
          const entity = owner ? asEntity(owner, "trigger") : null;
          if (owner && entity && entity !== "core") {
            target = entity;
            subject = entity;
            primary ??= entity;
            after = owner.next;
          }
        }
        const owner = target ?? lastSubject ?? primary;
        for (const item of pending) {
          // "track tenants, apartments and leases": tenants are contacts, not a field of leases.
          if (coreFor(item.words) && (!owner || created.length)) continue;
          fieldItem(owner ?? context(), item);
        }
        i = created.length ? afterEntity(created, next, true) : after;
        if (created.length && !subject) lastSubject = created[created.length - 1];
        continue;
      }
      if (t.text === "each" || t.text === "every") {
        const phrase = readPhrase(tokens, i + 1, { allowFirst: true });
        if (phrase) {
          const entity = asEntity({ ...phrase, plural: true }, "subject");
          if (entity && entity !== "core") {
            subject = entity;
            primary ??= entity;
            i = afterEntity([entity], phrase.next, true);
            continue;
          }
          i = phrase.next;
          continue;
        }
      }
      const phrase = readPhrase(tokens, i);
      if (phrase) {
        const next = tokens[phrase.next];
        const verb = next?.kind === "word" ? next.text : next?.kind === "punct" ? next.text : "";
        const known = findEntity(phrase.words);
        const startsSentence = i === 0 || (i === 1 && tokens[0]?.kind === "word" && DETERMINERS.has((tokens[0] as { text: string }).text));
        const linking = (verb === "are" || verb === "is") && tokens[phrase.next + 1]?.kind === "word" && LINK_VERBS.has((tokens[phrase.next + 1] as { text: string }).text);
        const verbal = HAS_VERBS.has(verb) || MOVE_VERBS.has(verb) || verb === "with" || linking;
        let entity: DraftEntity | undefined;
        if (known && (verbal || startsSentence)) entity = known;
        else if (!known && startsSentence && phrase.plural && (HAS_VERBS.has(verb) || MOVE_VERBS.has(verb) || LINK_VERBS.has(verb) || linking || sentenceHasVerb(tokens, phrase.next))) {
          const made = asEntity(phrase, "subject");
          if (made && made !== "core") entity = made;
        }
        if (entity) {
          subject = entity;
          primary ??= entity;
          let from = phrase.next;
          if (sentenceHasVerb(tokens, from)) {
            while (tokens[from]?.kind === "word" && !LINK_VERBS.has((tokens[from] as { text: string }).text) && !HAS_VERBS.has((tokens[from] as { text: string }).text) && !MOVE_VERBS.has((tokens[from] as { text: string }).text)) from += 1;
          }
          const after = afterEntity([entity], from, false);
          i = after > phrase.next ? after : phrase.next;
          continue;
        }
        i = phrase.next;
        continue;
      }
      i += 1;
    }

    const states = statesFromText(sentence);
    if (states || statusMention || /\bworkflow\b/.test(sentence)) {
      const target = statusOwner ?? subject ?? lastSubject ?? primary;
      if (target || states) setStates(target ?? context(), states, sentence.slice(0, 60));
    }
    if (subject) lastSubject = subject;
  }

  if (fallback && entities[0]!.fields.length > 0) {
    note(`No kind of record was named in the description, so its fields were put on a single "${entities[0]!.label}" model named after the project.`);
  }
  if (entities.length === 0 || (fallback && entities[0]!.fields.length === 0)) {
    fallbackEntity();
    note(`No records to manage were recognised in the description, so a single "${entities[0]!.label}" model named after the project was drafted. Describe what the module tracks (e.g. "track vehicles with a plate, a driver and a next service date") or edit the blueprint.`);
  }
  return { entities, notes, fallback };
}

const TAG_WORDS = new Set(["tag", "label", "keyword", "skill", "topic", "speciality", "specialty", "feature", "amenity"]);
