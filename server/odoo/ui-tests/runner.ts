/**
 * Plays a UI test plan (./plan.ts) with Playwright against a live Odoo (a sandbox's preview):
 * one browser for the run, one fresh context per test (its own cookies: tests cannot lean on each
 * other's session), a global timeout per test, a screenshot stored through the storage port when
 * a test fails, and the browser always closed.
 */
import type { OdooVersion } from "@/lib/odoo-versions";
import type { TestCaseResult } from "@/db/schema/pipeline";
import type { BlobStore } from "@/server/ports/storage/types";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import type { UiFieldValue, UiStep, UiTest, UiTestPlan } from "./plan";
import { describeScreen, screenFacts } from "./screen";
import { uiVersionRules, type UiVersionRules } from "./versions";

export interface RunUiTestsOptions {
  plan: UiTestPlan;
  /**
   * Where the browser opens Odoo: a sandbox's `previewLink()` (the preview proxy, with its
   * `omb_preview` token, which the proxy trades for a cookie) or a bare Odoo URL.
   */
  baseUrl: string;
  login: string;
  password: string;
  odooVersion: OdooVersion;
  store: Pick<BlobStore, "put">;
  /** Screenshots go to `${keyPrefix}/<test id>.png`. */
  keyPrefix: string;
  /** Per test, everything included (login, every step); default 120 s. */
  timeoutMs?: number;
  /** Per step wait (an element to appear, a save to finish); default 20 s. */
  stepTimeoutMs?: number;
  /** Default: $CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
  chromiumPath?: string;
  /**
   * A failed test is played again this many times in a fresh context (default 1): a loaded
   * machine or a slow first render must not send a working module into the fix loop. A test
   * that passes on a retry says so in its `error` note.
   */
  retries?: number;
  /** Called after each test (progress lines in the pipeline log). */
  onResult?: (result: TestCaseResult) => void;
}

/** A failure the test itself reports (an Odoo error dialog, a missing element), as people read it. */
export class UiTestFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UiTestFailure";
  }
}

export async function runUiTests(options: RunUiTestsOptions): Promise<TestCaseResult[]> {
  const rules = uiVersionRules(options.odooVersion);
  const results: TestCaseResult[] = [];
  if (!options.plan.tests.length) return results;
  const browser = await chromium.launch({
    executablePath: options.chromiumPath ?? process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    // Containers and root users have no usable user namespace sandbox for Chromium.
    args: ["--no-sandbox"],
  });
  try {
    const retries = Math.max(0, options.retries ?? 1);
    for (const test of options.plan.tests) {
      let result = await runOne(browser, test, rules, options);
      for (let retry = 1; result.status === "failed" && retry <= retries; retry += 1) {
        const first = result;
        result = await runOne(browser, retryVariant(test, retry), rules, options);
        result =
          result.status === "passed"
            ? { ...result, error: `Passed on retry ${retry}; the first attempt failed: ${first.error ?? "unknown error"}`, ...(first.screenshotKey ? { screenshotKey: first.screenshotKey } : {}) }
            : first.error === result.error
              ? result
              : { ...result, error: `${result.error} (retry ${retry}; the first attempt failed: ${first.error ?? "unknown error"})` };
      }
      results.push(result);
      options.onResult?.(result);
    }
  } finally {
    await browser.close().catch(() => undefined);
  }
  return results;
}

/**
 * The same test with fresh record values: the first attempt may have saved its records before it
 * failed, and a unique name would then refuse the retry's. Every generated value carries a
 * `UI <n>` tag (plan.ts), so retagging it keeps the test's own searches consistent.
 */
export function retryVariant(test: UiTest, retry: number): UiTest {
  return JSON.parse(JSON.stringify(test).replace(/\bUI (\d+)\b/g, `UI $1r${retry}`)) as UiTest;
}

