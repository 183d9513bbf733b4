/**
 * The runner without Odoo: its pure helpers, and a real Chromium against a tiny page that mimics
 * Odoo's markup (login form, navbar, a list, an error dialog) to prove that errors are reported
 * with Odoo's words and a screenshot, and that a hanging test is cut by its timeout.
 * The browser part is skipped when no Chromium is installed.
 */
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UiTestPlan } from "./plan";
import { describeError, describeStep, formatDate, retryVariant, runUiTests, substitute, UiTestFailure } from "./runner";
import { UI_VERSION_RULES } from "./versions";

describe("runner helpers", () => {
  it("types dates in the admin's (en_US) format", () => {
    expect(formatDate("2024-01-11", UI_VERSION_RULES["17"].dateFormat)).toBe("01/11/2024");
    expect(formatDate("2024-01-16 09:00:00", UI_VERSION_RULES["19"].datetimeFormat)).toBe("01/16/2024 09:00:00");
    expect(() => formatDate("11/01/2024", "MM/dd/yyyy")).toThrow("Not an ISO date");
  });

  it("substitutes remembered values and refuses unknown ones", () => {
    expect(substitute("${reference}", new Map([["reference", "MNT/2026/0001"]]))).toBe("MNT/2026/0001");
    expect(() => substitute("${nothing}", new Map())).toThrow(UiTestFailure);
  });

  it("retags a retried test's values so unique names don't collide with the first attempt's records", () => {
    const test = {
      id: "t",
      name: "Genres: create and find a record",
      happy: true,
      steps: [
        { kind: "fill" as const, field: "name", label: "Name", value: { kind: "text" as const, value: "Name UI 1" } },
        { kind: "search" as const, text: "Name UI 1" },
      ],
    };
    expect(JSON.stringify(retryVariant(test, 1).steps)).toBe(JSON.stringify(test.steps).replaceAll("UI 1", "UI 1r1"));
    expect(retryVariant(test, 1).name).toBe(test.name);
  });

  it("says which step failed, without Playwright's call log", () => {
    const error = new Error("locator.click: Timeout 20000ms exceeded.\nCall log:\n  - waiting for locator('.x')\n  - retrying");
    expect(describeError(error, 'click "New"')).toBe('click "New": locator.click: Timeout 20000ms exceeded.');
    expect(describeError(new UiTestFailure('save the record: Odoo showed "Validation Error": no'), "save the record")).toBe(
      'save the record: Odoo showed "Validation Error": no',
    );
    expect(describeStep({ kind: "openMenu", path: ["Fleet", "Vehicles"], xmlids: [] })).toBe("open the menu Fleet / Vehicles");
  });
});

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = existsSync(chromiumPath);
if (!hasChromium) console.warn(`[ui-tests runner] browser tests skipped: no Chromium at ${chromiumPath} (set CHROMIUM_PATH)`);

/** Just enough of Odoo's web client for the runner: same class names, same flow. */
const LOGIN = `<!doctype html><form method="post" action="/web/login" class="oe_login_form">
<input name="login"><input name="password" type="password"><button type="submit">Log in</button></form>`;
const CLIENT = `<!doctype html><body class="o_web_client">
<nav class="o_main_navbar"><div class="o_navbar_apps_menu"><button onclick="document.getElementById('apps').hidden=false">Apps</button></div>
<div id="apps" hidden><a class="o_app" data-menu-xmlid="omb_fake.menu_root" onclick="openApp()">Fake</a></div><span class="o_menu_brand"></span>
<div class="o_menu_sections"></div></nav><div class="o_action_manager"></div>
<script>
function openApp() {
  document.getElementById('apps').hidden = true;
  document.querySelector('.o_menu_brand').textContent = 'Fake';
  document.querySelector('.o_menu_sections').innerHTML = '<button data-menu-xmlid="omb_fake.menu_things" onclick="openList()">Things</button><button data-menu-xmlid="omb_fake.menu_hang" onclick="">Hang</button>';
}
function openList() {
  document.querySelector('.o_action_manager').innerHTML = '<div class="o_control_panel"><button class="o_list_button_add" onclick="fail()">New</button></div><div class="o_list_view"><table><tr class="o_data_row"><td>Thing 1</td></tr></table></div>';
}
function fail() {
  document.body.insertAdjacentHTML('beforeend', '<div class="o_dialog"><div class="modal d-block"><div class="modal-dialog"><div class="modal-content"><header class="modal-header"><h4 class="modal-title">Validation Error</h4></header><main class="modal-body">The end date cannot be before the start date.</main></div></div></div></div>');
}
</script></body>`;

