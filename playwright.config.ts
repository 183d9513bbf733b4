import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests against `next start` of the existing production build (run `npm run build`
 * first). The server gets a fresh embedded database in .data/e2e on every run, listens on
 * 127.0.0.1 only, and uses the system Chromium (no `playwright install`, no downloads).
 */
const PORT = 3200;
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { outputFolder: "playwright-report", open: "never" }]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium", viewport: { width: 1280, height: 800 } } }],
  webServer: {
    command: `rm -rf .data/e2e && mkdir -p .data/e2e && npx next start -p ${PORT} -H 127.0.0.1`,
    url: `${BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      DATA_DIR: ".data/e2e",
      NEXTAUTH_URL: BASE_URL,
      APP_URL: BASE_URL,
      ADMIN_EMAILS: "admin@e2e.test",
      NEXT_TELEMETRY_DISABLED: "1",
      // The per-email lock-out is what e2e/rate-limit.spec.ts checks: pinned to the default 10.
      AUTH_LOGIN_MAX_PER_EMAIL: "10",
      // Without a trusted proxy every request shares one IP bucket ("local"); a full run signs in
      // ~40 times and signs up ~12 times, close to the defaults (50 / 15 min, 20 / hour), so a
      // retry would trip them and fail unrelated tests. Per-IP limits are covered by unit tests.
      AUTH_LOGIN_MAX_PER_IP: "1000",
      AUTH_REGISTER_MAX_PER_IP: "1000",
    },
  },
});
