import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, type Page, test as base, expect } from "@playwright/test";
import { AuthPage, type Credentials } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { ProjectFormPage } from "./pages/project-form-page";
import { ProjectPage } from "./pages/project-page";

export { expect };

/** Meets the password policy: ≥ 10 characters, letters plus a digit or symbol, not common. */
export const PASSWORD = "correct horse 42";

/** The only address in the server's ADMIN_EMAILS (see playwright.config.ts). */
export const ADMIN_EMAIL = "admin@e2e.test";

let sequence = 0;

/**
 * An email no other test (or earlier run against the same database) uses. `prefix` keeps each
 * spec's users apart, e.g. the rate-limit spec's account never shares a counter with anyone.
 */
export function uniqueEmail(prefix: string): string {
  sequence += 1;
  const random = Math.random().toString(36).slice(2, 8);
  return `${prefix}.${Date.now()}.${sequence}.${random}@e2e.test`.toLowerCase();
}

export function newCredentials(prefix: string, name?: string): Credentials {
  return { email: uniqueEmail(prefix), password: PASSWORD, name };
}

/** Page objects for one page: one signed-in (or signed-out) person in one browser context. */
export interface Actor {
  context: BrowserContext;
  page: Page;
  auth: AuthPage;
  dashboard: DashboardPage;
  projectForm: ProjectFormPage;
  projectPage: ProjectPage;
}

function pageObjects(page: Page) {
  return {
    auth: new AuthPage(page),
    dashboard: new DashboardPage(page),
    projectForm: new ProjectFormPage(page),
    projectPage: new ProjectPage(page),
  };
}

/** Collects uncaught exceptions of a page, so a test fails on a client-side crash it did not look for. */
function watchPageErrors(page: Page, errors: string[]): void {
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
}

/**
 * Text that only shows up when an error leaks to the user: stack frames, Node/Next internals,
 * raw exception class names.
 */
const STACK_TRACE_PATTERNS: RegExp[] = [
  /\bat\s+[\w.<>$]+\s+\((?:\/|file:|webpack|node:)/,
  /\bat\s+(?:async\s+)?(?:file:\/\/|\/)[^\s]+:\d+:\d+/,
  /node_modules\//,
  /\.(?:tsx?|jsx?|mjs|cjs):\d+:\d+/,
  /\b(?:TypeError|ReferenceError|SyntaxError|ZodError|TRPCError|DrizzleError|PostgresError)\b/,
  /Unhandled Runtime Error|Internal Server Error|Application error: a (?:client|server)-side exception/,
];

/** Asserts that nothing on the page (visible text included) looks like a stack trace. */
export async function expectNoStackTrace(page: Page): Promise<void> {
  const text = await page.locator("body").innerText();
  for (const pattern of STACK_TRACE_PATTERNS) {
    expect(text, `page ${page.url()} shows something like a stack trace (${pattern})`).not.toMatch(pattern);
  }
}

/** Full-page screenshot to e2e/screenshots/<name>.png (gitignored), also attached to the report. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const info = test.info();
  const dir = path.join(info.project.testDir, "screenshots");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  // Let web fonts and entrance animations settle so the picture shows the resting state.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(400);
  await page.screenshot({ path: file, fullPage: true, animations: "disabled", caret: "hide" });
  await info.attach(name, { path: file, contentType: "image/png" });
  return file;
}

interface Fixtures extends ReturnType<typeof pageObjects> {
  /** Opens another, isolated browser context (a second person); closed after the test. */
  newActor: () => Promise<Actor>;
  /** Uncaught page errors of every page the test opened; asserted empty after the test. */
  pageErrors: string[];
}

export const test = base.extend<Fixtures>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      watchPageErrors(page, errors);
      await use(errors);
      expect(errors, "uncaught errors in the browser").toEqual([]);
    },
    { auto: true },
  ],
  auth: async ({ page }, use) => use(new AuthPage(page)),
  dashboard: async ({ page }, use) => use(new DashboardPage(page)),
  projectForm: async ({ page }, use) => use(new ProjectFormPage(page)),
  projectPage: async ({ page }, use) => use(new ProjectPage(page)),
  newActor: async ({ browser, pageErrors }, use, testInfo) => {
    const contexts: BrowserContext[] = [];
    await use(async () => {
      const context = await openContext(browser, testInfo.project.use.baseURL);
      contexts.push(context);
      const page = await context.newPage();
      watchPageErrors(page, pageErrors);
      return { context, page, ...pageObjects(page) };
    });
    for (const context of contexts) await context.close();
  },
});

function openContext(browser: Browser, baseURL: string | undefined): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
}
