/**
 * Interleaved measurement: the plan, the rotation, pooling, and how failures and cancelling end a
 * workload's rounds. Sessions here are fakes that return fixed samples (no timing is asserted), except
 * where a real `openLocalSession` is opened on a tiny synthetic kernel.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Platform } from './platform.ts';
import { runBenchmarks } from './runner.ts';
import { measureInterleaved, NATIVE_REWARM_MS, openLocalSession, sliceOrder, slicePlan, thinSorted } from './session.ts';
import { resolveConfig } from './config.ts';
import type { ApproachSession, Approach, PreparedApproach, ProgressEvent, SliceOutcome, SliceRequest, Workload } from './types.ts';

const platform: Platform = {
  name: 'node',
  describe: async () => ({ runtime: 'node', runtimeVersion: 'test', userAgent: 'test', cores: 2, crossOriginIsolated: null, sharedArrayBuffer: true, tools: {} }),
  capabilities: async () => ({
    workers: { available: true },
    sharedMemory: { available: true },
    http: { available: false, reason: 'no server in this test' },
    native: { available: false, reason: 'no native in this test' },
  }),
  createKernelWorker: () => {
    throw new Error('not in this test');
  },
  loadWasm: async () => {
    throw new Error('not in this test');
  },
};

/** A session that answers every slice with `samples` (or an error from slice `failAt` on) and logs calls. */
function fakeSession(name: string, log: string[], samples: number[], failAt?: number): ApproachSession & { requests: SliceRequest[]; closed: number } {
  const requests: SliceRequest[] = [];
  const session = {
    requests,
    closed: 0,
    async slice(request: SliceRequest): Promise<SliceOutcome> {
      log.push(name);
      requests.push(request);
      if (failAt !== undefined && requests.length > failAt) return { error: `${name} broke` };
      return { samplesMs: samples, wallMs: 10, cpuMs: 9, expectedCores: 1 };
    },
    async close() {
      session.closed++;
      return undefined;
    },
  };
  return session;
}

describe('slice plan', () => {
  it('cuts the time budget into rounds of about 50 ms, with at least one round and one sample per slice', () => {
    expect(slicePlan({ timeMs: 1000, minSamples: 10 })).toEqual({ rounds: 20, sliceMs: 50, minSamplesPerSlice: 1 });
    expect(slicePlan({ timeMs: 80, minSamples: 5 })).toEqual({ rounds: 2, sliceMs: 40, minSamplesPerSlice: 3 });
    expect(slicePlan({ timeMs: 5, minSamples: 3 })).toEqual({ rounds: 1, sliceMs: 5, minSamplesPerSlice: 3 });
    expect(slicePlan({ timeMs: 2000, minSamples: 100 })).toEqual({ rounds: 40, sliceMs: 50, minSamplesPerSlice: 3 });
  });

  it('rotates the starting approach by one each round', () => {
    expect(sliceOrder(0, 3)).toEqual([0, 1, 2]);
    expect(sliceOrder(1, 3)).toEqual([1, 2, 0]);
    expect(sliceOrder(2, 3)).toEqual([2, 0, 1]);
    expect(sliceOrder(3, 3)).toEqual([0, 1, 2]);
    expect(sliceOrder(5, 1)).toEqual([0]);
  });
});

