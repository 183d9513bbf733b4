import { expect, expectNoStackTrace, newCredentials, saveScreenshot, test } from "./fixtures";

test("a new user signs up, manages a project from creation to deletion, and signs out", async ({
  page,
  auth,
  dashboard,
  projectForm,
  projectPage,
}) => {
  const user = newCredentials("journey", "Jane Journey");
  const project = {
    title: "Fleet maintenance log",
    moduleName: "fleet_maint_log",
    depends: "mail",
    description:
      "Our fleet manager records each maintenance intervention on a vehicle: date, garage, cost and odometer.",
  };
  const renamed = `${project.title} (v2)`;

  await test.step("the landing page says what the product does", async () => {
    await page.goto("/");
    await expect(page).toHaveTitle(/Odoo Module Builder/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Describe the Odoo module you need. Try it live before you pay.",
    );
    await expect(page.getByText("turns a plain-language description into a module")).toBeVisible();
    await expect(page.getByRole("heading", { name: "How it works" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Start a module" })).toBeVisible();
  });

  await test.step("register from the landing page", async () => {
    await page.getByRole("link", { name: "Start a module" }).click();
    await expect(page).toHaveURL(/\/register$/);
    await auth.submitRegistration(user);
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(auth.userMenu).toContainText("Jane Journey");
  });

  await test.step("a new account starts with the empty state", async () => {
    await dashboard.expectLoaded();
    await dashboard.expectEmpty();
    await expect(dashboard.heading).toBeVisible();
    await expect(page.getByText("0 modules in progress or delivered.")).toBeVisible();
    await saveScreenshot(page, "dashboard-empty");
  });

  await test.step("sign out, then sign in again", async () => {
    await auth.logout();
    await auth.login(user.email, user.password);
    await dashboard.expectEmpty();
  });

  let projectId = "";
  await test.step("create a project", async () => {
    await dashboard.startNewProject();
    await projectForm.expectLoaded();
    await expect(page.getByRole("heading", { level: 1, name: "New project" })).toBeVisible();
    await projectForm.fill({ title: project.title });
    // The technical name is suggested from the title until the user types one.
    await expect(projectForm.moduleName).toHaveValue("fleet_maintenance_log");
    await projectForm.fill({
      moduleName: project.moduleName,
      odooVersion: "17",
      depends: project.depends,
      description: project.description,
    });
    projectId = await projectForm.save();
    await expect(page.getByTestId("toast").filter({ hasText: "Project created" })).toBeVisible();
  });

  await test.step("the project page shows what was entered", async () => {
    await expect(projectPage.title).toHaveText(project.title);
    await expect(projectPage.moduleName).toHaveText(project.moduleName);
    await expect(projectPage.odooVersion).toHaveText("17.0");
    await expect(projectPage.description).toHaveText(project.description);
    // Creating a project starts the offline spec draft at once.
    await expect(projectPage.status).toHaveText(/^(Draft|Writing spec|Spec ready)$/);
    await expect(projectPage.setting("Depends")).toHaveText("mail");
    await expect(projectPage.setting("Tests")).toHaveText("Full");
    await expect(page).toHaveTitle(new RegExp(`^${escapeRegExp(project.title)}`));
    await expectNoStackTrace(page);
  });

  await test.step("the dashboard lists it", async () => {
    await projectPage.backToProjects.click();
    await dashboard.expectLoaded();
    await expect(dashboard.projectCards).toHaveCount(1);
    const card = dashboard.card(project.title);
    await expect(card).toBeVisible();
    await expect(card).toContainText(project.moduleName);
    await expect(card).toContainText("Odoo 17");
    await expect(card).toContainText(/Draft|Writing spec|Spec ready/);
    await expect(page.getByText("1 module in progress or delivered.")).toBeVisible();
    // The "Project created" toast is still up after the client-side navigation; close it for the picture.
    const toast = page.getByTestId("toast").filter({ hasText: "Project created" });
    if (await toast.isVisible()) {
      await toast.getByRole("button", { name: "Close" }).click();
      await expect(toast).toBeHidden();
    }
    await saveScreenshot(page, "dashboard");
  });

  await test.step("edit the title and switch on quick tests", async () => {
    await dashboard.openProject(project.title);
    expect(page.url()).toContain(`/projects/${projectId}`);
    await projectPage.edit();
    await projectForm.expectLoaded();
    await expect(projectForm.title).toHaveValue(project.title);
    await expect(projectForm.moduleName).toHaveValue(project.moduleName);
    await expect(projectForm.odooVersion).toContainText("Odoo 17.0");
    await expect(projectForm.depends).toHaveValue("mail");
    await expect(projectForm.quickTest).toHaveAttribute("aria-checked", "false");
    await projectForm.fill({ title: renamed, quickTest: true });
    // Renaming must not overwrite a technical name that already exists.
    await expect(projectForm.moduleName).toHaveValue(project.moduleName);
    const savedId = await projectForm.save();
    expect(savedId).toBe(projectId);
    await expect(page.getByTestId("toast").filter({ hasText: "Project saved" })).toBeVisible();
  });

  await test.step("the change is visible on the project page, after a reload too", async () => {
    await expect(projectPage.title).toHaveText(renamed);
    await expect(projectPage.setting("Tests")).toHaveText("Quick (happy path)");
    await page.reload();
    await expect(projectPage.title).toHaveText(renamed);
    await expect(projectPage.setting("Tests")).toHaveText("Quick (happy path)");
    await expect(projectPage.moduleName).toHaveText(project.moduleName);
    await expect(projectPage.odooVersion).toHaveText("17.0");
  });

  await test.step("delete it through the confirmation dialog", async () => {
    // Cancelling keeps the project.
    await projectPage.deleteButton.click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Keep it" }).click();
    await expect(dialog).toBeHidden();
    await expect(projectPage.title).toHaveText(renamed);

    await projectPage.delete(renamed);
    await expect(page.getByTestId("toast").filter({ hasText: "Project deleted" })).toBeVisible();
  });

  await test.step("back on the dashboard, the project is gone", async () => {
    await dashboard.expectLoaded();
    await dashboard.expectEmpty();
    await expect(dashboard.card(renamed)).toHaveCount(0);
    await page.reload();
    await dashboard.expectEmpty();
    // Its page is gone as well.
    const response = await page.goto(`/projects/${projectId}`);
    expect(response?.status()).toBe(404);
  });

  await test.step("sign out", async () => {
    await dashboard.goto();
    await auth.logout();
    const response = await page.goto("/dashboard");
    expect(response?.ok()).toBe(true);
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard$/);
    await expect(auth.loginForm).toBeVisible();
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
