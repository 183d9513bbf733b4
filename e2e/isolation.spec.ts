import { ADMIN_EMAIL, PASSWORD, expect, expectNoStackTrace, newCredentials, saveScreenshot, test } from "./fixtures";
import { AuthPage } from "./pages/auth-page";
import { ProjectFormPage } from "./pages/project-form-page";

test.describe("who can see what", () => {
  let projectId = "";
  const owner = newCredentials("owner");
  const projectTitle = "Owner's private module";

  test.beforeAll(async ({ browser }, testInfo) => {
    // User A: one project, in a context of its own.
    const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
    const page = await context.newPage();
    await new AuthPage(page).register(owner);
    const form = new ProjectFormPage(page);
    await form.gotoNew();
    await form.fill({
      title: projectTitle,
      moduleName: "owner_private",
      description: "Only its owner may ever see or change this project.",
    });
    projectId = await form.save();
    await context.close();
  });

  test("another user gets a 404 for someone else's project and its edit page", async ({ page, auth, dashboard }) => {
    await auth.register(newCredentials("intruder"));
    await dashboard.expectEmpty();

    for (const path of [`/projects/${projectId}`, `/projects/${projectId}/edit`]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByTestId("status-title")).toHaveText("Page not found");
      await expect(page.getByText(projectTitle)).toHaveCount(0);
      await expect(page.getByText("owner_private")).toHaveCount(0);
      await expectNoStackTrace(page);
    }

    // Unknown ids look exactly the same as other people's.
    const unknown = await page.goto("/projects/does-not-exist");
    expect(unknown?.status()).toBe(404);
    await expect(page.getByTestId("status-title")).toHaveText("Page not found");
    await saveScreenshot(page, "not-found");
  });

  test("the owner still sees the project, and sign-in returns to the page asked for", async ({
    page,
    auth,
    projectPage,
  }) => {
    const response = await page.goto(`/projects/${projectId}`);
    expect(response?.ok()).toBe(true);
    await expect(page).toHaveURL(new RegExp(`/login\\?callbackUrl=%2Fprojects%2F${projectId}$`));
    await auth.login(owner.email, owner.password, new RegExp(`/projects/${projectId}$`));
    await expect(projectPage.title).toHaveText(projectTitle);
  });

  test("a non-admin gets the 403 page at /admin", async ({ page, auth }) => {
    await auth.register(newCredentials("member"));
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);

    const response = await page.goto("/admin");
    expect(response?.status()).toBe(403);
    await expect(page.getByTestId("status-title")).toHaveText("You do not have access to this page");
    await expect(page.getByTestId("admin-console")).toHaveCount(0);
    await expectNoStackTrace(page);
    await saveScreenshot(page, "forbidden");
  });

  test("the admin sees the admin console", async ({ page, auth }) => {
    await auth.gotoRegister();
    await auth.submitRegistration({ email: ADMIN_EMAIL, password: PASSWORD, name: "E2E Admin" });
    // The database is fresh on every run; on a retry the account already exists.
    await expect(page.getByTestId("email-error").or(auth.userMenu)).toBeVisible();
    if (await page.getByTestId("email-error").isVisible()) await auth.login(ADMIN_EMAIL, PASSWORD);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByTestId("admin-console")).toBeVisible();
    await expect(page.getByTestId("admin-console")).toContainText(ADMIN_EMAIL);

    const response = await page.goto("/admin");
    expect(response?.status()).toBe(200);
    await expect(page.getByTestId("admin-console")).toBeVisible();
  });

  test("a signed-out visitor is sent to the sign-in page", async ({ page, auth }) => {
    for (const [path, callback] of [
      ["/dashboard", "%2Fdashboard"],
      ["/projects/new", "%2Fprojects%2Fnew"],
      ["/admin", "%2Fadmin"],
    ] as const) {
      await page.goto(path);
      await expect(page).toHaveURL(new RegExp(`/login\\?callbackUrl=${callback}$`));
      await expect(auth.loginForm).toBeVisible();
    }
  });

  test("sign-in never follows a callback off the site", async ({ page, auth }) => {
    // If the app ever did follow one, the browser must not leave the machine to find out.
    await page.route((url) => url.hostname === "evil.example", (route) => route.fulfill({ contentType: "text/plain", body: "off-site" }));
    // The first three start with a single "/", yet a browser reads them as another host.
    for (const callback of ["/%5Cevil.example/x", "/%09/evil.example/x", "/.//evil.example/x", "//evil.example/x"]) {
      await auth.gotoLogin(`?callbackUrl=${callback}`);
      await auth.login(owner.email, owner.password);
      expect(new URL(page.url()).host, `callbackUrl=${callback}`).toBe(new URL(test.info().project.use.baseURL ?? "").host);
      await page.context().clearCookies();
    }
  });
});

test("the session is an HttpOnly, SameSite=Lax cookie, and signing out removes it", async ({ page, auth, dashboard }) => {
  await auth.register(newCredentials("cookie"));
  await dashboard.expectEmpty();
  const session = (await page.context().cookies()).find((cookie) => cookie.name.endsWith("next-auth.session-token"));
  expect(session, "session cookie").toBeDefined();
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");
  await auth.logout();
  const after = (await page.context().cookies()).find((cookie) => cookie.name.endsWith("next-auth.session-token"));
  expect(after).toBeUndefined();
});
