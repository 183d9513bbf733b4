/**
 * What the offline drafter knows about words: which verbs introduce the things a module manages,
 * which nouns are fields (and of which type), and which nouns are Odoo's own models.
 */
import type { FieldType } from "@/server/odoo/blueprint/schema";

const words = (text: string) => new Set(text.split(/\s+/).filter(Boolean));

/** Verbs after which the things a module manages are listed ("track vehicles and drivers"). */
export const TRIGGERS = words(`
  track tracks tracking manage manages managing register registers registering record records recording
  log logs logging book books booking schedule schedules scheduling plan plans planning organise organises
  organize organizes handle handles handling store stores monitor monitors monitoring maintain maintains
  administer administers lend lends lending rent rents renting follow follows administrate catalogue catalog
  catalogues catalogs collect collects collecting keep keeps keeping create creates list lists listing
  submit submits raise raises
`);

/** Nouns that, followed by "of", introduce a list of things ("a register of vehicles"). */
export const COLLECTION_NOUNS = words("register inventory catalogue catalog list database log record registry directory overview set");

/** Verbs saying what a thing has: "each order has a date and lines". */
export const HAS_VERBS = words(`
  has have gets get contains contain includes include lists holds hold carries carry needs need requires
  require stores keeps keep records shows show captures capture comes come owns
`);
/** "X belongs to Y", "X is linked to Y". */
export const LINK_VERBS = words("belongs belong linked attached assigned related tied");
/** "orders move from draft to done". */
export const MOVE_VERBS = words("move moves go goes pass passes progress progresses flow flows transition transitions change changes advance advances");

export const DETERMINERS = words(`
  the a an its their his her our your my each every all any some one several many multiple various different
  optional computed new existing own other additional extra given specific possible related this that these those
  current single unique
`);
/** Determiners that mean "more than one". */
export const PLURAL_MARKERS = words("several many multiple various all some");
/** Words that describe, not name, a thing: "company vehicles" are vehicles. */
export const MODIFIERS = words("company companys internal various different whole entire");

export const STOP = words(`
  on in at for to from by with without of into onto per about under over between through via across within after
  before during until upon against among around behind beyond near since toward towards than as like
  and or but nor so yet if then else because while when where whether which who whom whose what why how that
  is are was were be been being am has have had do does did can could should shall must will would may might
  get gets got getting goes go went move moves need needs want wants see sees send sends sent run runs
  make makes made let lets give gives use uses used using allow allows allowed help helps show shows
  belongs belong linked assigned attached grouped sorted flagged computed calculated based set sets
  track tracks manage manages register registers record records logs book books schedules plans
  keep keeps store stores lists handle handles lend lends rents follow follows contain contains submit submits raise raises
  include includes hold holds carry carries require requires capture captures total totals sum sums
  it they them we us i you he she him me itself themselves everyone everybody someone anyone nobody
  not no only also just too very always never often automatically usually typically currently mostly really
  easily quickly directly simply finally immediately manually optionally possibly probably mainly generally eventually regularly
  there here now later soon again already still even once twice both either neither up down out off away back
  able possible needed required
`);

/** "number of seats", "date of birth": "of" stays inside the phrase after these. */
export const OF_JOINERS = words("number count amount date place type list name cost price time quantity level proof rate percentage");

/** Heads that mean "lines of the parent" (a one2many child model). */
export const LINE_WORDS = words("line lines item items");

export const STATUS_WORDS = words("status state stage statuses states stages");

export interface CoreModel {
  model: string;
  /** The core module that brings the model; null for base (always there). */
  module: string | null;
  /** Used only when one of these modules is in the project's depends (with their closure). */
  when?: readonly string[];
}

/** Nouns naming Odoo's own models. `when` keeps a dependency the user did not ask for out. */
export const CORE_WORDS: Record<string, CoreModel[]> = {
  customer: [{ model: "res.partner", module: null }],
  client: [{ model: "res.partner", module: null }],
  partner: [{ model: "res.partner", module: null }],
  contact: [{ model: "res.partner", module: null }],
  supplier: [{ model: "res.partner", module: null }],
  vendor: [{ model: "res.partner", module: null }],
  patient: [{ model: "res.partner", module: null }],
  guest: [{ model: "res.partner", module: null }],
  visitor: [{ model: "res.partner", module: null }],
  driver: [{ model: "res.partner", module: null }],
  attendee: [{ model: "res.partner", module: null }],
  participant: [{ model: "res.partner", module: null }],
  tenant: [{ model: "res.partner", module: null }],
  user: [{ model: "res.users", module: null }],
  responsible: [{ model: "res.users", module: null }],
  owner: [{ model: "res.users", module: null }],
  assignee: [{ model: "res.users", module: null }],
  technician: [{ model: "res.users", module: null }],
  salesperson: [{ model: "res.users", module: null }],
  manager: [{ model: "res.users", module: null }],
  reviewer: [{ model: "res.users", module: null }],
  approver: [{ model: "res.users", module: null }],
  borrower: [{ model: "res.users", module: null }],
  employee: [
    { model: "hr.employee", module: "hr", when: ["hr"] },
    { model: "res.users", module: null },
  ],
  worker: [
    { model: "hr.employee", module: "hr", when: ["hr"] },
    { model: "res.users", module: null },
  ],
  department: [{ model: "hr.department", module: "hr", when: ["hr"] }],
  currency: [{ model: "res.currency", module: null }],
  country: [{ model: "res.country", module: null }],
  product: [{ model: "product.product", module: "product", when: ["product"] }],
  vehicle: [{ model: "fleet.vehicle", module: "fleet", when: ["fleet"] }],
  task: [{ model: "project.task", module: "project", when: ["project"] }],
  project: [{ model: "project.project", module: "project", when: ["project"] }],
  lead: [{ model: "crm.lead", module: "crm", when: ["crm"] }],
  opportunity: [{ model: "crm.lead", module: "crm", when: ["crm"] }],
  quotation: [{ model: "sale.order", module: "sale", when: ["sale"] }],
  invoice: [{ model: "account.move", module: "account", when: ["account"] }],
};