async function runOne(browser: Browser, test: UiTest, rules: UiVersionRules, options: RunUiTestsOptions): Promise<TestCaseResult> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 120_000;
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "en-US", timezoneId: "UTC" });
  const page = await context.newPage();
  page.setDefaultTimeout(options.stepTimeoutMs ?? 20_000);
  const player = new Player(page, rules, options);
  let timer: NodeJS.Timeout | undefined;
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UiTestFailure(`The test did not finish within ${Math.round(timeoutMs / 1000)} s (at: ${player.current}).`)), timeoutMs);
    });
    await Promise.race([player.play(test.steps), deadline]);
    return { suite: "ui", name: test.name, status: "passed", durationMs: Date.now() - started };
  } catch (error) {
    const message = describeError(error, player.current);
    const screenshotKey = await screenshot(page, `${options.keyPrefix}/${test.id}.png`, options.store);
    const screen = await describeFailedScreen(page);
    return { suite: "ui", name: test.name, status: "failed", error: message, ...(screenshotKey ? { screenshotKey } : {}), ...(screen ? { screen } : {}), durationMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
    await closeContext(context);
  }
}

async function closeContext(context: BrowserContext): Promise<void> {
  await context.close().catch(() => undefined);
}

/** The screenshot in words (./screen.ts), bounded in time: a wedged page gives none. */
async function describeFailedScreen(page: Page): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), 10_000);
  });
  try {
    const facts = await Promise.race([screenFacts(page).catch(() => undefined), late]);
    return facts ? describeScreen(facts) : undefined;
  } finally {
    clearTimeout(timer);
  }
}

async function screenshot(page: Page, key: string, store: Pick<BlobStore, "put">): Promise<string | undefined> {
  try {
    const png = await page.screenshot({ fullPage: false, timeout: 10_000 });
    await store.put(key, new Uint8Array(png), { contentType: "image/png" });
    return key;
  } catch {
    // A crashed page has no screenshot; the error message still says what went wrong.
    return undefined;
  }
}

