import { afterAll, describe, expect, it } from 'vitest';
import { LocalRunnerRuntime } from './local-runner-runtime.ts';
import type { RunExit } from '../../../contracts/project.ts';
import { expectCleanRunRoot, project, psRunLines, startTestRunner, testLesson, type TestRunner } from '../../../runner/test-support.ts';

/**
 * The runner goes away while a page is open: the page's runtime (the real client, against real
 * runners on one port) says what happened, keeps trying, and is ready again when a runner is back.
 * With the same token (kept across restarts by token-store.ts) it heals by itself; with a new token
 * it says so, and heals once the page holds the new token (opening the new URL in any tab).
 */
const lesson = testLesson('97-restart', { timeouts: { run: 120 } });
const runRoots: string[] = [];
let current: TestRunner | undefined;

afterAll(async () => {
  await current?.close();
  for (const root of runRoots) {
    const left = await expectCleanRunRoot(root);
    expect(left, `left behind:\n${psRunLines()}`).toEqual({ processes: [], dirs: [] });
  }
});

async function startOn(port: number, token: string) {
  current = await startTestRunner([lesson], { port, token });
  runRoots.push(current.runRoot);
  return current;
}

describe('the runner restarts while a page is open', () => {
  it('the page reports the lost runner, the stopped run, and reconnects (same token, then a new one)', { timeout: 90_000 }, async () => {
    const tokenA = 'restart-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    const first = await startOn(0, tokenA);
    const port = first.runner.port;
    let pageToken: string | null = tokenA;
    const runtime = new LocalRunnerRuntime(`http://127.0.0.1:${port}/`, () => pageToken, undefined, { heartbeatMs: 300, reconnectMs: 200 });
    await runtime.boot();
    expect(runtime.status.get()).toMatchObject({ state: 'ready' });

    // A run is going on when the runner stops.
    await runtime.mount({ lessonId: lesson.id, files: project(`console.log('working'); setInterval(() => {}, 1000);`) });
    let output = '';
    const handle = await runtime.run(lesson.id, 'run', { onOutput: (c) => (output += c) }, { timeoutSeconds: 60 });
    await expect.poll(() => output, { timeout: 20_000 }).toContain('working');
    await first.close();
    current = undefined;
    const exit: RunExit = await handle.exit;
    expect(exit.reason).toBe('error');
    expect(exit.message).toMatch(/runner/);
    await expect.poll(() => runtime.status.get().state, { timeout: 10_000 }).toBe('failed');
    expect(runtime.status.get()).toMatchObject({ message: expect.stringMatching(/Lost the connection/), remedy: expect.stringMatching(/edits are kept/) });

    // Back on the same port with the same token: ready again, and it says the runner restarted.
    await startOn(port, tokenA);
    await expect.poll(() => runtime.status.get().state, { timeout: 20_000 }).toBe('ready');
    expect(runtime.status.get()).toMatchObject({ message: expect.stringMatching(/restarted/) });
    output = '';
    await runtime.mount({ lessonId: lesson.id, files: project(`console.log('after restart')`) });
    const again = await runtime.run(lesson.id, 'run', { onOutput: (c) => (output += c) }, { timeoutSeconds: 60 });
    expect(await again.exit).toMatchObject({ code: 0 });
    expect(output).toContain('after restart');

    // Restarted with a new token: the page says its token is refused and what to do.
    await current!.close();
    const tokenB = 'restart-token-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
    await startOn(port, tokenB);
    await expect.poll(() => runtime.status.get(), { timeout: 20_000 }).toMatchObject({ state: 'failed', message: expect.stringMatching(/access token/), remedy: expect.stringMatching(/\?token=/) });
    // The learner opens the new URL (in this or another tab): the page now holds the new token.
    pageToken = tokenB;
    await expect.poll(() => runtime.status.get().state, { timeout: 20_000 }).toBe('ready');
    runtime.dispose();
  });
});