/** Two-word names of core models ("sales order", "sale order"). */
export const CORE_PHRASES: Record<string, CoreModel[]> = {
  "sale order": [{ model: "sale.order", module: "sale", when: ["sale"] }],
  "sales order": [{ model: "sale.order", module: "sale", when: ["sale"] }],
  "purchase order": [{ model: "purchase.order", module: "purchase", when: ["purchase"] }],
  "calendar event": [{ model: "calendar.event", module: "calendar", when: ["calendar"] }],
};

/** People who are usually records of their own in a module (not res.partner/res.users). */
export const PERSON_WORDS = words(`
  practitioner doctor teacher instructor trainer student member coach player volunteer author speaker
  therapist nurse mentor trainee pupil applicant candidate
`);

export interface ScalarType {
  type: Exclude<FieldType, "many2one" | "one2many" | "many2many" | "selection" | "html">;
  /** Why, for the assumptions list. */
  why?: string;
}

const has = (set: Set<string>, phrase: readonly string[]) => phrase.some((w) => set.has(w));
const BOOLEAN = words("active archived flag flagged urgent billable enabled paid blocked verified confirmed approved published done closed vip");
const INTEGER = words("quantity qty seats capacity stock odometer mileage points score age attempts year count size");
const DATE = words("date dates deadline deadlines birthday birthdate dob due expiry expiration anniversary");
const DATETIME = words("time times datetime timestamp when start end moment slot");
const MONEY = words("cost costs price prices amount amounts fee fees total totals budget salary salaries wage wages revenue deposit deposits value values tariff rent rents");
const FLOAT = words("percentage percent ratio weight height length width distance volume temperature km kg duration hours minutes discount rating rate progress");
const TEXT = words("notes note description descriptions comment comments remarks remark details detail instructions instruction summary reason reasons feedback observations observation address body content diagnosis symptoms conditions condition terms report reports");
const IMAGE = words("photo photos image images picture pictures logo avatar");
const BINARY = words("attachment attachments document documents file files scan scans pdf certificate contract");
const CHAR = words("subject email phone mobile fax website url reference ref code serial plate sku barcode iban vat zip postcode isbn number location room color colour");

/** Recognised field words and their type; null when the phrase is not a field word. */
export function scalarTypeOf(phrase: readonly string[]): ScalarType | null {
  const head = phrase[phrase.length - 1]!;
  const joined = phrase.join(" ");
  if (phrase[0] === "is" || phrase[0] === "has" || phrase[0] === "whether") return { type: "boolean" };
  if (/\b(number|count|quantity) of\b/.test(joined)) return { type: "integer" };
  if (CHAR.has(head) && !INTEGER.has(head)) return { type: "char" };
  if (has(DATE, phrase)) return { type: "date" };
  if (INTEGER.has(head)) return { type: "integer" };
  if (has(MONEY, phrase)) return { type: "monetary", why: "money" };
  if (FLOAT.has(head)) return { type: "float" };
  if (has(DATETIME, phrase)) return { type: "datetime" };
  if (TEXT.has(head)) return { type: "text" };
  if (IMAGE.has(head)) return { type: "image" };
  if (BINARY.has(head)) return { type: "binary" };
  if (BOOLEAN.has(head)) return { type: "boolean" };
  if (has(CHAR, phrase)) return { type: "char" };
  return null;
}

/** Field words that need no type guess: the name of a record. */
export const NAME_WORDS = words("name names title titles label labels");
/** A priority without listed values gets the usual three levels. */
export const PRIORITY_WORDS = words("priority priorities urgency");
/** Plural heads that stay plural as field names ("notes", "hours"). */
export const KEEP_PLURAL = words("notes details instructions remarks comments symptoms observations hours minutes points seats terms conditions");
