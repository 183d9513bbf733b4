import { PASSWORD, expect, expectNoStackTrace, newCredentials, saveScreenshot, test } from "./fixtures";

test.describe("sign-up validation", () => {
  test("a weak password is explained under the password field", async ({ page, auth }) => {
    const { email } = newCredentials("weak");
    await auth.gotoRegister();

    await auth.submitRegistration({ email, password: "short 1" });
    await expect(auth.fieldError("password")).toHaveText("Use at least 10 characters for your password.");
    await expect(auth.registerForm.getByLabel("Password", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(auth.registerForm.getByLabel("Password", { exact: true })).toHaveAttribute(
      "aria-describedby",
      /password-error/,
    );

    await auth.submitRegistration({ email, password: "onlylettershere" });
    await expect(auth.fieldError("password")).toHaveText("Mix letters with at least one digit or symbol.");

    await auth.submitRegistration({ email, password: "password123" });
    await expect(auth.fieldError("password")).toContainText("too common");

    // Nothing was created: still on the form, nobody signed in.
    await expect(page).toHaveURL(/\/register$/);
    await expect(auth.userMenu).toHaveCount(0);
    await expectNoStackTrace(page);
  });

  test("an invalid email is explained under the email field", async ({ page, auth }) => {
    await auth.gotoRegister();
    await auth.submitRegistration({ email: "not-an-email", password: PASSWORD });
    await expect(auth.fieldError("email")).toContainText("Enter a valid email address");
    await expect(page).toHaveURL(/\/register$/);
  });

  test("an email that is already registered says the account already exists", async ({ page, auth }) => {
    const user = newCredentials("dup");
    await auth.register(user);
    await page.context().clearCookies();

    await auth.gotoRegister();
    // Same address in another case: emails are compared case-insensitively.
    await auth.submitRegistration({ email: user.email.toUpperCase(), password: "another pass 77" });
    await expect(auth.fieldError("email")).toContainText("already exists");
    await expect(page).toHaveURL(/\/register$/);
    await expectNoStackTrace(page);
  });
});

test.describe("sign-in errors", () => {
  test("a wrong password and an unknown email each get their own message", async ({ page, auth }) => {
    const user = newCredentials("login");
    await auth.register(user);
    await page.context().clearCookies();

    await auth.gotoLogin();
    await auth.expectLoginRejected(user.email, "wrong password 99", "Wrong password for this email");
    await expect(auth.formError).toHaveAttribute("role", "alert");
    await expectNoStackTrace(page);
    await saveScreenshot(page, "login-error");

    await auth.expectLoginRejected(newCredentials("nobody").email, PASSWORD, "No account uses this email");
    await expectNoStackTrace(page);

    // An empty password never reaches the server.
    await auth.loginForm.getByLabel("Password", { exact: true }).fill("");
    await auth.loginForm.getByRole("button", { name: "Sign in" }).click();
    await expect(auth.fieldError("password")).toHaveText("Enter your password.");

    // And the right password still works (two failures are far from the lock-out).
    await auth.login(user.email, user.password);
  });
});

test.describe("project form validation", () => {
  test("reserved, badly-formed and missing values are explained next to their fields", async ({
    page,
    auth,
    projectForm,
  }) => {
    await auth.register(newCredentials("form"));
    await projectForm.gotoNew();
    await projectForm.expectRowsAligned();

    await test.step("an empty form lists what is missing", async () => {
      await projectForm.submit();
      await expect(projectForm.fieldError("title")).toContainText("at least 3 characters");
      await expect(projectForm.fieldError("moduleName")).toContainText("Enter a technical module name");
      await expect(projectForm.fieldError("description")).toContainText("at least 20 characters");
      await expect(projectForm.title).toHaveAttribute("aria-invalid", "true");
      await expect(page).toHaveURL(/\/projects\/new$/);
    });

    await test.step("a core module name gives the core-module reason", async () => {
      await projectForm.fill({
        title: "Sales extras",
        moduleName: "sale",
        description: "Adds a few fields to quotations for the sales team.",
      });
      await projectForm.submit();
      await expect(projectForm.fieldError("moduleName")).toHaveText(
        '"sale" is the name of an Odoo core module; choose another, e.g. "sale_custom".',
      );
      await expect(projectForm.fieldError("title")).toHaveCount(0);
      await expect(projectForm.fieldError("description")).toHaveCount(0);
    });

    await test.step("a name with capitals and a dash gives the lower-case reason", async () => {
      await projectForm.fill({ moduleName: "Bad-Name", depends: "Sale" });
      await projectForm.submit();
      await expect(projectForm.fieldError("moduleName")).toHaveText(
        "Module names are lower-case (Odoo loads them as Python packages).",
      );
      await expect(projectForm.fieldError("depends")).toContainText("lower-case letters, digits and underscores.");
      await expect(page).toHaveURL(/\/projects\/new$/);
      await projectForm.expectRowsAligned();
      await expectNoStackTrace(page);
      await saveScreenshot(page, "project-form-errors");
    });

    await test.step("a module cannot depend on itself", async () => {
      await projectForm.fill({ moduleName: "sales_extras", depends: "sale, sales_extras" });
      await projectForm.submit();
      await expect(projectForm.fieldError("depends")).toHaveText("A module cannot depend on itself.");
      await expect(projectForm.fieldError("moduleName")).toHaveCount(0);
    });

    await test.step("fixing the values saves the project", async () => {
      await projectForm.fill({ depends: "sale" });
      await projectForm.save();
      await expect(page.getByTestId("project-module")).toHaveText("sales_extras");
    });
  });

  test("the server rejects the same values when the browser check is skipped", async ({ page, auth }) => {
    await auth.register(newCredentials("api"));
    const base = { title: "Sales extras", odooVersion: "17", description: "Adds a few fields to quotations." };
    for (const [moduleName, reason] of [
      ["sale", "core module"],
      ["Bad-Name", "lower-case"],
    ] as const) {
      const response = await page.request.post("/api/trpc/project.create", {
        data: { json: { ...base, moduleName } },
      });
      expect(response.status(), `project.create with ${moduleName}`).toBe(400);
      const body = await response.text();
      expect(body).toContain(reason);
      expect(body, "no stack trace in an API error").not.toMatch(/"stack"|\bat\s+\S+\s+\(|node_modules/);
    }
  });
});