describe.skipIf(!hasChromium)("runner in Chromium against a page with Odoo's markup", () => {
  let server: Server;
  let baseUrl = "";
  /** Sign-ins so far; the session of sign-in number `flakySession` sees an empty list (a slow first render, say). */
  let logins = 0;
  let flakySession = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith("/web/login") && req.method === "POST") {
        logins += 1;
        res.writeHead(303, { location: "/web" });
        return res.end();
      }
      res.writeHead(200, { "content-type": "text/html" });
      if (req.url?.startsWith("/web/login")) return res.end(LOGIN);
      if (logins === flakySession) return res.end(CLIENT.replace("Thing 1", "Nothing yet"));
      res.end(CLIENT);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/web/login?db=omb_fake`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const openMenu = (id: string, name: string) => ({ kind: "openMenu" as const, path: ["Fake", name], xmlids: ["omb_fake.menu_root", `omb_fake.${id}`] });

  it("passes, fails on an error dialog with Odoo's words and a screenshot, and cuts a hanging test", async () => {
    const plan: UiTestPlan = {
      module: "omb_fake",
      quick: false,
      tests: [
        { id: "menu-things", name: "Things: the menu opens its view", happy: false, steps: [{ kind: "login" }, openMenu("menu_things", "Things"), { kind: "expectRecord", text: "Thing 1" }] },
        { id: "create-thing", name: "Things: create and find a record", happy: true, steps: [{ kind: "login" }, openMenu("menu_things", "Things"), { kind: "clickNew" }] },
        { id: "menu-hang", name: "Hang: the menu opens its view", happy: false, steps: [{ kind: "login" }, openMenu("menu_hang", "Hang")] },
      ],
    };
    const stored = new Map<string, { body: Uint8Array; contentType: string }>();
    const store = {
      put: async (key: string, body: Uint8Array, options: { contentType: string }) => {
        stored.set(key, { body, contentType: options.contentType });
        return { key, size: body.length, contentType: options.contentType };
      },
    };
    const seen: string[] = [];
    const results = await runUiTests({
      plan,
      baseUrl,
      login: "admin",
      password: "secret",
      odooVersion: "17",
      store,
      keyPrefix: "projects/p1/ui/attempt-0",
      timeoutMs: 8_000,
      stepTimeoutMs: 30_000,
      chromiumPath,
      retries: 0,
      onResult: (r) => seen.push(r.status),
    });
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ["Things: the menu opens its view", "passed"],
      ["Things: create and find a record", "failed"],
      ["Hang: the menu opens its view", "failed"],
    ]);
    expect(seen).toEqual(["passed", "failed", "failed"]);
    expect(results[0]).not.toHaveProperty("screenshotKey");
    expect(results[1]).toMatchObject({
      suite: "ui",
      error: 'click "New": Odoo showed "Validation Error": The end date cannot be before the start date.',
      screenshotKey: "projects/p1/ui/attempt-0/create-thing.png",
    });
    // The same screen in words, for the fixer.
    expect(results[1]!.screen).toMatch(/^Odoo showed "Fake" \(list view\) at \/\S* A dialog "Validation Error" was open: The end date cannot be before the start date\. Visible text: New Thing 1$/);
    // The hanging test is cut by its own timeout (8 s), not by the step's (30 s).
    expect(results[2]!.error).toMatch(/did not finish within 8 s \(at: open the menu Fake \/ Hang\)/);
    expect(results[2]!.screenshotKey).toBe("projects/p1/ui/attempt-0/menu-hang.png");
    for (const key of [results[1]!.screenshotKey!, results[2]!.screenshotKey!]) {
      expect(stored.get(key)?.contentType).toBe("image/png");
      expect(Buffer.from(stored.get(key)!.body.subarray(0, 4)).toString("hex")).toBe("89504e47");
    }
  }, 120_000);

  it("plays a failed test once more in a fresh context, and says when it passed on the retry", async () => {
    const plan: UiTestPlan = {
      module: "omb_fake",
      quick: false,
      tests: [{ id: "menu-things", name: "Things: the menu opens its view", happy: false, steps: [{ kind: "login" }, openMenu("menu_things", "Things"), { kind: "expectRecord", text: "Thing 1" }] }],
    };
    const store = { put: async (key: string, body: Uint8Array, options: { contentType: string }) => ({ key, size: body.length, contentType: options.contentType }) };
    const common = { plan, baseUrl, login: "admin", password: "secret", odooVersion: "17" as const, store, keyPrefix: "k", timeoutMs: 8_000, stepTimeoutMs: 2_000, chromiumPath };
    flakySession = logins + 1;
    const [retried] = await runUiTests({ ...common, retries: 1 });
    expect(retried).toMatchObject({ status: "passed" });
    expect(retried!.error).toMatch(/^Passed on retry 1; the first attempt failed: /);
    flakySession = logins + 1;
    const [failed] = await runUiTests({ ...common, retries: 0 });
    expect(failed).toMatchObject({ status: "failed" });
  }, 120_000);

  it("launches no browser for an empty plan", async () => {
    const results = await runUiTests({
      plan: { module: "omb_fake", quick: true, tests: [] },
      baseUrl,
      login: "admin",
      password: "x",
      odooVersion: "18",
      store: { put: async () => ({ key: "", size: 0, contentType: "" }) },
      keyPrefix: "k",
      chromiumPath: "/nonexistent/chromium",
    });
    expect(results).toEqual([]);
  });
});
