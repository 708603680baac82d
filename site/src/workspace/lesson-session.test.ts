import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunner, type RunningRunner } from '../../../runner/server.ts';
import { contractLesson } from '../runtime/contract/contract-lesson.ts';
import { CONTRACT_LESSON_ID, contractProject } from '../runtime/contract/contract-project.ts';
import { LocalRunnerRuntime } from '../runtime/local-runner-runtime.ts';
import { createLocalStorageStorage } from './persistence.ts';
import { LessonSession, type SessionLesson } from './lesson-session.ts';

// The session drives a real local runner; only the browser's storage is an in-memory Storage here
// (the e2e tests cover IndexedDB in Chromium).
function memoryStorage() {
  const map = new Map<string, string>();
  return createLocalStorageStorage({
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  });
}

const lesson: SessionLesson = {
  id: CONTRACT_LESSON_ID,
  starter: contractProject,
  solution: { 'test/contract.test.js': contractProject['test/contract.test.js']!.replace('1 + 1, 3', '1 + 1, 2') },
  timeouts: { run: 30, check: 30 },
  scripts: contractLesson.scripts,
};

describe('LessonSession', () => {
  let runner: RunningRunner;
  let runtime: LocalRunnerRuntime;
  beforeAll(async () => {
    runner = await startRunner({ host: '127.0.0.1', port: 0, token: 't', distDir: null, lessons: [contractLesson], nodeModulesDir: path.resolve('node_modules'), version: 'test' });
    runtime = new LocalRunnerRuntime(runner.url, 't');
    await runtime.boot();
  });
  afterAll(() => runner.close());

  it('restores saved edits in a new session and marks the lesson started', async () => {
    const storage = memoryStorage();
    const first = new LessonSession(lesson, async () => runtime, storage);
    await first.load();
    expect(first.restored.get()).toBe(false);
    first.edit('src/mode.js', "export const mode = 'exit-3';\n");
    await first.flush();

    const second = new LessonSession(lesson, async () => runtime, storage);
    await second.load();
    expect(second.restored.get()).toBe(true);
    expect(second.files.get()['src/mode.js']).toContain('exit-3');
    expect(await storage.loadProgress()).toEqual({ [CONTRACT_LESSON_ID]: 'started' });
  });

  it('checks the starter (fails), then the solution (passes, lesson completed)', async () => {
    const storage = memoryStorage();
    const session = new LessonSession(lesson, async () => runtime, storage);
    await session.load();
    await session.runCheck();
    expect(session.check.get()).toMatchObject({ state: 'done', report: { passed: 1, failed: 1 } });
    expect(session.output.get()).toContain('$ node --test --test-reporter=tap');

    await session.showSolution();
    await session.runCheck();
    expect(session.check.get()).toMatchObject({ state: 'done', report: { passed: 2, failed: 0 } });
    expect((await storage.loadProgress())[CONTRACT_LESSON_ID]).toBe('completed');
  });

  it('reset brings back the starter and forgets the saved copy', async () => {
    const storage = memoryStorage();
    const session = new LessonSession(lesson, async () => runtime, storage);
    await session.load();
    session.edit('src/mode.js', '// mine\n');
    await session.flush();
    await session.reset();
    expect(session.files.get()).toEqual(contractProject);
    expect(await storage.loadLesson(CONTRACT_LESSON_ID)).toBeUndefined();
  });

  it('explains a syntax error instead of running broken code', async () => {
    const session = new LessonSession({ ...lesson, starter: { ...contractProject, 'src/broken.ts': 'const x: = 1;' } }, async () => runtime, memoryStorage());
    await session.load();
    await session.runCheck();
    expect(session.check.get()).toMatchObject({ state: 'error' });
    expect(session.output.get()).toMatch(/syntax error[\s\S]*src\/broken\.ts/);
  });

  it('says why nothing runs when no runtime is available', async () => {
    const session = new LessonSession(lesson, async () => ({ error: 'WebContainer could not start.' }), memoryStorage());
    await session.load();
    await session.run();
    expect(session.output.get()).toContain('WebContainer could not start.');
    expect(session.processes.get().run).toBe(false);
  });

  it('shows the preview while the server runs and clears it after Stop', async () => {
    const session = new LessonSession(lesson, async () => runtime, memoryStorage());
    await session.load();
    const running = session.run();
    await expect.poll(() => session.preview.get(), { timeout: 15_000 }).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await session.stop();
    await running;
    expect(session.preview.get()).toBeNull();
    expect(session.output.get()).toMatch(/stopped/);
  });
});
