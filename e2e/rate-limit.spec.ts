import { expect, newCredentials, test } from "./fixtures";

/** AUTH_LOGIN_MAX_PER_EMAIL (set in playwright.config.ts): failed sign-ins allowed per email in 15 minutes. */
const LIMIT = 10;
const BURST = 20;
const LOCKED = "Too many failed sign-in attempts";

test("a burst of failed sign-ins for one email is stopped", async ({ page, auth }) => {
  // Its own prefix and timestamp: no other test ever fails a sign-in for this address.
  const victim = newCredentials("ratelimit");
  await auth.register(victim);
  await page.context().clearCookies();
  await auth.gotoLogin();

  const messages: string[] = [];
  for (let attempt = 1; attempt <= BURST; attempt += 1) {
    await auth.submitLogin(victim.email, `wrong password ${attempt}`);
    await expect(auth.formError).toBeVisible();
    messages.push((await auth.formError.innerText()).trim());
  }

  const firstLocked = messages.findIndex((message) => message.includes(LOCKED)) + 1;
  test.info().annotations.push({ type: "first refused attempt", description: `${firstLocked} of ${BURST}` });
  expect(firstLocked, `messages: ${JSON.stringify(messages, null, 1)}`).toBeGreaterThan(0);
  expect(firstLocked).toBeLessThanOrEqual(LIMIT + 1);
  // Before the limit the user is told the password is wrong; from then on, every attempt is refused.
  for (const message of messages.slice(0, firstLocked - 1)) expect(message).toContain("Wrong password");
  for (const message of messages.slice(firstLocked - 1)) expect(message).toContain(LOCKED);
  expect(messages.at(-1)).toMatch(/Please wait \d+ minutes? and try again\./);

  // Even the right password is refused while the account is locked.
  await auth.submitLogin(victim.email, victim.password);
  await expect(auth.formError).toContainText(LOCKED);
  await expect(page).toHaveURL(/\/login/);
  await expect(auth.userMenu).toHaveCount(0);

  // Another account is not affected.
  const bystander = newCredentials("ratelimit-bystander");
  await auth.gotoRegister();
  await auth.submitRegistration(bystander);
  await expect(page).toHaveURL(/\/dashboard$/);
});
