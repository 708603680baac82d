import type { Locator, Page } from '@playwright/test';
import { E2E_TOKEN, expect, lessonsUnderTest, test } from './fixtures.ts';

/**
 * Issue 11, narrow screens and zoom: at 375 px the lesson's panes stack (article, editor, output and
 * preview, one above the other), every control can be scrolled to and clicked, and the page never
 * scrolls sideways; at 200 % zoom the editor keeps room for its code, takes typing, and Run works.
 */
const lessons = lessonsUnderTest();
// A lesson with a Preview pane and a Rust track, so every pane and control is on the page.
const lesson = lessons.find((l) => l.meta.exercise.preview && l.rustExercise) ?? lessons.find((l) => l.meta.exercise.preview) ?? lessons[0]!;

async function expectNoSidewaysScroll(page: Page, what: string) {
  const { scrollWidth, width } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, width: window.innerWidth }));
  expect(scrollWidth, `${what}: the page is ${scrollWidth} px wide in a ${width} px window`).toBeLessThanOrEqual(width + 1);
}

/** Scrolled into view, inside the window's width, and clickable (Playwright's hit test: nothing covers it). */
async function expectReachable(control: Locator, what: string, click: 'click' | 'trial' = 'trial') {
  await control.scrollIntoViewIfNeeded();
  await expect(control, what).toBeInViewport();
  const box = (await control.boundingBox())!;
  const width = await control.page().evaluate(() => innerWidth);
  expect(box.x, `${what} starts inside the window`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what} ends inside the window`).toBeLessThanOrEqual(width + 1);
  await control.click(click === 'trial' ? { trial: true } : {});
}

async function top(locator: Locator): Promise<number> {
  await locator.scrollIntoViewIfNeeded();
  return locator.evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
}

test.describe('375 px wide (a phone)', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test('a lesson stacks its panes and keeps every control reachable, without sideways scrolling', async ({ lessonPage: lp, page }) => {
    await lp.open(lesson.slug);
    await expect(lp.editor).toBeAttached();
    await expectNoSidewaysScroll(page, 'a lesson');

    // One column, in reading order.
    const article = page.locator('article.lesson-article');
    const editor = page.locator('.monaco-editor').first();
    const output = page.getByRole('log', { name: 'Output' });
    const preview = page.getByRole('region', { name: 'Preview' });
    const [a, e, o, p] = [await top(article), await top(editor), await top(output), await top(preview)];
    expect(a).toBeLessThan(e);
    expect(e).toBeLessThan(o);
    expect(o).toBeLessThan(p);
    for (const [pane, name] of [[article, 'article'], [editor, 'editor'], [output, 'output'], [preview, 'preview']] as const) {
      const box = (await pane.boundingBox())!;
      expect(box.width, `${name} uses the width`).toBeGreaterThan(300);
      expect(box.x + box.width, `${name} fits the window`).toBeLessThanOrEqual(376);
    }

    // The header.
    const header = page.getByRole('banner');
    await expectReachable(header.getByRole('link', { name: 'Rust Backend Workbook' }), 'the home link');
    await expectReachable(header.getByRole('link', { name: 'Lessons', exact: true }), 'Lessons');
    await expectReachable(header.getByRole('link', { name: 'Benchmark lab' }), 'Benchmark lab');
    await expectReachable(page.getByTestId('runtime-badge'), 'the runtime badge');
    const dark = header.getByRole('button', { name: 'Dark theme' });
    await expectReachable(dark, 'Dark theme', 'click');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await dark.click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');

    // The lesson's tools.
    await expectReachable(page.getByRole('checkbox', { name: 'Instructor mode' }), 'Instructor mode');
    await expectReachable(page.getByRole('button', { name: 'Keyboard shortcuts' }), 'Keyboard shortcuts');
    const downloading = page.waitForEvent('download');
    await expectReachable(page.getByRole('button', { name: 'Download project' }), 'Download project', 'click');
    expect((await downloading).suggestedFilename()).toMatch(/\.zip$/);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await expectReachable(page.getByRole('button', { name: 'Copy share link' }), 'Copy share link', 'click');
    await expect(page.getByRole('group', { name: 'Lesson tools' }).getByRole('status')).toContainText('Link');

    // The tracks, the toolbar and the file tabs.
    await expectReachable(page.getByRole('tab', { name: 'Rust' }), 'the Rust track', 'click');
    await expect(page.getByRole('tab', { name: 'Rust' })).toHaveAttribute('aria-selected', 'true');
    await expectReachable(page.getByRole('tab', { name: 'TypeScript' }), 'the TypeScript track', 'click');
    await expect(page.getByRole('tab', { name: 'TypeScript' })).toHaveAttribute('aria-selected', 'true');
    const files = page.getByRole('tablist', { name: 'Project files' }).getByRole('tab');
    const count = await files.count();
    expect(count).toBeGreaterThan(1);
    for (let i = 0; i < count; i++) {
      await expectReachable(files.nth(i), `file tab ${i + 1}`, 'click');
      await expect(files.nth(i)).toHaveAttribute('aria-selected', 'true');
    }
    await files.first().click();
    await expectReachable(lp.button('Reset'), 'Reset', 'click');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await expectReachable(lp.button('Show solution'), 'Show solution', 'click');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await expectReachable(lp.button('Check'), 'Check', 'click');
    await expect(lp.checkResult).toContainText(/\d+ passed, \d+ failed/, { timeout: 60_000 });
    await expectReachable(lp.checkResult, 'the check result and progress');
    await expectReachable(lp.button('Run'), 'Run', 'click');
    await expectReachable(lp.button('Stop'), 'Stop', 'click');
    await expectReachable(page.getByRole('button', { name: 'Clear' }), 'Clear (the output)');
    await expectReachable(page.getByRole('navigation', { name: 'Previous and next lesson' }).getByRole('link').first(), 'the next lesson');
    await expectNoSidewaysScroll(page, 'a lesson after using it');
  });

  for (const [path, ready] of [
    ['/', 'Progress'],
    ['/lab', 'Benchmark lab'],
    ['/schedule', 'Workshop schedule'],
    ['/workshop', 'Workshop'],
    [`/notes?lesson=${lesson.slug}`, lesson.meta.title],
  ] as const) {
    test(`${path}: no sideways scrolling, its controls reachable`, async ({ page }) => {
      await page.goto(`${path}${path.includes('?') ? '&' : '?'}token=${E2E_TOKEN}`);
      if (path === '/') {
        await expectReachable(page.getByRole('progressbar', { name: 'Progress' }), 'Progress');
        await expectReachable(page.getByRole('button', { name: 'Export progress' }), 'Export progress');
        await expectReachable(page.getByRole('button', { name: 'Import progress' }), 'Import progress');
        await page.getByText('Progress by lesson and track').click();
      } else {
        await expect(page.getByRole('heading', { level: 1 })).toContainText(ready);
      }
      if (path === '/lab') await expectReachable(page.getByRole('button', { name: 'Run benchmarks' }), 'Run benchmarks');
      if (path === '/schedule') await expectReachable(page.getByRole('table'), 'the schedule');
      await expectNoSidewaysScroll(page, path);
    });
  }
});

test.describe('200 % zoom', () => {
  // Chromium's 200 % zoom of a 1440×900 window lays the page out in 720×450 CSS pixels at two device
  // pixels per CSS pixel: emulated here with that viewport and deviceScaleFactor 2.
  test.use({ viewport: { width: 720, height: 450 }, deviceScaleFactor: 2 });

  test('the editor shows at least 10 lines, takes typing, and Run works', async ({ lessonPage: lp, page }) => {
    await lp.open(lesson.slug);
    await expect(lp.editor).toBeAttached();
    await expectNoSidewaysScroll(page, 'a lesson at 200 %');
    const editor = page.locator('.monaco-editor').first();
    await editor.scrollIntoViewIfNeeded();
    await expect(editor).toBeVisible();
    const lineHeight = await page.locator('.monaco-editor .view-line').first().evaluate((el) => el.getBoundingClientRect().height);
    const height = (await page.locator('.monaco-editor .monaco-scrollable-element').first().boundingBox())!.height;
    expect(height / lineHeight, `the editor has room for ${Math.floor(height / lineHeight)} lines`).toBeGreaterThanOrEqual(10);
    expect(height, 'the whole editor fits the window').toBeLessThanOrEqual(450);

    const marker = '// typed at 200 % zoom';
    await lp.typeAtEnd(`\n${marker}\n`);
    await expect.poll(() => lp.visibleCode()).toContain(marker);
    await lp.button('Run').scrollIntoViewIfNeeded();
    await lp.button('Run').click();
    await expect(lp.output).toContainText(lesson.meta.exercise.runOutput, { timeout: 60_000 });
    await lp.button('Stop').click();
    await lp.button('Reset').click();
    await lp.confirm('Reset files');
  });
});
