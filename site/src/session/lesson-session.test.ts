import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunner, type RunningRunner } from '../../../runner/server.ts';
import { contractLesson } from '../runtime/contract/contract-lesson.ts';
import { CONTRACT_LESSON_ID, contractProject } from '../runtime/contract/contract-project.ts';
import { LocalRunnerRuntime } from '../runtime/local-runner-runtime.ts';
import type { Runtime } from '../runtime/types.ts';
import { withLiveProgress } from './persistence.ts';
import { LessonSession, type SessionLesson } from './lesson-session.ts';
import { createMemoryStorage } from './memory-storage.ts';

// The session drives a real local runner; only the browser's storage is an in-memory Storage here
// (the e2e tests cover IndexedDB in Chromium).

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
    const storage = createMemoryStorage();
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
    const storage = createMemoryStorage();
    const session = new LessonSession(lesson, async () => runtime, storage);
    await session.load();
    await session.runCheck();
    expect(session.check.get()).toMatchObject({ state: 'done', report: { passed: 1, failed: 1 } });
    expect(session.output.get()).toContain('$ node --test --test-reporter=tap');

    await session.showSolution();
    await session.runCheck();
    expect(session.check.get()).toMatchObject({ state: 'done', report: { passed: 2, failed: 0 } });
    expect((await storage.loadProgress())[CONTRACT_LESSON_ID]).toBe('completed-with-solution');
  });

  it('marks a check result out of date once the code is edited, and a new check clears it', async () => {
    const session = new LessonSession(lesson, async () => runtime, createMemoryStorage());
    await session.load();
    await session.runCheck();
    expect(session.check.get()).toMatchObject({ state: 'done' });
    expect(session.check.get()).not.toHaveProperty('stale');
    session.edit('src/mode.js', "export const mode = 'exit-3';\n");
    expect(session.check.get()).toMatchObject({ state: 'done', stale: true });
    await session.runCheck();
    expect(session.check.get()).not.toHaveProperty('stale');
  });

  it('marks an error verdict (no runtime) out of date after an edit', async () => {
    const session = new LessonSession(lesson, async () => ({ error: 'cannot reach the local runner' }), createMemoryStorage());
    await session.load();
    await session.runCheck();
    expect(session.check.get()).toMatchObject({ state: 'error' });
    session.edit('src/mode.js', '// changed\n');
    expect(session.check.get()).toMatchObject({ state: 'error', stale: true });
  });

  describe('progress tells the truth', () => {
    // A lesson the learner can solve by editing src/ (its test is lesson-owned).
    const answerLesson: SessionLesson = {
      ...lesson,
      starter: {
        'package.json': contractProject['package.json']!,
        'src/answer.js': 'export const answer = 3;\n',
        'test/answer.test.js': "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { answer } from '../src/answer.js';\ntest('answer', () => assert.equal(answer, 2, 'the answer is two'));\n",
      },
      solution: { 'src/answer.js': 'export const answer = 2;\n' },
    };
    const fresh = () => {
      const live = withLiveProgress(createMemoryStorage());
      return { live, session: new LessonSession(answerLesson, async () => runtime, live.storage) };
    };

    it('a pass with the learner\'s own code shows at once in the live store, and survives Show solution later', async () => {
      const { live, session } = fresh();
      await session.load();
      session.edit('src/answer.js', 'export const answer = 1 + 1;\n');
      await session.flush();
      expect(live.progress.get()[CONTRACT_LESSON_ID]).toBe('started');
      await session.runCheck();
      await expect.poll(() => live.progress.get()[CONTRACT_LESSON_ID]).toBe('completed');
      await session.showSolution();
      await session.runCheck();
      expect(session.check.get()).toMatchObject({ state: 'done', report: { passed: 1, failed: 0 } });
      expect(live.progress.get()[CONTRACT_LESSON_ID]).toBe('completed');
    });

    it('Show solution then Check is a pass "with the solution shown", also after a reload', async () => {
      const { live, session } = fresh();
      await session.load();
      await session.showSolution();
      const again = new LessonSession(answerLesson, async () => runtime, live.storage);
      await again.load();
      await again.runCheck();
      await expect.poll(() => live.progress.get()[CONTRACT_LESSON_ID]).toBe('completed-with-solution');
    });

    it('Reset takes away "in progress" but not a pass', async () => {
      const { live, session } = fresh();
      await session.load();
      session.edit('src/answer.js', '// started\n');
      await session.flush();
      await session.reset();
      expect(live.progress.get()[CONTRACT_LESSON_ID]).toBeUndefined();
      expect(await live.storage.loadProgress()).toEqual({});
      await live.storage.setProgress(CONTRACT_LESSON_ID, 'completed');
      await session.reset();
      expect(live.progress.get()[CONTRACT_LESSON_ID]).toBe('completed');
    });
  });

  it('reset brings back the starter and forgets the saved copy', async () => {
    const storage = createMemoryStorage();
    const session = new LessonSession(lesson, async () => runtime, storage);
    await session.load();
    session.edit('src/mode.js', '// mine\n');
    await session.flush();
    await session.reset();
    expect(session.files.get()).toEqual(contractProject);
    expect(await storage.loadLesson(CONTRACT_LESSON_ID)).toBeUndefined();
  });

  it('explains a syntax error instead of running broken code', async () => {
    const session = new LessonSession({ ...lesson, starter: { ...contractProject, 'src/broken.ts': 'const x: = 1;' } }, async () => runtime, createMemoryStorage());
    await session.load();
    await session.runCheck();
    expect(session.check.get()).toMatchObject({ state: 'error' });
    expect(session.output.get()).toMatch(/Syntax error in src\/broken\.ts:1:\d+: /);
    expect(session.output.get()).not.toContain('Error transforming');
  });

  it('says why nothing runs when no runtime is available', async () => {
    const session = new LessonSession(lesson, async () => ({ error: 'WebContainer could not start.' }), createMemoryStorage());
    await session.load();
    await session.run();
    expect(session.output.get()).toContain('WebContainer could not start.');
    expect(session.processes.get().run).toBe(false);
  });

  it('shows the preview while the server runs and clears it after Stop', async () => {
    const session = new LessonSession(lesson, async () => runtime, createMemoryStorage());
    await session.load();
    const running = session.run();
    await expect.poll(() => session.preview.get(), { timeout: 15_000 }).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/preview\/[\w-]+\/$/);
    await session.stop();
    await running;
    expect(session.preview.get()).toBeNull();
    expect(session.output.get()).toMatch(/stopped/);
  });

  it('saves only the learner\'s changes: back at the starter nothing is kept, and tests come from the lesson', async () => {
    const storage = createMemoryStorage();
    const session = new LessonSession(lesson, async () => runtime, storage);
    await session.load();
    session.edit('src/mode.js', '// mine\n');
    session.edit('test/contract.test.js', '// tests are not the learner\'s to change\n');
    await session.flush();
    expect(Object.keys((await storage.loadLesson(CONTRACT_LESSON_ID))!.files)).toEqual(['src/mode.js']);

    // A lesson update that fixes a test reaches learners who had saved work.
    const updated = { ...lesson, starter: { ...contractProject, 'test/contract.test.js': '// fixed test\n' } };
    const next = new LessonSession(updated, async () => runtime, storage);
    await next.load();
    expect(next.files.get()['test/contract.test.js']).toBe('// fixed test\n');
    expect(next.files.get()['src/mode.js']).toBe('// mine\n');

    next.edit('src/mode.js', contractProject['src/mode.js']!);
    await next.flush();
    expect(await storage.loadLesson(CONTRACT_LESSON_ID)).toBeUndefined();
  });

  it('drops a check result computed for files that Reset replaced', async () => {
    const session = new LessonSession(lesson, async () => runtime, createMemoryStorage());
    await session.load();
    const checking = session.runCheck();
    await session.reset();
    await checking;
    expect(session.check.get()).toEqual({ state: 'idle' });
  });

  it('Stop pressed while the project is still being started starts nothing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let runs = 0;
    // The real runtime, counting how often a process is asked for.
    const counting: Runtime = Object.assign(Object.create(runtime) as Runtime, {
      run: (...args: Parameters<Runtime['run']>) => {
        runs++;
        return runtime.run(...args);
      },
    });
    const session = new LessonSession(lesson, async () => { await gate; return counting; }, createMemoryStorage());
    await session.load();
    const running = session.run();
    await session.stop();
    release();
    await running;
    expect(runs).toBe(0);
    expect(session.processes.get().run).toBe(false);
    expect(session.output.get()).toContain('stopped before it started');
  });
});
