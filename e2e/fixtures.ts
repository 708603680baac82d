import path from 'node:path';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { loadLessonSources, type LessonSource } from '../contracts/lesson-loader.ts';

import { E2E_TOKEN } from './constants.ts';

export { E2E_TOKEN };

export function lessonsUnderTest(): LessonSource[] {
  const dir = process.env.WORKBOOK_LESSONS_DIR ? path.resolve(process.env.WORKBOOK_LESSONS_DIR) : path.resolve('lessons');
  return loadLessonSources(dir);
}

/** A lesson page as a learner sees it, found by roles and accessible names. */
export class LessonPage {
  readonly editor: Locator;
  readonly output: Locator;
  readonly checkResult: Locator;
  readonly badge: Locator;

  constructor(readonly page: Page) {
    this.editor = page.getByRole('textbox', { name: 'Editor' });
    this.output = page.getByRole('log', { name: 'Output' });
    this.checkResult = page.getByRole('status', { name: 'Check result' });
    this.badge = page.getByTestId('runtime-badge');
  }

  async open(slug: string, query = '') {
    await this.page.goto(`/lessons/${slug}?token=${E2E_TOKEN}${query ? `&${query}` : ''}`);
    await expect(this.page.getByRole('heading', { level: 1 })).toBeVisible();
  }

  button(name: 'Run' | 'Stop' | 'Check' | 'Reset' | 'Show solution') {
    return this.page.getByRole('button', { name, exact: true });
  }

  /** The last lines of the current file as Monaco renders them (it renders only what is in view). */
  async codeAtEnd(): Promise<string> {
    await this.editor.focus();
    await this.page.keyboard.press('Control+End');
    return this.visibleCode();
  }

  /** The text Monaco renders for the current file, with its non-breaking spaces made plain. */
  async visibleCode(): Promise<string> {
    const text = await this.page.locator('.monaco-editor .view-lines').innerText();
    return text.replace(/\u00a0/g, ' ');
  }

  async typeAtEnd(text: string) {
    await expect(this.editor).toBeAttached();
    await this.editor.focus();
    await this.page.keyboard.press('Control+End');
    await this.page.keyboard.press('End');
    await this.page.keyboard.type(text);
  }

  async confirm(dialogButton: string) {
    const dialog = this.page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: dialogButton }).click();
    await expect(dialog).toBeHidden();
  }

  async check(): Promise<string> {
    await this.button('Check').click();
    await expect(this.checkResult).toContainText(/\d+ passed, \d+ failed/, { timeout: 60_000 });
    return (await this.checkResult.textContent()) ?? '';
  }
}

export const test = base.extend<{ lessonPage: LessonPage }>({
  lessonPage: async ({ page }, use) => {
    await use(new LessonPage(page));
  },
});

export { expect };
