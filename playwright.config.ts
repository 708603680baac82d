import { existsSync } from 'node:fs';
import { chromium, defineConfig } from '@playwright/test';
import { E2E_TOKEN } from './e2e/constants.ts';

/**
 * E2E runs in a real Chromium against the production build served by `npm start` (the local runner).
 * The browser is chosen here and only here:
 *   1. PLAYWRIGHT_CHROMIUM_PATH, if set;
 *   2. Playwright's own Chromium, if `npx playwright install chromium` has been run;
 *   3. Debian/Ubuntu's /usr/bin/chromium (`apt-get install -y chromium`), which .ci/run installs.
 */
function chooseBrowser(): string | undefined {
  const explicit = process.env.PLAYWRIGHT_CHROMIUM_PATH;
  if (explicit) return explicit;
  try {
    if (existsSync(chromium.executablePath())) return undefined; // Playwright's own
  } catch {
    // not installed
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  throw new Error(
    'No Chromium for the e2e tests. Install one with `npx playwright install chromium`, or on Debian/Ubuntu ' +
      '`apt-get install -y chromium`, or set PLAYWRIGHT_CHROMIUM_PATH to a Chromium binary.',
  );
}

const executablePath = chooseBrowser();
const PORT = Number(process.env.E2E_PORT ?? 4390);

export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    viewport: { width: 1440, height: 900 },
    // The service worker precaches ~3 MB in every fresh context; only e2e/offline.spec.ts, which tests
    // it, lets it run (test.use({ serviceWorkers: 'allow' })).
    serviceWorkers: 'block',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: 'npm start',
    url: `http://127.0.0.1:${PORT}/`,
    env: { PORT: String(PORT), WORKBOOK_TOKEN: E2E_TOKEN },
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'pipe',
  },
});