/** The message a person reads: the failing step, then what Odoo or the browser said. */
export function describeError(error: unknown, step: string): string {
  if (error instanceof UiTestFailure) return error.message.includes(step) || !step ? error.message : `${step}: ${error.message}`;
  const raw = error instanceof Error ? error.message : String(error);
  // Playwright's messages carry a call log after the first lines: keep the gist.
  const gist = raw.split("\n").filter((line) => line.trim() && !/^\s*(- |=+|Call log)/.test(line)).slice(0, 2).join(" ").replace(/\s+/g, " ").trim();
  return `${step ? `${step}: ` : ""}${gist.slice(0, 600)}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `2024-01-11 09:00:00` → `01/11/2024 09:00:00` with the table's tokens (`MMM d` → `Jan 11`). */
export function formatDate(iso: string, format: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(iso);
  if (!m) throw new Error(`Not an ISO date: ${iso}`);
  const [, yyyy, MM, dd, HH = "00", mm = "00", ss = "00"] = m;
  const tokens: Record<string, string> = { yyyy: yyyy!, MMM: MONTHS[Number(MM) - 1]!, MM: MM!, dd: dd!, d: String(Number(dd)), HH, mm, ss };
  return format.replace(/yyyy|MMM|MM|dd|d|HH|mm|ss/g, (token) => tokens[token]!);
}

/** Replaces `${name}` with a value remembered earlier in the test. */
export function substitute(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{([a-z_]+)\}/g, (whole, name: string) => {
    const value = vars.get(name);
    if (value === undefined) throw new UiTestFailure(`No value remembered as ${whole}`);
    return value;
  });
}

export function describeStep(step: UiStep): string {
  switch (step.kind) {
    case "login":
      return "log in";
    case "openMenu":
      return `open the menu ${step.path.join(" / ")}`;
    case "expectView":
      return `see the ${step.views.join(" or ")} view`;
    case "clickNew":
      return 'click "New"';
    case "fill":
      return `fill "${step.label}"`;
    case "save":
      return "save the record";
    case "readField":
      return `read ${step.field}`;
    case "back":
      return "go back to the list";
    case "search":
      return `search for "${step.text}"`;
    case "expectRecord":
      return step.text ? `find "${step.text}" in the list` : "see a record in the list";
    case "clickButton":
      return `click "${step.label}"`;
    case "expectStatus":
      return `see the status "${step.label}"`;
    case "expectField":
      return `see "${step.text}" in the field ${step.field}`;
    case "expectError":
      return step.text ? `see Odoo refuse with "${step.text}"` : "see Odoo refuse";
    case "openRecord":
      return `open the record "${step.text}"`;
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?$/;

/** What the form shows for an expected value: ISO dates in the user's format, else the text. */
export function displayedValue(text: string, rules: Pick<UiVersionRules, "dateFormat" | "datetimeFormat">): string {
  if (!ISO_DATE.test(text)) return text;
  const iso = text.length === 16 ? `${text}:00` : text;
  return formatDate(iso, iso.length > 10 ? rules.datetimeFormat : rules.dateFormat);
}

/**
 * Every way the form may show an expected value: the typed format first, then the version's
 * other renderings of a date it is not editing (formats without a year only in the current year).
 */
export function displayedValues(text: string, rules: Pick<UiVersionRules, "dateFormat" | "datetimeFormat" | "shownDateFormats">, now = new Date()): string[] {
  const typed = displayedValue(text, rules);
  if (!ISO_DATE.test(text)) return [typed];
  const day = text.slice(0, 10);
  const thisYear = day.startsWith(String(now.getUTCFullYear()));
  const others = rules.shownDateFormats.filter((format) => format.includes("yyyy") || thisYear).map((format) => formatDate(day, format));
  return [...new Set([typed, ...others])];
}

/**
 * Whether a field's displayed text shows what a test expects: contained, case- and
 * whitespace-insensitive; thousands separators are ignored (`1,463` shows 1463).
 */
export function showsText(actual: string, expected: string): boolean {
  const norm = (text: string) => squash(text).toLowerCase();
  const want = norm(expected);
  const got = norm(actual);
  return got.includes(want) || got.replace(/(\d),(?=\d{3}\b)/g, "$1").includes(want);
}

/** Thrown inside a step when Odoo shows an error the next step (expectError) expects. */
class ErrorShown extends Error {}

/** Today as the tests' `${today}` (the browser and the admin both run in UTC). */
export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

class Player {
  current = "";
  private readonly vars = new Map<string, string>([["today", todayIso()]]);
  private readonly stepTimeout: number;
  /**
   * What an Odoo error means now: `fail` the test; `stop` the step because the next step
   * (expectError) expects it; `allow` it while that expectError step looks at it.
   */
  private errors: "fail" | "stop" | "allow" = "fail";

  constructor(
    private readonly page: Page,
    private readonly rules: UiVersionRules,
    private readonly options: RunUiTestsOptions,
  ) {
    this.stepTimeout = options.stepTimeoutMs ?? 20_000;
  }

  async play(steps: UiStep[]): Promise<void> {
    for (const [index, step] of steps.entries()) {
      this.current = describeStep(step);
      this.errors = step.kind === "expectError" ? "allow" : steps[index + 1]?.kind === "expectError" ? "stop" : "fail";
      try {
        await this.step(step);
        await this.assertNoError();
      } catch (error) {
        // The error the next step expects: this step is over, that one looks at it.
        if (!(error instanceof ErrorShown)) throw error;
      }
    }
    this.errors = "fail";
    this.current = "";
  }

  /** The error dialog or red notification showing, if any, with Odoo's own words. */
  private async shownError(): Promise<{ kind: "dialog" | "notification"; title: string; text: string } | null> {
    const dialog = this.page.locator(this.rules.errorDialogs).filter({ visible: true }).first();
    if (await dialog.count()) {
      const modal = this.page.locator(".modal-content").filter({ visible: true }).last();
      const title = ((await modal.locator(".modal-title").first().textContent({ timeout: 1_000 }).catch(() => null)) ?? "Error").trim();
      const body = ((await modal.locator(".modal-body").first().innerText({ timeout: 1_000 }).catch(() => null)) ?? "").trim();
      return { kind: "dialog", title, text: squash(body) };
    }
    const notification = this.page.locator(this.rules.dangerNotifications).filter({ visible: true }).first();
    if (await notification.count()) {
      const text = squash((await notification.innerText({ timeout: 1_000 }).catch(() => "")) || "an error notification");
      return { kind: "notification", title: "", text };
    }
    return null;
  }

  /** Throws with Odoo's own words when an error dialog or a red notification is showing. */
  private async assertNoError(): Promise<void> {
    if (this.errors === "allow") return;
    const shown = await this.shownError();
    if (!shown) return;
    if (this.errors === "stop") throw new ErrorShown();
    if (shown.kind === "dialog") throw new UiTestFailure(`${this.current}: Odoo showed "${shown.title}": ${shown.text.slice(0, 500)}`);
    throw new UiTestFailure(`${this.current}: Odoo notified: ${shown.text.slice(0, 500)}`);
  }

  /** Closes the error dialog (its footer's button, else ×) or the notification showing. */
  private async closeError(kind: "dialog" | "notification"): Promise<void> {
    if (kind === "dialog") {
      const modal = this.page.locator(".modal-content").filter({ visible: true }).last();
      const button = modal.locator(this.rules.dialogClose).filter({ visible: true }).first();
      if (await button.count()) await button.click();
      else await this.page.keyboard.press("Escape");
      return;
    }
    const close = this.visible(this.page.locator(this.rules.dangerNotifications).locator(this.rules.notificationClose));
    if (await close.count()) await close.click().catch(() => undefined);
  }

  /** A form field's displayed text: what it shows plus what its inputs hold (a select: its choice). */
  private async fieldText(widget: Locator): Promise<string> {
    const select = widget.locator("select");
    if (await select.count()) return select.first().evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text ?? "");
    const inputs = widget.locator('input:not([type="checkbox"]):not([type="file"]):not([type="radio"]), textarea');
    const values: string[] = [];
    for (let i = 0; i < (await inputs.count()); i++) values.push(await inputs.nth(i).inputValue());
    return squash([await widget.innerText(), ...values].join(" "));
  }

  /** Waits until `ready` holds, failing early when Odoo shows an error meanwhile. */
  private async until(ready: () => Promise<boolean>, what: string | (() => string), timeoutMs = this.stepTimeout): Promise<void> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      await this.assertNoError();
      const done = await ready().catch((error: unknown) => {
        if (error instanceof UiTestFailure) throw error;
        return false;
      });
      if (done) return;
      if (Date.now() > end) throw new UiTestFailure(`${this.current}: ${typeof what === "string" ? what : what()} (waited ${Math.round(timeoutMs / 1000)} s)`);
      await this.page.waitForTimeout(150);
    }
  }

  private visible(selector: string | Locator): Locator {
    const locator = typeof selector === "string" ? this.page.locator(selector) : selector;
    return locator.filter({ visible: true }).first();
  }

  private async visibleNow(selector: string | Locator): Promise<boolean> {
    return (await this.visible(selector).count()) > 0;
  }

  private async step(step: UiStep): Promise<void> {
    const page = this.page;
    const r = this.rules;
    switch (step.kind) {
      case "login":
        try {
          await this.login();
        } catch (error) {
          // Odoo 16 may answer an RPC of the login page's last moments with "session expired" and
          // reload itself: one more attempt on a fresh page.
          if (!/session expired/i.test(String((error as Error).message))) throw error;
          await this.login();
        }
        return;
      case "openMenu": {
        const [app, ...sections] = step.xmlids;
        const appItem = () => this.visible(r.menuItem.replace("%s", app!));
        // The current app's name in the navbar also carries its xml id: already there, no click.
        const brand = page.locator(`.o_menu_brand[data-menu-xmlid="${app}"], .o_menu_brand`).filter({ visible: true, hasText: step.path[0]! });
        if (!(await brand.count())) {
          await this.visible(r.appsMenuToggle).click();
          await this.until(async () => (await appItem().count()) > 0, `the app "${step.path[0]}" is not in the apps menu`);
          await appItem().click();
          await this.until(() => this.visibleNow(brand), `the app "${step.path[0]}" did not open`);
        }
        for (const [index, xmlid] of sections.entries()) {
          const item = () => this.visible(r.menuItem.replace("%s", xmlid));
          await this.until(async () => (await item().count()) > 0, `the menu "${step.path[index + 1]}" is not shown`);
          await item().click();
        }
        await this.waitForView();
        return;
      }
      case "expectView":
        await this.waitForView();
        return;
      case "clickNew":
        await this.until(() => this.visibleNow(r.newButton), 'no "New" button');
        await this.visible(r.newButton).click();
        await this.until(() => this.visibleNow(step.inline ? r.editedRow : r.formEditable), step.inline ? "no new row in the list" : "the form did not open");
        return;
      case "fill":
        await this.fill(step.inline ? r.editedRow : ".o_form_view", step.field, step.page, step.value);
        return;
      case "save": {
        const save = step.inline ? r.listSaveButton : r.saveButton;
        await this.until(() => this.visibleNow(save), "no save button (nothing to save?)");
        await this.visible(save).click();
        await this.until(async () => !(await this.visibleNow(step.inline ? r.editedRow : save)), "the record was not saved");
        return;
      }
      case "readField": {
        const widget = this.visible(`.o_form_view .o_field_widget[name="${step.field}"]`);
        const input = widget.locator("input");
        const value = ((await input.count()) ? await input.first().inputValue() : await widget.innerText()).trim();
        if (!value) throw new UiTestFailure(`${this.current}: the field is empty`);
        this.vars.set(step.into, value);
        return;
      }
      case "back":
        await this.until(() => this.visibleNow(r.backButton), "no breadcrumb back to the list");
        await this.visible(r.backButton).click();
        await this.waitForView();
        return;
      case "search": {
        const text = substitute(step.text, this.vars);
        const input = this.visible(".o_searchview_input");
        const facet = page.locator(".o_searchview_facet").filter({ hasText: text });
        // Odoo debounces the search box: an Enter pressed before its autocomplete has rendered
        // is dropped (seen on 19 under load). Type, wait for the suggestions, press Enter, and
        // type again if no facet appeared.
        const end = Date.now() + this.stepTimeout;
        for (;;) {
          await input.fill(text);
          await page.locator(".o_searchview_autocomplete").first().waitFor({ state: "visible", timeout: 3_000 }).catch(() => undefined);
          await input.press("Enter");
          const applied = await facet.first().waitFor({ state: "visible", timeout: 3_000 }).then(() => true, () => false);
          if (applied) return;
          await this.assertNoError();
          if (Date.now() > end) throw new UiTestFailure(`${this.current}: the search was not applied (waited ${Math.round(this.stepTimeout / 1000)} s)`);
        }
      }
      case "expectRecord": {
        const text = step.text ? substitute(step.text, this.vars) : undefined;
        const records = page.locator(r.records).filter(text ? { hasText: text } : {});
        await this.until(() => this.visibleNow(records), text ? `no record showing "${text}"` : "no record in the view");
        return;
      }
      case "clickButton": {
        const button = `.o_form_view .o_form_statusbar button[name="${step.name}"], .o_form_view header button[name="${step.name}"]`;
        await this.until(() => this.visibleNow(button), `no "${step.label}" button in the form's header`);
        await this.visible(button).click();
        return;
      }
      case "expectStatus": {
        const wanted = step.label.toLowerCase();
        // textContent, not innerText: 16 upper-cases the statusbar with CSS.
        await this.until(
          async () => ((await this.visible(r.statusCurrent).textContent({ timeout: 500 })) ?? "").trim().toLowerCase() === wanted,
          `the status did not become "${step.label}"`,
        );
        return;
      }
      case "expectField": {
        if (step.page) await this.visible(page.locator(".o_notebook .nav-link").filter({ hasText: step.page })).click();
        const wanted = displayedValues(substitute(step.text, this.vars), r);
        const widget = this.visible(`.o_form_view .o_field_widget[name="${step.field}"]`);
        await this.until(() => this.visibleNow(widget), "the field is not on the form");
        let shown = "";
        await this.until(
          async () => {
            shown = await this.fieldText(widget);
            return wanted.some((want) => showsText(shown, want));
          },
          () => `the field shows "${shown.slice(0, 200)}", not "${wanted[0]}"`,
        );
        return;
      }
      case "expectError": {
        const want = step.text ? substitute(step.text, this.vars) : undefined;
        const seen: { error: Awaited<ReturnType<Player["shownError"]>> } = { error: null };
        await this.until(async () => (seen.error = await this.shownError()) !== null, want ? `Odoo did not refuse (expected "${want}")` : "Odoo did not refuse (no error dialog or notification)");
        const error = seen.error!;
        if (want && !showsText(`${error.title} ${error.text}`, want)) {
          throw new UiTestFailure(`${this.current}: Odoo said "${error.text.slice(0, 300)}", not "${want}"`);
        }
        await this.closeError(error.kind);
        await this.until(async () => !(await this.shownError()), "the error message did not close");
        return;
      }
      case "openRecord": {
        const text = substitute(step.text, this.vars);
        const record = this.visible(page.locator(r.records).filter({ hasText: text }));
        await this.until(() => this.visibleNow(record), `no record showing "${text}"`);
        // A list row opens from a cell (not its checkbox); a kanban card from anywhere.
        const cell = record.locator(".o_data_cell").first();
        await ((await cell.count()) ? cell : record).click();
        await this.until(() => this.visibleNow(".o_form_view"), "the record's form did not open");
        return;
      }
    }
  }

  private async login(): Promise<void> {
    const page = this.page;
    const url = new URL(this.options.baseUrl);
    if (url.pathname === "/" || url.pathname === "") url.pathname = "/web/login";
    await page.goto(url.toString(), { waitUntil: "domcontentloaded" });
    await page.locator('input[name="login"]').fill(this.options.login);
    await page.locator('input[name="password"]').fill(this.options.password);
    await page.locator('form button[type="submit"]').first().click();
    await this.until(async () => {
      const alert = this.visible(".o_login_auth .alert-danger, form .alert-danger");
      if (await alert.count()) throw new UiTestFailure(`log in: ${squash(await alert.innerText())}`);
      return this.visibleNow(".o_web_client .o_main_navbar, .o_web_client .o_navbar");
    }, "the web client did not load");
  }

  private async waitForView(): Promise<void> {
    const r = this.rules;
    await this.until(() => this.visibleNow(`${r.views.list}, ${r.views.kanban}`), "the list/kanban view did not load");
  }

  private async fill(scope: string, field: string, tab: string | undefined, value: UiFieldValue): Promise<void> {
    const page = this.page;
    if (tab) await this.visible(page.locator(".o_notebook .nav-link").filter({ hasText: tab })).click();
    const selector = `${scope} .o_field_widget[name="${field}"]`;
    await this.until(() => this.visibleNow(selector), scope === ".o_form_view" ? "the field is not on the form" : "the field is not a column of the list");
    const widget = this.visible(selector);
    switch (value.kind) {
      case "text": {
        const editor = widget.locator("input, textarea, [contenteditable='true']").first();
        if ((await editor.getAttribute("contenteditable")) === "true") {
          await editor.click();
          await page.keyboard.type(value.value);
        } else await editor.fill(value.value);
        return;
      }
      case "date": {
        // 19 shows the date as a button until it is clicked.
        if (!(await widget.locator("input").count())) await widget.locator("button").first().click();
        const input = widget.locator("input").first();
        await input.fill(formatDate(substitute(value.value, this.vars), value.datetime ? this.rules.datetimeFormat : this.rules.dateFormat));
        await input.press("Enter");
        // Close a date picker left open so it does not cover the next field.
        await page.keyboard.press("Escape");
        return;
      }
      case "select": {
        const select = widget.locator("select");
        if (await select.count()) await select.first().selectOption({ label: value.label });
        else {
          // Radio widget.
          await widget.locator("label").filter({ hasText: value.label }).first().click();
        }
        return;
      }
      case "relation": {
        const search = substitute(value.search, this.vars);
        const input = widget.locator("input").first();
        const records = page.locator(this.rules.autocompleteRecord);
        const option = this.visible(search ? records.filter({ hasText: search }) : records);
        // The dropdown is re-rendered when the (debounced) search answers: a click on the
        // previous rendering is lost, so pick until the dropdown closes on a choice.
        for (let attempt = 1; ; attempt++) {
          await input.click();
          // Wait for the answer to this very search: a record picked from the list the click
          // opened (before the debounced search answers) is taken, then the late answer opens
          // the dropdown again over it — with few records, the one we want is in both lists.
          const answered = search
            ? page.waitForResponse((r) => r.url().includes("name_search") && (r.request().postData() ?? "").includes(search), { timeout: 5_000 }).then(() => page.waitForTimeout(100), () => undefined)
            : Promise.resolve();
          await input.fill(search);
          await answered;
          await this.until(async () => (await option.count()) > 0, search ? `no "${search}" to pick` : "no record to pick");
          await option.click().catch(() => undefined);
          const taken = await this.until(async () => !(await this.visibleNow(".o-autocomplete--dropdown-menu")), "the choice was not taken", 3_000)
            .then(() => true)
            .catch((error: unknown) => {
              if (attempt >= 3) throw error;
              return false;
            });
          if (taken) break;
          await page.keyboard.press("Escape");
        }
        if (search && !value.many && !(await input.inputValue()).includes(search)) throw new UiTestFailure(`${this.current}: "${search}" was not picked`);
        return;
      }
      case "checkbox": {
        const box = widget.locator('input[type="checkbox"]').first();
        if (value.checked) await box.check({ force: true });
        else await box.uncheck({ force: true });
        return;
      }
      case "file":
        await widget.locator('input[type="file"]').first().setInputFiles({ name: value.name, mimeType: "image/png", buffer: Buffer.from(value.base64, "base64") });
        return;
    }
  }
}

function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
