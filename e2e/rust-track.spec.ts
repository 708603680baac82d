import { expect, lessonsUnderTest, test, type LessonPage } from './fixtures.ts';

/**
 * The Rust track, in a real Chromium against `npm start` with real cargo (Debian's crates in CI).
 * For lessons whose exercise needs no crates beyond std (fast to build on a cold runner): a compile
 * error shows as a marker and in the Problems list, Check fails on the starter, typing the solution
 * makes it pass, the edit survives a reload, and the TypeScript track keeps its own files.
 */
const LESSONS = ['13-rust-wasm', '08-newtypes', '00-why-rust'];
// A cold runner compiles the lesson crate (and its test binaries) for the first time.
const FIRST_BUILD_MS = 180_000;

function rustTab(lp: LessonPage) {
  return lp.page.getByRole('tablist', { name: 'Track' }).getByRole('tab', { name: 'Rust' });
}

for (const lesson of lessonsUnderTest().filter((l) => LESSONS.includes(l.id))) {
  const exercise = lesson.rustExercise!;
  const libSolution = exercise.solution['src/lib.rs']!;
  const firstLine = (text: string) => text.split('\n').find((l) => l.trim() !== '')!.trim();
  const libStarterFirst = firstLine(exercise.starter['src/lib.rs']!);
  const tsFirst = firstLine(lesson.starter[lesson.meta.exercise.open[0]!]!);

  test(`Rust track of ${lesson.id}: marker for a compile error, starter fails, typed fix passes, survives reload`, async ({ lessonPage: lp, page }) => {
    test.setTimeout(FIRST_BUILD_MS + 180_000);
    await lp.open(lesson.slug);
    await expect(lp.badge).toContainText('Local runner');
    const tabs = page.getByRole('tablist', { name: 'Track' });
    await expect(tabs.getByRole('tab', { name: 'TypeScript' })).toHaveAttribute('aria-selected', 'true');
    await rustTab(lp).click();
    await expect(rustTab(lp)).toHaveAttribute('aria-selected', 'true');
    await expect(lp.editor).toBeAttached();
    await expect.poll(() => lp.visibleCode()).toContain(libStarterFirst);

    // Check on the starter: fails, with counts from libtest.
    await lp.button('Check').click();
    await expect(lp.checkResult).toContainText(/\d+ passed, [1-9]\d* failed/, { timeout: FIRST_BUILD_MS });

    // A type error typed at the end of src/lib.rs: listed in Problems and marked in the editor.
    const problems = page.getByRole('list', { name: 'Problems' });
    await lp.typeAtEnd('\npub fn broken() -> u32 { "not a number" }');
    await expect(problems.getByRole('listitem').filter({ hasText: /src\/lib\.rs:\d+:\d+/ }).filter({ hasText: 'E0308' })).toHaveCount(1, {
      timeout: 60_000,
    });
    await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeVisible();

    // The fix: the solution's src/lib.rs typed over the file; Problems empties of errors, Check passes.
    await lp.editor.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(libSolution);
    await expect(problems.getByRole('listitem').filter({ hasText: 'error' })).toHaveCount(0, { timeout: 60_000 });
    await lp.button('Check').click();
    await expect(lp.checkResult).toContainText(/[1-9]\d* passed, 0 failed/, { timeout: 90_000 });

    if (lesson.id === LESSONS[0]) {
      await lp.button('Run').click();
      await expect(lp.output).toContainText(exercise.meta.runOutput, { timeout: 90_000 });
    }

    // Reload: the Rust edits are still there; the TypeScript track kept its own starter files.
    await page.reload();
    await rustTab(lp).click();
    await expect(lp.editor).toBeAttached();
    // The last line the solution has and the starter has not: proof the typed text is what is shown.
    const starterLines = new Set(exercise.starter['src/lib.rs']!.split('\n').map((l) => l.trim()));
    const lastSolutionLine = libSolution
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 3 && !starterLines.has(l))
      .pop()!;
    await expect.poll(() => lp.codeAtEnd()).toContain(lastSolutionLine);
    await tabs.getByRole('tab', { name: 'TypeScript' }).click();
    await expect.poll(() => lp.visibleCode()).toContain(tsFirst);

    // Reset on the Rust track brings the starter back.
    await rustTab(lp).click();
    await lp.button('Reset').click();
    await lp.confirm('Reset files');
    await expect.poll(() => lp.codeAtEnd()).not.toContain(lastSolutionLine);
  });
}
