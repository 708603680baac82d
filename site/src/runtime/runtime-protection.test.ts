import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunner } from '../../../runner/server.ts';
import { contractLesson } from './contract/contract-lesson.ts';
import { describeProtection, LocalRunnerRuntime } from './local-runner-runtime.ts';
import type { RunnerInfo } from '../../../contracts/runner-protocol.ts';

// The badge says whether runs are sandboxed, from the real runner's /api/info on this machine.
describe('the runtime badge names the sandbox', () => {
  let runner: Awaited<ReturnType<typeof startRunner>>;
  beforeAll(async () => {
    runner = await startRunner({
      host: '127.0.0.1',
      port: 0,
      token: 'badge-token',
      distDir: null,
      lessons: [contractLesson],
      nodeModulesDir: path.resolve('node_modules'),
      version: 'test',
    });
  });
  afterAll(() => runner.close());

  it('the ready message says sandboxed or no sandbox, and the details say what holds', async () => {
    const runtime = new LocalRunnerRuntime(runner.url, 'badge-token');
    await runtime.boot();
    const status = runtime.status.get();
    runtime.dispose();
    expect(status.state).toBe('ready');
    if (status.state !== 'ready') return;
    expect(status.message).toMatch(/on this machine · (sandboxed|no sandbox)$/);
    expect(status.details).toMatch(/bubblewrap|No sandbox \(/);
    expect(status.details).toMatch(/Memory and process limits/);
  });
});

describe('describeProtection', () => {
  const base = { seatBelts: { sandbox: { kind: 'none', reason: 'bubblewrap (bwrap) is not installed', install: 'apt-get install bubblewrap' } } } as unknown as RunnerInfo;
  it('says why there is no sandbox and how to get one', () => {
    expect(describeProtection(base)).toContain('No sandbox (bubblewrap (bwrap) is not installed)');
    expect(describeProtection(base)).toContain('apt-get install bubblewrap');
  });
  it('says what ends the processes a run leaves behind when there is no sandbox', () => {
    const withReaper = { seatBelts: { ...base.seatBelts, reaper: { kind: 'subreaper', syscall: 157 } } } as unknown as RunnerInfo;
    expect(describeProtection(withReaper)).toContain('caught by a subreaper');
    const without = { seatBelts: { ...base.seatBelts, reaper: { kind: 'none', reason: 'no /usr/bin/perl' } } } as unknown as RunnerInfo;
    expect(describeProtection(without)).toContain('may outlive it (no /usr/bin/perl)');
  });
  it('is silent for a runner that does not report its seat belts', () => {
    expect(describeProtection({} as RunnerInfo)).toBeUndefined();
  });
});
