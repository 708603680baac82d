import { afterAll, describe, expect, it } from 'vitest';
import type { RunnerEvent } from '../contracts/runner-protocol.ts';
import { exitOf, expectCleanRunRoot, liveRun, outputOf, postRun, project, psRunLines, request, startTestRunner, testLesson, type TestRunner } from './test-support.ts';

/**
 * Load: a bounded number of runs at once, a queue whose positions each waiting client is told, 429
 * with Retry-After beyond it, and under all of that every run gets exactly its own output.
 */
const lesson = testLesson('95-load', { timeouts: { run: 120 } });
const runners: TestRunner[] = [];

afterAll(async () => {
  for (const t of runners) {
    await t.close();
    const left = await expectCleanRunRoot(t.runRoot);
    expect(left, `left behind:\n${psRunLines()}`).toEqual({ processes: [], dirs: [] });
  }
});

/** Prints its own id on 100 lines, in several bursts, so that concurrent runs interleave in time. */
const chatty = (id: string) => `
  let n = 0;
  const burst = () => { for (let i = 0; i < 20; i++) console.log('${id} line ' + n++); if (n < 100) setTimeout(burst, 5); };
  burst();
`;
const expected = (id: string) => Array.from({ length: 100 }, (_, i) => `${id} line ${i}\n`).join('');

describe('under load', { timeout: 60_000 }, () => {
  it('50 concurrent runs all complete, each with exactly its own output, never more than the limit at once', { timeout: 180_000 }, async () => {
    const t = await startTestRunner([lesson]);
    runners.push(t);
    const limit = t.runner.info.limits.maxConcurrentRuns;
    expect(t.runner.info.limits.maxQueuedRuns).toBeGreaterThanOrEqual(50 - limit);
    let mostActive = 0;
    const sampler = setInterval(() => (mostActive = Math.max(mostActive, t.runner.manager.activeCount)), 5);
    const ids = Array.from({ length: 50 }, (_, i) => `run-${String(i).padStart(2, '0')}-${Math.random().toString(36).slice(2, 8)}`);
    const results = await Promise.all(ids.map((id) => postRun(t, { lessonId: lesson.id, script: 'run', files: project(chatty(id)) }, {}, 170_000)));
    clearInterval(sampler);
    results.forEach((res, i) => {
      expect(res.status).toBe(200);
      const events = res.events();
      expect(exitOf(events)).toMatchObject({ code: 0, signal: null });
      expect(outputOf(events)).toBe(expected(ids[i]!));
    });
    expect(mostActive).toBeLessThanOrEqual(limit);
    // With 50 at once and a handful of slots, most waited; each was told where it stood.
    const queued = results.map((r) => r.events().filter((e): e is Extract<RunnerEvent, { type: 'queued' }> => e.type === 'queued'));
    expect(queued.filter((q) => q.length > 0).length).toBeGreaterThanOrEqual(50 - limit - 2);
    for (const q of queued) {
      const positions = q.map((e) => e.position);
      expect([...positions].sort((a, b) => b - a)).toEqual(positions); // only ever moves forward
      expect(positions.every((p) => p >= 1)).toBe(true);
    }
    expect(t.runner.manager.finished).toBeGreaterThanOrEqual(50);
  });

  it('beyond the queue it answers 429 with Retry-After; a queued run can be stopped; dropping a stream frees its slot', async () => {
    const t = await startTestRunner([lesson], { limits: { maxConcurrentRuns: 1, maxQueuedRuns: 1 } });
    runners.push(t);
    const forever = project(`console.log('up'); setInterval(() => {}, 1000);`);
    const a = liveRun(t, { lessonId: lesson.id, script: 'run', files: forever });
    await a.waitFor((e) => e.type === 'output');
    const b = liveRun(t, { lessonId: lesson.id, script: 'run', files: forever });
    const bQueued = (await b.waitFor((e) => e.type === 'queued')) as Extract<RunnerEvent, { type: 'queued' }>;
    expect(bQueued.position).toBe(1);

    const c = await postRun(t, { lessonId: lesson.id, script: 'run', files: forever });
    expect(c.status).toBe(429);
    expect(Number(c.headers['retry-after'])).toBeGreaterThan(0);
    expect((c.json() as { error: string }).error).toMatch(/busy/);

    const stop = await request(t.runner.port, { method: 'POST', path: `/api/runs/${bQueued.runId}/stop`, headers: { host: t.host, authorization: `Bearer ${t.token}` } });
    expect(stop.json()).toEqual({ stopped: true });
    const bEvents = await b.done;
    expect(exitOf(bEvents)).toMatchObject({ reason: 'stopped' });
    expect(bEvents.some((e) => e.type === 'started')).toBe(false);

    // Closing A's stream (the page went away) stops A, and the next run gets the slot.
    a.abort();
    await expect.poll(() => t.runner.manager.activeCount, { timeout: 20_000 }).toBe(0);
    const d = await postRun(t, { lessonId: lesson.id, script: 'run', files: project(`console.log('next')`) });
    expect(outputOf(d.events())).toContain('next');
  });
});
