import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { E2E_TOKEN, expect, lessonsUnderTest, test } from './fixtures.ts';

/**
 * The service worker (site/build/service-worker.js): after one lesson has been opened, the workbook is
 * stopped altogether and another lesson, never opened before, still shows its page and its project in
 * the editor. A runner of its own (a real `npm start --no-build` process on a free port) is started
 * here, so it can be stopped without touching the suite's server.
 */
function startOwnRunner(): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), path.resolve('runner/cli.ts'), '--no-build'], {
    env: { ...process.env, PORT: '0', WORKBOOK_TOKEN: E2E_TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`the runner printed no URL:\n${log}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const url = /Open: (http:\/\/127\.0\.0\.1:\d+)\//.exec(log)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, base: url });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the runner exited (${code}):\n${log}`)));
  });
}

test('after one visit, another lesson opens with its project in the editor while the workbook is not reachable', async ({ browser }) => {
  const [first, second] = lessonsUnderTest();
  const { child, base } = await startOwnRunner();
  // The suite blocks service workers (playwright.config.ts); this test is about one.
  const context = await browser.newContext({ serviceWorkers: 'allow' });
  try {
    const page = await context.newPage();
    await page.goto(`${base}/lessons/${first!.slug}?token=${E2E_TOKEN}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(first!.meta.title);
    await expect(page.locator('.monaco-editor .view-line').first()).toBeVisible({ timeout: 60_000 });
    // Installed (its precache complete) and in control of the page.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
    const gone = await page.evaluate((url) => fetch(url).then(() => 'answered', () => 'unreachable'), `${base}/index.html?probe`);
    expect(gone).toBe('unreachable');

    await page.goto(`${base}/lessons/${second!.slug}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(second!.meta.title);
    const open = second!.meta.exercise.open[0]!;
    const firstLine = second!.starter[open]!.split('\n').find((l) => l.trim().length > 0)!.trim();
    await expect(page.locator('.monaco-editor .view-line').first()).toBeVisible({ timeout: 60_000 });
    const shown = async () => (await page.locator('.monaco-editor .view-lines').innerText()).replace(/\u00a0/g, ' ');
    await expect.poll(shown, { timeout: 30_000 }).toContain(firstLine);
  } finally {
    await context.close();
    if (child.exitCode === null) child.kill('SIGINT');
  }
});
