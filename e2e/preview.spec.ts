import { expect, newCredentials, saveScreenshot, test } from "./fixtures";
import { ProjectFormPage } from "./pages/project-form-page";

/**
 * The product's promise in the browser: build a version, test it in real Odoo, and log in to the
 * live preview inside the page's iframe. Runs when the server has a sandbox for Odoo 17 (an Odoo
 * tree on this machine); skipped with the reason otherwise.
 */
const blueprint = {
  module: { name: "ignored", title: "Equipment loans", odooVersion: "17", depends: ["base"] },
  models: [
    {
      name: "equipment.loan",
      description: "Equipment loan",
      fields: [
        { type: "char", name: "name", string: "Reference", required: true },
        { type: "date", name: "date_out", string: "Out on" },
      ],
    },
  ],
  views: [
    { type: "list", model: "equipment.loan", fields: ["name", "date_out"] },
    { type: "form", model: "equipment.loan", title: "name", groups: [{ fields: ["date_out"] }] },
  ],
  menus: [{ id: "menu_loans", name: "Loans", model: "equipment.loan" }],
};

test("a built version is tested in real Odoo and tried live in the page", async ({ page, request, auth }) => {
  const health = (await (await request.get("/api/health")).json()) as { ports: { sandbox?: { adapter: string; versions: string[] } } };
  const sandbox = health.ports.sandbox;
  test.skip(!sandbox?.versions.includes("17"), `no Odoo 17 sandbox on this server (provider ${sandbox?.adapter ?? "?"}): set ODOO_17_PATH and run scripts/setup-odoo.sh`);
  test.setTimeout(300_000);

  await auth.register(newCredentials("preview"));
  const form = new ProjectFormPage(page);
  await form.gotoNew();
  await form.fill({ title: "Equipment loans", moduleName: "equipment_loans_e2e", odooVersion: "17", description: "Lend equipment to employees and know who has what." });
  await form.save();

  await page.getByTestId("open-build").click();
  await page.getByTestId("blueprint-json").fill(JSON.stringify(blueprint, null, 2));
  await page.getByTestId("build-version").click();
  await expect(page.getByTestId("version-list")).toContainText("Version 1");
  await expect(page.getByTestId("version-list")).toContainText("valid");

  await page.getByTestId("start-sandbox").click();
  await expect(page.getByTestId("sandbox-progress")).toBeVisible();
  await expect(page.getByTestId("sandbox-verdict")).toContainText("installed", { timeout: 240_000 });
  await expect(page.getByTestId("sandbox-verdict")).toContainText(/(\d+)\/\1 tests passed/);
  await expect(page.getByTestId("preview-countdown")).toHaveText(/^(59|60):\d\d/);
  const credentials = (await page.getByTestId("preview-credentials").locator("code").allTextContents()) as [string, string];

  const frame = page.frameLocator('[data-testid="preview-frame"]');
  await frame.locator('input[name="login"]').fill(credentials[0]);
  await frame.locator('input[name="password"]').fill(credentials[1]);
  await frame.locator('button[type="submit"]').first().click();
  await expect(frame.locator(".o_web_client, .o_action_manager").first()).toBeVisible({ timeout: 60_000 });
  await saveScreenshot(page, "preview");

  await page.getByTestId("stop-sandbox").click();
  await expect(page.getByTestId("preview")).toHaveCount(0);
});
