import { expect, lessonsUnderTest, test } from './fixtures.ts';

function lastLine(text: string): string {
  return text.trimEnd().split('\n').pop()!.trim();
}

/**
 * For every lesson, the learner's path through it: open by deep link, check the starter (fails),
 * load the solution, edit in Monaco, run it (output and preview), check it (passes), reload and find
 * the edit still there, then reset.
 */
for (const lesson of lessonsUnderTest()) {
  test(`lesson ${lesson.id}: starter fails, solution runs and passes, edits survive reload`, async ({ lessonPage: lp, page }) => {
    await lp.open(lesson.slug);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(lesson.meta.title);
    await expect(lp.badge).toContainText('Local runner');
    await expect(page.getByRole('navigation', { name: 'Lessons' })).toBeVisible();
    await expect(lp.editor).toBeAttached();

    const starterResult = await lp.check();
    expect(starterResult, 'the starter must fail its check').toMatch(/\d+ passed, [1-9]\d* failed/);

    await lp.button('Show solution').click();
    await lp.confirm('Load solution');

    const marker = `// edited in e2e ${Date.now()}`;
    await lp.typeAtEnd(`\n${marker}`);
    await expect.poll(() => lp.visibleCode()).toContain(marker);

    await lp.button('Run').click();
    await expect(lp.output).toContainText(lesson.meta.exercise.runOutput, { timeout: 30_000 });
    if (lesson.meta.exercise.preview) {
      const preview = page.frameLocator('iframe[title="Preview"]');
      await expect(preview.locator('body')).not.toBeEmpty({ timeout: 30_000 });
      await lp.button('Stop').click();
      await expect(page.locator('iframe[title="Preview"]')).toHaveCount(0);
    }
    await expect(lp.button('Run')).toBeEnabled({ timeout: 30_000 });

    const solutionResult = await lp.check();
    expect(solutionResult, 'the solution must pass its check').toMatch(/[1-9]\d* passed, 0 failed/);

    await page.reload();
    await expect(lp.editor).toBeAttached();
    await expect.poll(() => lp.codeAtEnd()).toContain(marker);

    await lp.button('Reset').click();
    await lp.confirm('Reset files');
    await expect.poll(() => lp.codeAtEnd()).not.toContain(marker);
    expect(await lp.codeAtEnd()).toContain(lastLine(lesson.starter[lesson.meta.exercise.open[0]!]!));
  });
}
