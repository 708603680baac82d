import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunner, type RunningRunner } from '../../../runner/server.ts';
import { contractLesson } from '../runtime/contract/contract-lesson.ts';
import { CONTRACT_LESSON_ID, contractProject } from '../runtime/contract/contract-project.ts';
import { LocalRunnerRuntime } from '../runtime/local-runner-runtime.ts';
import { LessonSession, type SessionLesson } from './lesson-session.ts';
import { createLocalStorageStorage } from './persistence.ts';
import { PASS_TIMES_KEY, withPassTimes } from './pass-times.ts';

function memory() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}

describe('withPassTimes', () => {
  it('stamps a passing mark with the time, not a started one, and remembers it', async () => {
    const ls = memory();
    const { storage, passTimes } = withPassTimes(createLocalStorageStorage(ls), ls, () => 42);
    await storage.setProgress('a', 'started');
    expect(passTimes.store.get()).toEqual({});
    await storage.setProgress('a', 'completed');
    await storage.setProgress('a:rust', 'completed-with-solution');
    expect(passTimes.store.get()).toEqual({ a: 42, 'a:rust': 42 });
    expect(JSON.parse(ls.getItem(PASS_TIMES_KEY)!)).toEqual({ a: 42, 'a:rust': 42 });
    expect(await storage.loadProgress()).toEqual({ a: 'completed', 'a:rust': 'completed-with-solution' });
    expect(withPassTimes(createLocalStorageStorage(ls), ls).passTimes.store.get()).toEqual({ a: 42, 'a:rust': 42 });
  });
});

// The whole path a pass takes: a real local runner, a LessonSession, the stamped storage.
describe('the time of the last pass', () => {
  let runner: RunningRunner;
  let runtime: LocalRunnerRuntime;
  beforeAll(async () => {
    runner = await startRunner({ host: '127.0.0.1', port: 0, token: 't', distDir: null, lessons: [contractLesson], nodeModulesDir: path.resolve('node_modules'), version: 'test' });
    runtime = new LocalRunnerRuntime(runner.url, 't');
    await runtime.boot();
  });
  afterAll(() => runner.close());

  it('moves on with every passing check, also when the lesson was already passed', async () => {
    const ls = memory();
    let clock = 1000;
    const { storage, passTimes } = withPassTimes(createLocalStorageStorage(ls), ls, () => clock);
    const passing = contractProject['test/contract.test.js']!.replace('1 + 1, 3', '1 + 1, 2');
    // A project whose check passes as it is (the tests are the lesson's, not the learner's, to edit).
    const project = { ...contractProject, 'test/contract.test.js': passing };
    const lesson: SessionLesson = { id: CONTRACT_LESSON_ID, starter: project, solution: project, timeouts: { run: 30, check: 30 }, scripts: contractLesson.scripts };
    const session = new LessonSession(lesson, async () => runtime, storage);
    await session.load();
    await session.runCheck();
    expect(session.check.get()).toMatchObject({ state: 'done', report: { failed: 0 } });
    await expect.poll(() => passTimes.store.get()[CONTRACT_LESSON_ID]).toBe(1000);

    clock = 2000;
    await session.runCheck();
    await expect.poll(() => passTimes.store.get()[CONTRACT_LESSON_ID]).toBe(2000);
    expect((await storage.loadProgress())[CONTRACT_LESSON_ID]).toBe('completed');

    // Show solution, pass again: the time moves, the pass earned earlier stays a plain pass.
    clock = 3000;
    await session.showSolution();
    await session.runCheck();
    await expect.poll(() => passTimes.store.get()[CONTRACT_LESSON_ID]).toBe(3000);
    expect((await storage.loadProgress())[CONTRACT_LESSON_ID]).toBe('completed');
    expect(JSON.parse(ls.getItem(PASS_TIMES_KEY)!)).toEqual({ [CONTRACT_LESSON_ID]: 3000 });
  });
});
