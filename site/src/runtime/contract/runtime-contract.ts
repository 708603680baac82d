import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTestReport } from '../../../../contracts/test-report.ts';
import type { RunEvents, Runtime, ScriptName } from '../types.ts';
import { CONTRACT_LESSON_ID, contractProject, withMode } from './contract-project.ts';

/**
 * One behaviour, two runtimes: every Runtime implementation must pass these tests.
 * `setup` returns a booted-or-bootable runtime that knows the contract lesson (contract-project.ts).
 */
export function describeRuntimeContract(name: string, setup: () => Promise<{ runtime: Runtime; teardown(): Promise<void> }>) {
  describe(`Runtime contract: ${name}`, () => {
    let runtime: Runtime;
    let teardown: () => Promise<void>;

    beforeAll(async () => {
      ({ runtime, teardown } = await setup());
    });
    afterAll(async () => {
      runtime.dispose();
      await teardown();
    });

    async function start(script: ScriptName, files = contractProject, timeoutSeconds = 30) {
      await runtime.mount({ lessonId: CONTRACT_LESSON_ID, files });
      let output = '';
      const serverUrls: string[] = [];
      const events: RunEvents = {
        onOutput: (c) => (output += c),
        onServerReady: (url) => serverUrls.push(url),
      };
      const handle = await runtime.run(CONTRACT_LESSON_ID, script, events, { timeoutSeconds });
      return { handle, output: () => output, serverUrls };
    }

    it('boots and publishes a ready status', async () => {
      await runtime.boot();
      expect(runtime.status.get().state).toBe('ready');
      expect(['Local runner', 'WebContainer']).toContain(runtime.label);
    });

    it('runs the run script, streams its output with colours, and reports the served page', async () => {
      const run = await start('run');
      await expect.poll(() => run.serverUrls.length, { timeout: 15_000 }).toBe(1);
      expect(run.output()).toContain('\u001b[32mhello from run');
      const page = await fetch(run.serverUrls[0]!).then((r) => r.text());
      expect(page).toContain('served page');
      await run.handle.stop();
      const exit = await run.handle.exit;
      expect(exit.reason).toBe('stopped');
      // Stop ends the server too: its URL no longer answers (nothing listens, or the runner's 404 for an ended preview).
      const after = await fetch(run.serverUrls[0]!, { signal: AbortSignal.timeout(3000) }).then((r) => r.status, () => 'no answer');
      expect(after === 'no answer' || after === 404, `after Stop: ${after}`).toBe(true);
    });

    it('reports a failing exit code with the process output', async () => {
      const run = await start('run', withMode('exit-3'));
      const exit = await run.handle.exit;
      expect(exit.code).toBe(3);
      expect(exit.reason).toBeUndefined();
      expect(run.output()).toContain('failing on purpose');
    });

    it('runs the check script and its TAP report reads as 1 passed, 1 failed', async () => {
      const run = await start('check');
      const exit = await run.handle.exit;
      expect(exit.code).not.toBe(0);
      const report = parseTestReport(run.output());
      expect(report).toMatchObject({ passed: 1, failed: 1, complete: true });
      expect(report.failures[0]).toMatchObject({ name: 'fails' });
      expect(report.failures[0]!.message).toContain('one plus one is not three');
    });

    it('kills a run that passes its time limit and says so', async () => {
      const run = await start('run', withMode('spin'), 2);
      const exit = await run.handle.exit;
      expect(exit.reason).toBe('timeout');
      expect(exit.message).toMatch(/time limit/);
    });
  });
}
