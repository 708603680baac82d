import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { buildSchedule, formatDuration } from '../site/src/features/schedule/schedule.ts';
import { E2E_TOKEN, expect, lessonsUnderTest, LessonPage, test } from './fixtures.ts';

/** Issue 11: progress export/import, instructor notes, the workshop schedule, shortcuts, download and share. */
const lessons = lessonsUnderTest();
const setup = lessons.find((l) => l.id === '01-project-setup') ?? lessons[1]!;
const nextLesson = lessons[lessons.indexOf(setup) + 1]!;
const MARK = '// e2e: a learner edit';

test('Export progress writes the edits; Import progress restores them in a fresh browser, and refuses a broken file', async ({ lessonPage: lp, browser }) => {
  await lp.open(setup.slug);
  await lp.typeAtEnd(`\n${MARK}\n`);
  await lp.page.waitForTimeout(600); // the workspace saves 250 ms after the last keystroke
  await lp.page.goto(`/?token=${E2E_TOKEN}`);
  await expect(lp.page.getByRole('progressbar', { name: 'Progress' })).toBeVisible();
  const downloading = lp.page.waitForEvent('download');
  await lp.page.getByRole('button', { name: 'Export progress' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^workbook-progress-.*\.json$/);
  const text = readFileSync((await download.path())!, 'utf8');
  const file = JSON.parse(text) as { format: string; version: number; progress: Record<string, string>; edits: Record<string, { files: Record<string, string> }> };
  expect(file).toMatchObject({ format: 'rust-backend-workbook-progress', version: 1 });
  expect(file.progress[setup.id]).toBe('started');
  expect(Object.values(file.edits[setup.id]!.files).join('\n')).toContain(MARK);

  // A fresh browser: a broken file is refused and changes nothing; the exported one (marked passed) is taken.
  const other = await browser.newContext();
  const page = await other.newPage();
  await page.goto(`/?token=${E2E_TOKEN}`);
  const input = page.getByTestId('progress-file');
  await page.getByRole('button', { name: 'Import progress' }).waitFor();
  await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(text.slice(0, 40)) });
  await expect(page.getByRole('alert')).toContainText('Nothing was imported: The file is not valid JSON');
  await input.setInputFiles({ name: 'foreign.json', mimeType: 'application/json', buffer: Buffer.from('{"name":"some-app","version":"1.0.0"}') });
  await expect(page.getByRole('alert')).toContainText('This is not a Rust Backend Workbook progress file');
  await expect(page.getByRole('progressbar', { name: 'Progress' })).toHaveAttribute('aria-valuenow', '0');
  const passed = { ...file, progress: { ...file.progress, [setup.id]: 'completed' }, passedAt: { [setup.id]: Date.UTC(2026, 0, 2, 10, 0) } };
  await input.setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(passed)) });
  await expect(page.getByRole('status')).toContainText('Imported: 1 passed track(s)');
  await expect(page.getByRole('progressbar', { name: 'Progress' })).toHaveAttribute('aria-valuenow', '1');
  await expect(page.getByText(`1 of ${lessons.length} lessons passed`)).toBeVisible();
  const b = new LessonPage(page);
  await b.open(setup.slug);
  await expect.poll(() => b.codeAtEnd()).toContain(MARK);
  await other.close();
});

