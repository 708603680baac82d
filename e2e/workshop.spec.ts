import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { expect, lessonsUnderTest, test } from './fixtures.ts';

/**
 * A workshop on one machine: a runner started as the instructor would (`--host 0.0.0.0`), opened
 * through this machine's own non-loopback address as a learner on another machine would, with the
 * lesson's Preview through the main port; and the instructor's /workshop page.
 * The runner is this spec's own (not the config's webServer, which listens on loopback only).
 */
const PORT = Number(process.env.E2E_WORKSHOP_PORT ?? 4541);
const TOKEN = 'e2e-workshop-token-not-secret';
const remote = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && !a.internal && a.family === 'IPv4');

let runner: ChildProcess | undefined;

test.beforeAll(async () => {
  test.skip(!remote, 'this machine has no non-loopback IPv4 address, so no other machine could reach the runner');
  runner = spawn('npx', ['tsx', 'runner/cli.ts', '--host', '0.0.0.0', '--no-build'], {
    env: { ...process.env, PORT: String(PORT), WORKBOOK_TOKEN: TOKEN, WORKBOOK_RUST: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let printed = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (c: Buffer) => {
      printed += c.toString();
      if (printed.includes('Press Ctrl+C to stop.')) resolve();
    };
    runner!.stdout!.on('data', onData);
    runner!.stderr!.on('data', onData);
    runner!.once('exit', (code) => reject(new Error(`the runner exited (${code}) before it listened:\n${printed}`)));
  });
});

test.afterAll(() => {
  // The runner and its own children (tsx, node) are one process group.
  if (runner?.pid) process.kill(-runner.pid, 'SIGTERM');
});

test('a learner on another machine sees the Preview through the main port, sandboxed away from the token', async ({ page }) => {
  const serving = lessonsUnderTest().find((l) => l.id === '05-error-handling')!;
  const base = `http://${remote!.address}:${PORT}`;
  await page.goto(`${base}/lessons/${serving.slug}?token=${TOKEN}`);
  await expect(page.getByRole('textbox', { name: 'Editor' })).toBeAttached({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Run', exact: true }).click();

  const frame = page.frameLocator('iframe[title="Preview"]');
  await expect(frame.getByRole('link', { name: 'GET /users/1' })).toBeVisible({ timeout: 60_000 });
  const iframe = page.locator('iframe[title="Preview"]');
  await expect(iframe).toHaveAttribute('src', new RegExp(`^${base.replace(/\./g, '\\.')}/preview/[A-Za-z0-9_-]{24}/$`));
  await expect(iframe).toHaveAttribute('sandbox', /allow-scripts/);
  await expect(iframe).not.toHaveAttribute('sandbox', /allow-same-origin/);

  // The previewed page is an opaque origin: the workbook's storage (the token) is out of its reach.
  const inFrame = page.frames().find((f) => f.url().includes('/preview/'))!;
  expect(await inFrame.evaluate(() => origin)).toBe('null');
  expect(await inFrame.evaluate(() => {
    try {
      return localStorage.getItem('workbook.runnerToken');
    } catch (e) {
      return `denied (${(e as Error).name})`;
    }
  })).toMatch(/^denied/);

  // A root-relative link of the lesson's page stays inside the preview; the address field shows its path.
  await frame.getByRole('link', { name: 'GET /users/1' }).click();
  await expect(frame.locator('body')).toContainText(/"id":\s*1/);
  const bar = page.getByRole('form', { name: 'Preview navigation' });
  await bar.getByRole('textbox', { name: 'Address' }).fill('/users/2');
  await bar.getByRole('textbox', { name: 'Address' }).press('Enter');
  await expect(frame.locator('body')).toContainText(/"id":\s*2/);
  await page.getByRole('button', { name: 'Stop' }).click();
});

test('the instructor’s /workshop page lists the address to give out with its QR code and counts the room', async ({ page }) => {
  await page.goto(`http://127.0.0.1:${PORT}/workshop?token=${TOKEN}`);
  await expect(page.getByRole('heading', { name: 'Workshop', level: 1 })).toBeVisible();
  const url = `http://${remote!.address}:${PORT}/?token=${TOKEN}`;
  await expect(page.getByRole('link', { name: url })).toBeVisible();
  const qr = page.getByRole('img', { name: `QR code for ${url}` });
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
  // This page's own calls count it as one connected browser.
  await expect(page.getByText('Browsers connected').locator('..')).toContainText(/[1-9]/);

  if (process.env.WORKSHOP_SCREENSHOTS) {
    const dir = path.resolve('docs/screenshots');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.reload();
    await expect(qr).toBeVisible();
    await page.screenshot({ path: path.join(dir, 'workshop.png'), type: 'png' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await expect(qr).toBeVisible();
    await page.screenshot({ path: path.join(dir, 'workshop-dark.png'), type: 'png' });
    await page.setViewportSize({ width: 375, height: 900 });
    await page.reload();
    await expect(qr).toBeVisible();
    await page.screenshot({ path: path.join(dir, 'workshop-375.png'), type: 'png', fullPage: true });
  }
});
