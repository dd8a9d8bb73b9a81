/**
 * Browser tests: the production build (`remix build` -> build/index.js, run by
 * `npm run test:e2e` before this) served by `server.js` (as `npm start` does) on a scratch
 * database that is deleted and recreated, with the demo province, each run.
 *
 * Browser: Playwright's own Chromium when it is installed, else the system's.
 * There is no silent skip: with no browser the run stops with how to get one.
 */
import { chromium, defineConfig, devices, type LaunchOptions } from "@playwright/test";
import { existsSync } from "node:fs";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://localhost:${PORT}`;

/** Kept under test-results/ (ignored by git). Playwright clears its outputDir before starting the server. */
const DATABASE_PATH = `test-results/e2e-server-${PORT}/giaoban.db`;

const SYSTEM_CHROMIUMS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

/** Flags for a distribution's Chromium running as root in a container, with no network chatter. */
const SYSTEM_CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function bundledChromium(): string | undefined {
  try {
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function launchOptions(): LaunchOptions {
  // Never pass --user-data-dir: Playwright makes a fresh profile for each browser.
  if (bundledChromium()) return {};
  const system = SYSTEM_CHROMIUMS.find((path) => existsSync(path));
  if (system) return { executablePath: system, args: SYSTEM_CHROMIUM_ARGS };
  throw new Error(
    [
      "No Chromium found for the browser tests.",
      `Looked for Playwright's own Chromium and for ${SYSTEM_CHROMIUMS.join(", ")}.`,
      "Install one, then run the tests again:",
      "  Debian/Ubuntu:  apt-get update && apt-get install -y chromium",
      "  elsewhere:      npx playwright install chromium",
    ].join("\n"),
  );
}

const launch = launchOptions();

const rmDatabase = `node -e "for (const s of ['', '-wal', '-shm']) require('node:fs').rmSync(process.argv[1] + s, { force: true })" ${DATABASE_PATH}`;

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/artifacts",
  // One worker: the language switch is saved on the account, so the same demo
  // user must not be signed in by both projects at once.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 20_000,
  expect: { timeout: 5_000 },
  reporter: "list",
  use: {
    baseURL: BASE_URL,
    ...devices["Desktop Chrome"],
    launchOptions: launch,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "js", use: { javaScriptEnabled: true } },
    // axe-core runs inside the page and cannot work with JavaScript off.
    { name: "no-js", use: { javaScriptEnabled: false }, grepInvert: /@axe/ },
  ],
  webServer: {
    command: `${rmDatabase} && node_modules/.bin/tsx db/setup.ts && node server.js`,
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(PORT),
      DATABASE_PATH,
      SESSION_SECRET: "e2e-only-secret-e2e-only-secret-0123456789",
    },
  },
});
