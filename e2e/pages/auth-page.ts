import { type Locator, type Page, expect } from "@playwright/test";

export interface Credentials {
  email: string;
  password: string;
  name?: string;
}

/** /register, /login and the sign-out item of the user menu. */
export class AuthPage {
  readonly registerForm: Locator;
  readonly loginForm: Locator;
  readonly formError: Locator;
  readonly userMenu: Locator;

  constructor(readonly page: Page) {
    this.registerForm = page.getByTestId("register-form");
    this.loginForm = page.getByTestId("login-form");
    this.formError = page.getByTestId("form-error");
    this.userMenu = page.getByTestId("user-menu");
  }

  /** The message shown under a field (`email`, `password`, `name`). */
  fieldError(field: string): Locator {
    return this.page.getByTestId(`${field}-error`);
  }

  async gotoRegister(): Promise<void> {
    await this.page.goto("/register");
    await expect(this.registerForm).toBeVisible();
  }

  async gotoLogin(query = ""): Promise<void> {
    await this.page.goto(`/login${query}`);
    await expect(this.loginForm).toBeVisible();
  }

  /** Fills and submits the sign-up form; does not wait for the outcome. */
  async submitRegistration({ email, password, name }: Credentials): Promise<void> {
    const form = this.registerForm;
    if (name !== undefined) await form.getByLabel("Name (optional)").fill(name);
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Password", { exact: true }).fill(password);
    await form.getByRole("button", { name: "Create account" }).click();
  }

  /** Signs up; registration signs the user in and opens the dashboard. */
  async register(credentials: Credentials): Promise<void> {
    await this.gotoRegister();
    await this.submitRegistration(credentials);
    await expect(this.page).toHaveURL(/\/dashboard$/);
    await expect(this.userMenu).toBeVisible();
  }

  /**
   * Fills and submits the sign-in form and waits until next-auth has answered, so consecutive
   * attempts are counted one by one.
   */
  async submitLogin(email: string, password: string): Promise<void> {
    const form = this.loginForm;
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Password", { exact: true }).fill(password);
    const answered = this.page.waitForResponse(
      (response) => response.url().includes("/api/auth/callback/credentials") && response.request().method() === "POST",
    );
    await form.getByRole("button", { name: "Sign in" }).click();
    await answered;
  }

  /** Signs in from /login and waits for the page it leads to (the dashboard by default). */
  async login(email: string, password: string, landsOn: RegExp = /\/dashboard$/): Promise<void> {
    if (!/\/login/.test(this.page.url())) await this.gotoLogin();
    await this.submitLogin(email, password);
    await expect(this.page).toHaveURL(landsOn);
    await expect(this.userMenu).toBeVisible();
  }

  /** Signs in and expects it to fail with `message` in the form's error banner. */
  async expectLoginRejected(email: string, password: string, message: string | RegExp): Promise<void> {
    await this.submitLogin(email, password);
    await expect(this.formError).toBeVisible();
    await expect(this.formError).toContainText(message);
    await expect(this.page).toHaveURL(/\/login/);
  }

  async logout(): Promise<void> {
    await this.userMenu.click();
    const signOut = this.page.getByTestId("sign-out");
    await expect(signOut).toBeVisible();
    await signOut.click();
    await expect(this.page).toHaveURL(/\/login\?signedOut=1$/);
    await expect(this.loginForm.getByText("You have been signed out.")).toBeVisible();
  }
}
