import { describe, expect, it } from 'vitest';
import { type EditChannel, type SavedMessage, type WorkbookStorage } from './persistence.ts';
import { LessonSession, type SessionLesson } from './lesson-session.ts';
import { createMemoryStorage } from './memory-storage.ts';

// Two tabs of one browser: one storage (as IndexedDB is shared), and a channel hub standing in for
// BroadcastChannel (which, like the real one, does not deliver a tab's message to itself).
function browser(): () => WorkbookStorage {
  const base = createMemoryStorage();
  const listeners = new Set<(m: SavedMessage) => void>();
  return () => ({
    ...base,
    openChannel(): EditChannel {
      let mine: ((m: SavedMessage) => void) | undefined;
      return {
        post: (m) => {
          for (const l of listeners) if (l !== mine) l(structuredClone(m));
        },
        onMessage: (l) => {
          mine = l;
          listeners.add(l);
        },
        close: () => void (mine && listeners.delete(mine)),
      };
    },
  });
}

const lesson: SessionLesson = {
  id: '99-tabs',
  starter: { 'src/a.ts': 'export const a = 1;\n', 'test/a.test.ts': 'test\n', 'package.json': '{}' },
  solution: { 'src/a.ts': 'export const a = 2;\n' },
  timeouts: { run: 5, check: 5 },
  scripts: { run: 'node src/a.js', check: 'node --test' },
};
const noRuntime = async () => ({ error: 'no runtime in this test' });

describe('two tabs of one lesson', () => {
  it('a tab hears that the other saved different files, and can load them', async () => {
    const tab = browser();
    const first = new LessonSession(lesson, noRuntime, tab());
    const second = new LessonSession(lesson, noRuntime, tab());
    await first.load();
    await second.load();
    first.edit('src/a.ts', 'export const a = 10;\n');
    await first.flush();
    expect(first.otherTab.get()).toBeNull();
    expect(second.otherTab.get()).toMatchObject({ files: { 'src/a.ts': 'export const a = 10;\n' } });
    second.loadTheirs();
    expect(second.files.get()['src/a.ts']).toBe('export const a = 10;\n');
    expect(second.otherTab.get()).toBeNull();
  });

  it('Keep mine saves this tab\'s files, and then the other tab hears of it', async () => {
    const tab = browser();
    const storage = tab();
    const first = new LessonSession(lesson, noRuntime, storage);
    const second = new LessonSession(lesson, noRuntime, tab());
    await first.load();
    await second.load();
    first.edit('src/a.ts', 'export const a = 10;\n');
    await first.flush();
    second.edit('src/a.ts', 'export const a = 20;\n');
    expect(second.otherTab.get()).not.toBeNull();
    await second.keepMine();
    expect(second.otherTab.get()).toBeNull();
    expect((await storage.loadLesson(lesson.id))?.files['src/a.ts']).toBe('export const a = 20;\n');
    expect(first.otherTab.get()).toMatchObject({ files: { 'src/a.ts': 'export const a = 20;\n' } });
  });

  it('a tab that was only looked at never overwrites the other tab\'s save (page hidden, closed)', async () => {
    const tab = browser();
    const storage = tab();
    const idle = new LessonSession(lesson, noRuntime, storage);
    const busy = new LessonSession(lesson, noRuntime, tab());
    await idle.load();
    await busy.load();
    busy.edit('src/a.ts', 'export const a = 30;\n');
    await busy.flush();
    await idle.flush();
    idle.dispose();
    expect((await storage.loadLesson(lesson.id))?.files['src/a.ts']).toBe('export const a = 30;\n');
  });

  it('says nothing when the other tab saved what this one has, or saved another track', async () => {
    const tab = browser();
    const first = new LessonSession(lesson, noRuntime, tab());
    const second = new LessonSession(lesson, noRuntime, tab());
    const other = new LessonSession({ ...lesson, id: '98-other' }, noRuntime, tab());
    await Promise.all([first.load(), second.load(), other.load()]);
    first.edit('src/a.ts', 'export const a = 5;\n');
    second.edit('src/a.ts', 'export const a = 5;\n');
    await first.flush();
    expect(second.otherTab.get()).toBeNull();
    expect(other.otherTab.get()).toBeNull();
  });

  it('Reset in one tab is heard in the other as the starter', async () => {
    const tab = browser();
    const first = new LessonSession(lesson, noRuntime, tab());
    const second = new LessonSession(lesson, noRuntime, tab());
    await first.load();
    first.edit('src/a.ts', 'export const a = 10;\n');
    await first.flush();
    await second.load();
    await first.reset();
    expect(second.otherTab.get()).toMatchObject({ files: { 'src/a.ts': 'export const a = 1;\n' } });
  });
});