test('Instructor mode shows the notes; Pop out notes follows the main window', async ({ lessonPage: lp }) => {
  await lp.open(setup.slug);
  const mode = lp.page.getByRole('checkbox', { name: 'Instructor mode' });
  await mode.check();
  await expect(lp.page.getByRole('region', { name: 'Instructor notes' })).toBeVisible();
  const [popup] = await Promise.all([lp.page.waitForEvent('popup'), lp.page.getByRole('button', { name: 'Pop out notes' }).click()]);
  await expect(popup.getByRole('heading', { level: 1 }).first()).toContainText(setup.meta.title);
  await lp.page.getByRole('navigation', { name: 'Previous and next lesson' }).getByRole('link', { name: new RegExp(`${nextLesson.meta.title.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).click();
  await expect(lp.page).toHaveURL(new RegExp(`/lessons/${nextLesson.slug}`));
  await expect(popup.getByRole('heading', { level: 1 }).first()).toContainText(nextLesson.meta.title);
  // Remembered: still on after a reload.
  await lp.page.reload();
  await expect(lp.page.getByRole('checkbox', { name: 'Instructor mode' })).toBeChecked();
});

test('/schedule: sessions with start times, breaks and the total; a selection and a start time after noon', async ({ page }) => {
  await page.goto('/schedule');
  await expect(page.getByRole('heading', { name: 'Workshop schedule' })).toBeVisible();
  const table = page.getByRole('table');
  const all = buildSchedule(lessons.map((l) => ({ id: l.id, title: l.meta.title, minutes: l.meta.minutes })), 9 * 60);
  await expect(table.getByRole('row')).toHaveCount(all.sessions.length + 2);
  await expect(table.getByRole('row').nth(1)).toContainText('09:00');
  await expect(page.getByTestId('schedule-total')).toContainText(formatDuration(all.totalMinutes));
  await page.getByRole('button', { name: 'Select none' }).click();
  await expect(page.getByRole('table')).toHaveCount(0);
  for (const l of lessons.slice(0, 3)) await page.getByRole('checkbox', { name: new RegExp(l.meta.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).check();
  await page.getByLabel('Start time').fill('11:30');
  const three = buildSchedule(lessons.slice(0, 3).map((l) => ({ id: l.id, title: l.meta.title, minutes: l.meta.minutes })), 11 * 60 + 30);
  await expect(page.getByTestId('schedule-total')).toContainText(formatDuration(three.totalMinutes));
  await expect(table.getByRole('row').nth(1)).toContainText('11:30');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export as Markdown' }).click();
  const md = readFileSync((await (await downloading).path())!, 'utf8');
  expect(md).toContain('| Start | End | Session | Length |');
  expect(md).toContain(`Total: ${formatDuration(three.totalMinutes)}`);
});

test('Copy share link: a second browser asks, then loads the shared files; a broken link is refused', async ({ lessonPage: lp, browser }) => {
  await lp.open(setup.slug);
  await lp.typeAtEnd(`\n${MARK} (shared)\n`);
  await lp.page.getByRole('button', { name: 'Copy share link' }).click();
  const link = await lp.page.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(link).toMatch(/#share=v1\.[A-Za-z0-9_-]+$/);
  const hash = link.slice(link.indexOf('#'));

  const other = await browser.newContext();
  const b = new LessonPage(await other.newPage());
  await b.page.goto(`/lessons/${setup.slug}?token=${E2E_TOKEN}${hash}`);
  const ask = b.page.getByRole('dialog', { name: 'Load the shared files?' });
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Load shared files' }).click();
  await expect(b.editor).toBeAttached();
  await expect.poll(() => b.codeAtEnd()).toContain(`${MARK} (shared)`);
  expect(b.page.url()).not.toContain('#share=');

  await b.page.goto(`/lessons/${setup.slug}?token=${E2E_TOKEN}#share=v1.not-really-deflate`);
  await expect(b.page.getByRole('alert').filter({ hasText: 'The share link was not loaded' })).toContainText('damaged');
  await expect(b.page.getByRole('dialog', { name: 'Load the shared files?' })).toBeHidden();
  await other.close();
});

test('Ctrl+Enter runs and Ctrl+Shift+Enter checks from inside the editor; ? lists the shortcuts', async ({ lessonPage: lp }) => {
  await lp.open(setup.slug);
  await expect(lp.editor).toBeAttached();
  await lp.editor.focus();
  await lp.page.keyboard.press('Control+Enter');
  await expect(lp.output).toContainText('$ node src/main.js', { timeout: 60_000 });
  await lp.editor.focus();
  await lp.page.keyboard.press('Control+Shift+Enter');
  await expect(lp.checkResult).toContainText(/\d+ passed, \d+ failed/, { timeout: 60_000 });
  await lp.page.getByRole('heading', { level: 1 }).click();
  await lp.page.keyboard.press('?');
  const help = lp.page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Ctrl+Shift+Enter');
});

test('Download project: the zip of the TypeScript track runs its check standalone', async ({ lessonPage: lp }) => {
  await lp.open(setup.slug);
  await lp.button('Show solution').click();
  await lp.confirm('Load solution');
  const downloading = lp.page.waitForEvent('download');
  await lp.page.getByRole('button', { name: 'Download project' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${setup.id}-typescript.zip`);
  const entries = unzipSync(readFileSync((await download.path())!));
  const dir = mkdtempSync(path.join(tmpdir(), 'workbook-zip-'));
  try {
    for (const [name, bytes] of Object.entries(entries)) {
      const to = path.join(dir, name);
      mkdirSync(path.dirname(to), { recursive: true });
      writeFileSync(to, bytes);
    }
    const project = path.join(dir, `${setup.id}-typescript`);
    const pkg = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies.sucrase).toBeDefined();
    // Offline stand-in for `npm install`: the workbook's own node_modules has sucrase and the lessons' dependencies.
    symlinkSync(path.resolve('node_modules'), path.join(project, 'node_modules'), 'dir');
    const out = execFileSync('npm', ['run', 'check'], { cwd: project, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(out).toMatch(/ℹ pass [1-9]\d*/);
    expect(out).toContain('ℹ fail 0');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Download project: the zip of the Rust track is the crate, and cargo test runs in it', async ({ lessonPage: lp }) => {
  test.skip(spawnSync('cargo', ['--version']).status !== 0, 'no cargo on this machine');
  await lp.open(setup.slug, 'track=rust');
  await expect(lp.page.getByRole('tab', { name: 'Rust' })).toHaveAttribute('aria-selected', 'true');
  const downloading = lp.page.waitForEvent('download');
  await lp.page.getByRole('button', { name: 'Download project' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${setup.id}-rust.zip`);
  const entries = unzipSync(readFileSync((await download.path())!));
  const names = Object.keys(entries).map((n) => n.replace(`${setup.id}-rust/`, ''));
  expect(names).toEqual(expect.arrayContaining(['Cargo.toml', 'src/lib.rs']));
  expect(names.some((n) => n.startsWith('tests/'))).toBe(true);
  const dir = mkdtempSync(path.join(tmpdir(), 'workbook-crate-'));
  try {
    for (const [name, bytes] of Object.entries(entries)) {
      const to = path.join(dir, name);
      mkdirSync(path.dirname(to), { recursive: true });
      writeFileSync(to, bytes);
    }
    // The starter's own tests fail until the exercise is done: what matters is that cargo builds and runs them.
    const r = spawnSync('cargo', ['test', '--offline'], { cwd: path.join(dir, `${setup.id}-rust`), encoding: 'utf8', env: { ...process.env, CARGO_TARGET_DIR: path.join(dir, 'target') }, timeout: 240_000 });
    expect(`${r.stdout}${r.stderr}`).toMatch(/test result: (ok|FAILED)\. \d+ passed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