describe('measureInterleaved', () => {
  const config = { timeMs: 150, minSamples: 3 }; // 3 rounds of 50 ms, 1 sample minimum each

  it('takes one slice of every session per round, in rotated order, warm-up on the first round only', async () => {
    const log: string[] = [];
    const sessions = [fakeSession('A', log, [1]), fakeSession('B', log, [2]), fakeSession('C', log, [3])];
    const rounds: string[] = [];
    await measureInterleaved(sessions, { config, signal: new AbortController().signal, onRound: (r, n) => rounds.push(`${r}/${n}`) });
    expect(log).toEqual(['A', 'B', 'C', 'B', 'C', 'A', 'C', 'A', 'B']);
    expect(rounds).toEqual(['1/3', '2/3', '3/3']);
    expect(sessions[0]!.requests).toEqual([
      { timeMs: 50, minSamples: 1, warmup: true },
      { timeMs: 50, minSamples: 1, warmup: false },
      { timeMs: 50, minSamples: 1, warmup: false },
    ]);
    // measureInterleaved does not close: the caller does, whatever happened.
    expect(sessions.map((s) => s.closed)).toEqual([0, 0, 0]);
  });

  it('computes each approach’s statistics from all its slices’ samples pooled, and its cores from CPU / wall', async () => {
    const log: string[] = [];
    const [measured] = (await measureInterleaved([fakeSession('A', log, [1, 2, 9])], { config, signal: new AbortController().signal }))!;
    // Three slices of [1, 2, 9]: nine samples, median 2, mean 4.
    expect(measured?.stats?.samples).toBe(9);
    expect(measured?.stats?.latency.p50).toBe(2);
    expect(measured?.stats?.latency.mean).toBeCloseTo(4, 12);
    expect(measured?.stats?.latency.max).toBe(9);
    expect(measured?.coresUsed).toBeCloseTo(0.9, 12);
    expect(measured?.expectedCores).toBe(1);
  });

  it('a session that fails takes no more slices and reports its error; the others go on', async () => {
    const log: string[] = [];
    const measured = (await measureInterleaved([fakeSession('A', log, [1]), fakeSession('B', log, [2], 1)], { config, signal: new AbortController().signal }))!;
    expect(log).toEqual(['A', 'B', 'B', 'A', 'A']);
    expect(measured[0]?.stats?.samples).toBe(3);
    expect(measured[1]).toEqual({ error: 'B broke' });
  });

  it('a slice that throws is that session’s error', async () => {
    const throwing: ApproachSession = { slice: () => Promise.reject(new Error('gone')), close: async () => undefined };
    const [measured] = (await measureInterleaved([throwing], { config, signal: new AbortController().signal }))!;
    expect(measured).toEqual({ error: 'gone' });
  });

  it('returns nothing when cancelled: a workload’s rounds only compare when complete', async () => {
    const controller = new AbortController();
    const log: string[] = [];
    const a = fakeSession('A', log, [1]);
    const stopping: ApproachSession = {
      async slice() {
        controller.abort();
        return { samplesMs: [1], wallMs: 1 };
      },
      close: async () => undefined,
    };
    await expect(measureInterleaved([a, stopping], { config, signal: controller.signal })).resolves.toBeUndefined();
    expect(log).toEqual(['A']);
  });
});

describe('openLocalSession', () => {
  const config = resolveConfig({ timeMs: 4, warmupMs: 1, minSamples: 2 });
  const ctx = { platform, config, signal: new AbortController().signal };
  const wl = (approaches: Approach[]): Workload => ({ id: 'w', suite: 'wasm', title: '', description: '', params: {}, expected: () => 42, approaches: () => approaches });

  it('checks the first output before any slice and disposes a wrong approach', async () => {
    const dispose = vi.fn();
    const wrong: Approach = { name: 'wrong', prepare: async (): Promise<PreparedApproach> => ({ kind: 'timed', async: false, run: () => 41, check: (x) => x as number, dispose }) };
    const opened = await openLocalSession(wl([wrong]), wrong, ctx, 42);
    expect(opened).toEqual({ failed: { error: expect.stringMatching(/output mismatch: expected 42, got 41/) } });
    expect(dispose).toHaveBeenCalledTimes(1);
  });

  it('times a right approach slice by slice with tinybench and disposes it on close', async () => {
    const dispose = vi.fn();
    const right: Approach = { name: 'right', prepare: async (): Promise<PreparedApproach> => ({ kind: 'timed', async: false, run: () => 42, check: (x) => x as number, dispose }) };
    const opened = await openLocalSession(wl([right]), right, ctx, 42);
    if (!('session' in opened)) throw new Error(opened.failed.error);
    const outcome = await opened.session.slice({ timeMs: 1, minSamples: 5, warmup: true });
    if ('error' in outcome) throw new Error(outcome.error);
    expect(outcome.samplesMs.length).toBeGreaterThanOrEqual(5);
    expect(outcome.expectedCores).toBe(1);
    expect(dispose).not.toHaveBeenCalled();
    await expect(opened.session.close()).resolves.toBeUndefined();
    expect(dispose).toHaveBeenCalledTimes(1);
  });

  it('runs a sampled (native) approach once per slice: full warm-up first, a short one after, checked every time', async () => {
    const calls: Array<{ timeMs: number; warmupMs: number; minSamples: number }> = [];
    let check = 42;
    const native: Approach = {
      name: 'native',
      prepare: async (): Promise<PreparedApproach> => ({
        kind: 'sampled',
        async measure(c) {
          calls.push({ timeMs: c.timeMs, warmupMs: c.warmupMs, minSamples: c.minSamples });
          return { samplesMs: [0.5, 0.6], check };
        },
      }),
    };
    const warm = resolveConfig({ warmupMs: 200 });
    const opened = await openLocalSession(wl([native]), native, { ...ctx, config: warm }, 42);
    if (!('session' in opened)) throw new Error(opened.failed.error);
    await opened.session.slice({ timeMs: 50, minSamples: 1, warmup: true });
    const second = await opened.session.slice({ timeMs: 50, minSamples: 1, warmup: false });
    check = 7;
    const third = await opened.session.slice({ timeMs: 50, minSamples: 1, warmup: false });
    expect(calls).toEqual([
      { timeMs: 50, warmupMs: 200, minSamples: 1 },
      { timeMs: 50, warmupMs: NATIVE_REWARM_MS, minSamples: 1 },
      { timeMs: 50, warmupMs: NATIVE_REWARM_MS, minSamples: 1 },
    ]);
    expect(second).toEqual({ samplesMs: [0.5, 0.6], wallMs: 50 });
    expect(third).toEqual({ error: expect.stringMatching(/output mismatch/) });
  });
});

