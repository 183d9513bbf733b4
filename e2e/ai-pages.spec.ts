import { ADMIN_EMAIL, PASSWORD, expect, expectNoStackTrace, newCredentials, saveScreenshot, test } from "./fixtures";

/**
 * The AI pages, offline (no provider key on the e2e server): a module version's "Changes" view
 * (two versions built through the API, the second with one more field) and the admin's AI usage
 * page, whose empty state says how to turn the AI on.
 */
const blueprint = (extraField: boolean) => ({
  module: { name: "ignored", title: "Equipment loans", odooVersion: "17", depends: ["base"] },
  models: [
    {
      name: "equipment.loan",
      description: "Equipment loan",
      fields: [
        { type: "char", name: "name", string: "Reference", required: true },
        ...(extraField ? [{ type: "integer", name: "quantity", string: "Quantity" }] : []),
      ],
    },
  ],
  views: [{ type: "list", model: "equipment.loan", fields: extraField ? ["name", "quantity"] : ["name"] }],
  menus: [{ id: "menu_loans", name: "Loans", model: "equipment.loan" }],
});

test("the Module tab shows who wrote a version and what changed since the one before", async ({ page, auth }) => {
  await auth.register(newCredentials("diff"));
  const created = await page.request.post("/api/trpc/project.create", {
    data: { json: { title: "Equipment loans", moduleName: "equipment_loans_diff", odooVersion: "17", description: "Lend equipment to employees.", depends: [] } },
  });
  expect(created.status()).toBe(200);
  const projectId = ((await created.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;
  for (const extra of [false, true]) {
    const built = await page.request.post("/api/trpc/module.build", { data: { json: { projectId, blueprint: blueprint(extra) } } });
    expect(built.status(), await built.text()).toBe(200);
  }

  await page.goto(`/projects/${projectId}/module`);
  await expect(page.getByTestId("version-author")).toHaveText("Compiler");
  await page.getByTestId("module-view-changes").click();
  const python = page.locator('[data-testid="diff-file"][data-path="models/equipment_loan.py"]');
  await expect(python).toBeVisible();
  await expect(python.locator('tr[data-type="add"]').filter({ hasText: "quantity = fields.Integer(" })).toBeVisible();
  await expect(page.getByTestId("diff-summary")).toContainText("changed");

  // Keyboard: the file header is a button that folds the file.
  const toggle = python.getByTestId("diff-file-toggle");
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expectNoStackTrace(page);
  await saveScreenshot(page, "module-changes");
});

test("the admin AI page explains the offline mode when no call was made", async ({ page, auth }) => {
  await auth.gotoRegister();
  await auth.submitRegistration({ email: ADMIN_EMAIL, password: PASSWORD, name: "E2E Admin" });
  // Another spec may have created the admin already (one database per run).
  await expect(page.getByTestId("email-error").or(auth.userMenu)).toBeVisible();
  if (await page.getByTestId("email-error").isVisible()) await auth.login(ADMIN_EMAIL, PASSWORD);

  await page.goto("/admin");
  await page.getByTestId("admin-link-ai").click();
  await expect(page).toHaveURL(/\/admin\/ai$/);
  await expect(page.getByTestId("ai-usage-empty")).toContainText("the app runs offline until ANTHROPIC_API_KEY or GOOGLE_API_KEY is set");
  await expect(page.getByTestId("ai-providers")).toBeVisible();
  await expectNoStackTrace(page);
  await saveScreenshot(page, "admin-ai-empty");
});
