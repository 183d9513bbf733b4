/**
 * The screen at a failed UI test, in words: which app, breadcrumb and view Odoo showed, the open
 * dialog, the notifications, the fields marked invalid, the record's status and the start of the
 * visible text. The screenshot is for people; this description is what the AI fixer reads (a
 * model that gets text about the page needs no image, and costs a fraction of one).
 *
 * Gathered with locators only (no page.evaluate: nothing is serialised into the page), each
 * read short and forgiving — a crashed or half-rendered page gives a shorter description, never
 * an error.
 */
import type { Locator, Page } from "playwright-core";

export interface ScreenFacts {
  /** Path and hash of the page (no origin: the sandbox host says nothing to the reader). */
  url: string;
  app: string;
  breadcrumbs: string[];
  /** "form", "list", "kanban", … the first Odoo view shown. */
  view: string | null;
  status: string | null;
  dialogs: { title: string; body: string }[];
  notifications: string[];
  /** Technical names (the `name` attribute) of fields Odoo marked invalid. */
  invalidFields: string[];
  text: string;
}

const MAX_DESCRIPTION = 1500;
const VIEWS: [string, string][] = [
  ["form", ".o_form_view"],
  ["list", ".o_list_view"],
  ["kanban", ".o_kanban_view"],
  ["calendar", ".o_calendar_view"],
  ["pivot", ".o_pivot_view"],
  ["graph", ".o_graph_view"],
  ["activity", ".o_activity_view"],
];

const squash = (text: string, max: number) => {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};

export function describeScreen(facts: ScreenFacts): string {
  const where = [facts.app, ...facts.breadcrumbs].filter(Boolean).join(" › ");
  const parts = [`Odoo showed ${where ? `"${where}"` : "no app"}${facts.view ? ` (${facts.view} view)` : ""} at ${facts.url || "an unknown address"}.`];
  if (facts.status) parts.push(`Record status: ${facts.status}.`);
  for (const dialog of facts.dialogs) parts.push(`A dialog "${dialog.title || "untitled"}" was open: ${dialog.body || "(empty)"}`);
  if (facts.notifications.length) parts.push(`Notifications: ${facts.notifications.map((n) => `"${n}"`).join("; ")}.`);
  if (facts.invalidFields.length) parts.push(`Fields marked invalid: ${facts.invalidFields.join(", ")}.`);
  if (facts.text) parts.push(`Visible text: ${facts.text}`);
  return squash(parts.join(" "), MAX_DESCRIPTION);
}

async function texts(locator: Locator, max: number, each: number): Promise<string[]> {
  const all = await locator.allInnerTexts().catch(() => [] as string[]);
  return [...new Set(all.map((t) => squash(t, each)).filter(Boolean))].slice(0, max);
}

async function firstText(locator: Locator, max: number): Promise<string> {
  if (!(await locator.count().catch(() => 0))) return "";
  return squash((await locator.first().innerText({ timeout: 1_000 }).catch(() => "")) ?? "", max);
}

export async function screenFacts(page: Page): Promise<ScreenFacts> {
  let url = "";
  try {
    const parsed = new URL(page.url());
    url = `${parsed.pathname}${parsed.hash}`;
  } catch {
    // about:blank or a crashed page: no address to report.
  }
  let view: string | null = null;
  for (const [name, selector] of VIEWS) {
    if (await page.locator(selector).filter({ visible: true }).count().catch(() => 0)) {
      view = name;
      break;
    }
  }
  const dialogs: ScreenFacts["dialogs"] = [];
  const modals = page.locator(".modal-content").filter({ visible: true });
  for (let i = 0, n = Math.min(3, await modals.count().catch(() => 0)); i < n; i += 1) {
    const modal = modals.nth(i);
    dialogs.push({ title: await firstText(modal.locator(".modal-title"), 120), body: await firstText(modal.locator(".modal-body"), 400) });
  }
  const invalid = page.locator(".o_field_invalid[name], .o_field_invalid [name]").filter({ visible: true });
  const invalidFields: string[] = [];
  for (let i = 0, n = Math.min(10, await invalid.count().catch(() => 0)); i < n; i += 1) {
    const name = await invalid.nth(i).getAttribute("name", { timeout: 1_000 }).catch(() => null);
    if (name && !invalidFields.includes(name)) invalidFields.push(name);
  }
  return {
    url,
    app: await firstText(page.locator(".o_menu_brand"), 80),
    breadcrumbs: await texts(page.locator(".o_control_panel .breadcrumb-item, .o_control_panel .o_last_breadcrumb_item"), 5, 80),
    view,
    status: (await firstText(page.locator(".o_statusbar_status .o_arrow_button_current").filter({ visible: true }), 60)) || null,
    dialogs,
    notifications: await texts(page.locator(".o_notification").filter({ visible: true }), 3, 240),
    invalidFields,
    text: await firstText(page.locator(".o_action_manager"), 500),
  };
}