describe('runBenchmarks with an interleaved workload', () => {
  it('opens every approach, reports round progress, then results in order with ratios, and closes every session', async () => {
    const disposed: string[] = [];
    const order: string[] = [];
    const make = (name: string, value: number, baseline = false): Approach => ({
      name,
      baseline,
      async prepare(): Promise<PreparedApproach> {
        return {
          kind: 'timed',
          async: false,
          run: () => {
            if (order.at(-1) !== name) order.push(name);
            return value;
          },
          check: (x) => x as number,
          dispose: () => void disposed.push(name),
        };
      },
    });
    const workload: Workload = {
      id: 'interleaved',
      suite: 'wasm',
      isolate: true, // not registered (a copy an isolate cannot find): interleaved in the engine's isolate
      compareBy: 'p50',
      title: '',
      description: '',
      params: {},
      expected: () => 1,
      approaches: () => [make('JS', 1, true), make('wrong', 2), make('Rust Wasm', 1)],
    };
    const events: string[] = [];
    const report = await runBenchmarks({
      platform,
      workloads: [workload],
      config: { timeMs: 150, warmupMs: 1, minSamples: 3 },
      onProgress: (e: ProgressEvent) => events.push(e.type === 'round' ? `round ${e.round}/${e.rounds}` : e.type === 'result' ? `result ${e.result.approach}` : e.type),
    });
    expect(events).toEqual([
      'environment',
      'approach-start',
      'approach-start',
      'approach-start',
      'round 1/3',
      'round 2/3',
      'round 3/3',
      'result JS',
      'result wrong',
      'result Rust Wasm',
      'done',
    ]);
    expect(report.results.map((r) => [r.approach, r.ok, r.isolated])).toEqual([
      ['JS', true, undefined],
      ['wrong', false, undefined],
      ['Rust Wasm', true, undefined],
    ]);
    expect(report.results[1]?.error).toMatch(/output mismatch/);
    expect(report.results[2]?.vsBaseline).not.toBeNull();
    // After the checks (JS, wrong, Rust Wasm), the timed slices alternate: JS, Rust Wasm, then Rust Wasm, JS, ...
    expect(order.slice(3, 7)).toEqual(['JS', 'Rust Wasm', 'JS', 'Rust Wasm']);
    expect(disposed.sort()).toEqual(['JS', 'Rust Wasm', 'wrong']);
  });

  it('a session whose cleanup fails loses its number', async () => {
    const workload: Workload = {
      id: 'leaky',
      suite: 'wasm',
      isolate: true,
      title: '',
      description: '',
      params: {},
      expected: () => 1,
      approaches: () => [
        {
          name: 'JS',
          baseline: true,
          prepare: async (): Promise<PreparedApproach> => ({
            kind: 'timed',
            async: false,
            run: () => 1,
            check: (x) => x as number,
            dispose: () => {
              throw new Error('worker left behind');
            },
          }),
        },
      ],
    };
    const report = await runBenchmarks({ platform, workloads: [workload], config: { timeMs: 5, warmupMs: 1, minSamples: 2 } });
    expect(report.results[0]).toMatchObject({ ok: false, latency: null, error: 'dispose failed: worker left behind' });
  });
});

describe('thinning a slice', () => {
  it('keeps every sample of a small slice and evenly spaced order statistics of a large one', async () => {
    expect(thinSorted([1, 2, 3], 5)).toEqual([1, 2, 3]);
    const sorted = Array.from({ length: 1000 }, (_, i) => i);
    const thin = thinSorted(sorted, 10);
    expect(thin).toEqual([50, 150, 250, 350, 450, 550, 650, 750, 850, 950]);
  });

  it('counts every sample taken in the pooled figures, and keeps the median', async () => {
    const many: ApproachSession = {
      slice: async () => ({ samplesMs: thinSorted(Array.from({ length: 5000 }, (_, i) => 1 + i / 5000), 100), taken: 5000, wallMs: 50 }),
      close: async () => undefined,
    };
    const [measured] = (await measureInterleaved([many], { config: { timeMs: 100, minSamples: 1 }, signal: new AbortController().signal }))!;
    expect(measured?.stats?.samples).toBe(10_000);
    expect(measured?.stats?.latency.p50).toBeCloseTo(1.5, 2);
  });
});
