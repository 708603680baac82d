import { E2E_TOKEN, expect, lessonsUnderTest, test } from './fixtures.ts';

const first = lessonsUnderTest()[0]!;

test('home page lists every lesson with its progress mark', async ({ page }) => {
  await page.goto(`/?token=${E2E_TOKEN}`);
  const nav = page.getByRole('navigation', { name: 'Lessons' });
  await expect(nav.getByRole('link')).toHaveCount(lessonsUnderTest().length);
  await expect(nav.getByRole('img', { name: /not started|in progress|passed/ }).first()).toBeVisible();
  // The token is taken out of the address bar once it is stored.
  await expect(page).not.toHaveURL(/token=/);
});

test('a deep link survives a reload, and the token is remembered', async ({ page }) => {
  await page.goto(`/lessons/${first.slug}?token=${E2E_TOKEN}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(first.meta.title);
  await page.goto(`/lessons/${first.slug}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(first.meta.title);
  await expect(page.getByTestId('runtime-badge')).toContainText('Local runner');
  await expect(page.getByTestId('runtime-badge')).toContainText('on this machine');
});

test('the editor shows TypeScript diagnostics and Node types on hover', async ({ lessonPage: lp, page }) => {
  await lp.open(first.slug);
  await lp.typeAtEnd(`\nconst wrongType: number = 'text';\nexport const codes = process.versions.node;\nexport const memory = new WebAssembly.Memory({ initial: 1 });`);
  await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeVisible({ timeout: 30_000 });
  // Exactly one error: the deliberate one. The starter itself, Node's globals and WebAssembly all type-check.
  await expect(page.locator('.monaco-editor .squiggly-error')).toHaveCount(1);
  // Hover over `versions` as a learner would: the declaration shown comes from @types/node.
  const line = page.locator('.monaco-editor .view-line', { hasText: 'process.versions' });
  const text = (await line.innerText()).replace(/\u00a0/g, ' ');
  const box = (await line.locator('span').first().boundingBox())!;
  const charWidth = box.width / text.length; // monospace
  await page.mouse.move(box.x + charWidth * (text.indexOf('versions') + 3), box.y + box.height / 2);
  await expect(page.locator('.monaco-hover-content').first()).toContainText('versions', { timeout: 30_000 });
  await expect(page.locator('.monaco-hover-content').first()).toContainText('ProcessVersions');
  await page.mouse.move(0, 0);
  await page.keyboard.press('Escape');
  await lp.button('Reset').click();
  await lp.confirm('Reset files');
});

test('WebContainer that cannot boot says why and falls back to the local runner', async ({ lessonPage: lp, page }) => {
  // WebContainer's boot needs stackblitz.com, which this machine cannot reach: the real failure path.
  await lp.open(first.slug, 'runtime=webcontainer&bootTimeout=3000');
  const notice = page.getByRole('note', { name: 'Runtime notice' });
  await expect(notice).toContainText('WebContainer could not be used', { timeout: 30_000 });
  await expect(notice).toContainText('stackblitz.com');
  await expect(lp.badge).toContainText('Local runner');
  await lp.button('Check').click();
  await expect(lp.checkResult).toContainText(/\d+ passed, \d+ failed/, { timeout: 60_000 });
});

test('a page without the token says how to get one instead of failing silently', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/lessons/${first.slug}`);
  const problem = page.getByRole('alert', { name: 'Runtime problem' });
  await expect(problem).toContainText('no valid access token', { timeout: 30_000 });
  await expect(problem).toContainText('npm start');
  await context.close();
});
