import { describe, expect, it } from 'vitest';
import type { Environment, ProgressEvent } from '../../../../../labs/index.ts';
import type { LabRunEvent } from '../../../../../contracts/lab-protocol.ts';
import { RUNNER_NAME, type RunnerInfo } from '../../../../../contracts/runner-protocol.ts';
import type { RunRequest } from './run-plan.ts';
import { describeRunnerChoice } from './runner-choice.ts';
import { labRequestFor, runOnRunner } from './runner-host.ts';

const request: RunRequest = {
  profile: 'quick',
  io: { requests: 6, latencyMs: 1, poolSize: 2 },
  workloads: ['fnv1a', 'io-http', 'yours-fnv1a'],
  excluded: ['fnv1a::AssemblyScript'],
  edited: { kernels: ['fnv1a'], size: 'small' },
};

const environment = { runtime: 'node', userAgent: 'node v20.20.2 (linux x64)', cores: 2 } as Environment;

/** A fetch whose /api/lab/runs answers with these NDJSON lines, and which records the calls. */
function fakeRunner(lines: LabRunEvent[]) {
  const calls: string[] = [];
  const fetchImpl = (async (url: URL | string) => {
    calls.push(new URL(url).pathname);
    if (new URL(url).pathname.endsWith('/stop')) return new Response(JSON.stringify({ stopped: true }));
    return new Response(lines.map((l) => `${JSON.stringify(l)}\n`).join(''), { headers: { 'content-type': 'application/x-ndjson' } });
  }) as typeof fetch;
  return { calls, connection: { origin: 'http://127.0.0.1:4310', token: () => 'tok', fetch: fetchImpl } };
}

describe('the runner host', () => {
  it('sends the engine workloads with the approaches left ticked, and leaves the edited kernels in the page', () => {
    expect(labRequestFor(request)).toEqual({
      profile: 'quick',
      io: { requests: 6, latencyMs: 1, poolSize: 2 },
      workloads: [
        { id: 'io-http', approaches: ['sequential', 'Promise.all', 'bounded pool k=2'] },
        { id: 'fnv1a', approaches: ['JS', 'Rust Wasm', 'Rust Wasm SIMD', 'native'] },
      ],
    });
  });

  it('passes the engine events on and resolves with the report of the done event', async () => {
    const report = { schemaVersion: 1, environment, results: [], aborted: false } as unknown as Extract<ProgressEvent, { type: 'done' }>['report'];
    const { connection } = fakeRunner([{ type: 'environment', environment }, { type: 'done', report }]);
    const seen: string[] = [];
    const handle = runOnRunner(request, (e) => seen.push(e.type), connection);
    await expect(handle.done).resolves.toEqual(report);
    expect(seen).toEqual(['environment', 'done']);
  });

  it('fails with the runner’s reason when the job fails', async () => {
    const { connection } = fakeRunner([{ type: 'environment', environment }, { type: 'failed', message: 'cargo exploded' }]);
    await expect(runOnRunner(request, () => {}, connection).done).rejects.toThrow('cargo exploded');
  });

  it('after Cancel, asks the runner to stop and keeps what finished when no report comes', async () => {
    const { connection, calls } = fakeRunner([{ type: 'environment', environment }, { type: 'failed', message: 'stopped' }]);
    const handle = runOnRunner(request, () => {}, connection);
    handle.cancel();
    const report = await handle.done;
    expect(report.aborted).toBe(true);
    expect(report.environment.runtime).toBe('node');
    expect(calls).toContain('/api/lab/runs/stop');
  });

  it('says why the option is off: no runner, a wrong token, a runner without the lab; and what it offers', () => {
    expect(describeRunnerChoice({ state: 'absent' })).toMatchObject({ available: false, reason: expect.stringContaining('not served by the local runner') });
    expect(describeRunnerChoice({ state: 'unauthorized', error: 'wrong token' })).toMatchObject({ available: false, reason: expect.stringContaining('token') });
    const info = { runner: RUNNER_NAME, node: 'v20.20.2' } as RunnerInfo;
    expect(describeRunnerChoice({ state: 'ok', info })).toMatchObject({ available: false, reason: expect.stringContaining('no benchmark endpoint') });
    const capabilities = { workers: { available: true }, sharedMemory: { available: true }, http: { available: true }, native: { available: false, reason: 'cargo not found on PATH' } };
    expect(describeRunnerChoice({ state: 'ok', info: { ...info, lab: { available: true, capabilities, timeLimitMs: 1 } } })).toMatchObject({
      available: true,
      note: expect.stringContaining('native Rust skipped: cargo not found on PATH'),
    });
  });
});
