import { expect, lessonsUnderTest, test, type LessonPage } from './fixtures.ts';

/** The lesson workspace: the structured Check report, progress without a reload, two tabs, the Preview. */
const lessons = lessonsUnderTest();
const setup = lessons.find((l) => l.id === '01-project-setup') ?? lessons[1]!;

function sidebarMark(lp: LessonPage, title: string) {
  return lp.page.getByRole('navigation', { name: 'Lessons' }).getByRole('link', { name: new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).getByRole('img');
}

test('a failing Check names the .ts line; a pass shows in the sidebar at once, without a reload', async ({ lessonPage: lp }) => {
  await lp.open(setup.slug);
  await expect(sidebarMark(lp, setup.meta.title)).toHaveAccessibleName('not started');
  const failing = await lp.check();
  expect(failing).toMatch(/[1-9]\d* failed/);
  // The structured report: where it failed in the learner's TypeScript, never the YAML of a TAP block.
  await expect(lp.checkResult.locator('.failure-location').first()).toHaveText(/ at (test|src)\/[\w./-]+\.ts:\d+:\d+$/);
  await expect(lp.checkResult).not.toContainText('duration_ms');
  await expect(lp.output).not.toContainText('@@workbook-test@@');
  await expect(lp.output).toContainText('$ node --test');

  await lp.button('Show solution').click();
  await lp.confirm('Load solution');
  await expect(await lp.check()).toMatch(/ 0 failed/);
  await expect(sidebarMark(lp, setup.meta.title)).toHaveAccessibleName('passed with the solution shown');
  await lp.button('Reset').click();
  await lp.confirm('Reset files');
});

test('a verdict older than the code is marked out of date once the learner edits', async ({ lessonPage: lp }) => {
  await lp.open(setup.slug);
  const verdict = await lp.check();
  expect(verdict).toMatch(/[1-9]\d* failed/);
  await expect(lp.checkResult).not.toContainText('Out of date');
  await lp.typeAtEnd('\n// an edit after the check');
  await expect(lp.checkResult).toContainText('Out of date');
  // The counts stay, as what the code was; a new Check clears the mark.
  await expect(lp.checkResult).toContainText(/\d+ passed, \d+ failed/);
  await lp.check();
  await expect(lp.checkResult).not.toContainText('Out of date');
  await lp.button('Reset').click();
  await lp.confirm('Reset files');
});

test('two tabs of one lesson: the other tab says so and can load the newer edits', async ({ context }) => {
  const { LessonPage } = await import('./fixtures.ts');
  const a = new LessonPage(await context.newPage());
  const b = new LessonPage(await context.newPage());
  await a.open(setup.slug);
  await b.open(setup.slug);
  await expect(b.editor).toBeAttached();
  await a.typeAtEnd('\n// edited in tab A\n');
  const notice = b.page.getByRole('alert', { name: 'Edited in another tab' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('Another tab saved different edits');
  await notice.getByRole('button', { name: 'Load their version' }).click();
  await expect(notice).toBeHidden();
  expect(await b.codeAtEnd()).toContain('// edited in tab A');
  // Now B edits: A hears of it, and keeping A's version is saved, so B hears back.
  await b.typeAtEnd('// and in tab B\n');
  const noticeA = a.page.getByRole('alert', { name: 'Edited in another tab' });
  await expect(noticeA).toBeVisible();
  await noticeA.getByRole('button', { name: 'Keep mine' }).click();
  await expect(noticeA).toBeHidden();
  await expect(b.page.getByRole('alert', { name: 'Edited in another tab' })).toBeVisible();
  await a.button('Reset').click();
  await a.confirm('Reset files');
});

test('the Preview has Back, Reload and an address field: a link clicked in it, then Back, returns', async ({ lessonPage: lp, page }) => {
  const serving = lessons.find((l) => l.id === '05-error-handling')!;
  await lp.open(serving.slug);
  await expect(lp.editor).toBeAttached();
  await lp.button('Run').click();
  // A silent wait shows that it is running.
  await expect(page.getByRole('timer', { name: 'Elapsed time' })).toContainText(/Running… \d+ s/);
  const frame = page.frameLocator('iframe[title="Preview"]');
  const bar = page.getByRole('form', { name: 'Preview navigation' });
  await expect(frame.getByRole('link', { name: 'GET /users/1' })).toBeVisible({ timeout: 60_000 });
  await expect(bar.getByRole('textbox', { name: 'Address' })).toHaveValue('/');
  await expect(bar.getByRole('button', { name: 'Back' })).toBeDisabled();

  await frame.getByRole('link', { name: 'GET /users/1' }).click();
  await expect(frame.locator('body')).not.toContainText('GET /users/abc');
  await expect(bar.getByRole('button', { name: 'Back' })).toBeEnabled();
  await bar.getByRole('button', { name: 'Back' }).click();
  await expect(frame.getByRole('link', { name: 'GET /users/1' })).toBeVisible();
  await expect(bar.getByRole('textbox', { name: 'Address' })).toHaveValue('/');
  await expect(page).toHaveURL(new RegExp(`/lessons/${serving.slug}`));

  // The address field opens a path within the learner's server; Reload shows it again.
  await bar.getByRole('textbox', { name: 'Address' }).fill('/users/2');
  await bar.getByRole('textbox', { name: 'Address' }).press('Enter');
  await expect(frame.locator('body')).toContainText(/"id":\s*2/);
  await bar.getByRole('button', { name: 'Reload' }).click();
  await expect(frame.locator('body')).toContainText(/"id":\s*2/);
  await expect(bar.getByRole('textbox', { name: 'Address' })).toHaveValue('/users/2');
  await lp.button('Stop').click();
});

test('the header\'s Dark theme toggle switches the page and Monaco, and is remembered', async ({ lessonPage: lp, page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await lp.open(setup.slug);
  await expect(lp.editor).toBeAttached();
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('.monaco-editor').first()).toHaveClass(/vs-dark/);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('with no choice made, the page follows prefers-color-scheme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`/lessons/${setup.slug}`);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});
