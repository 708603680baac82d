import { describe, expect, it } from 'vitest';
import type { Platform } from './platform.ts';
import { runBenchmarks, SkipApproach } from './runner.ts';
import type { Approach, BenchConfig, PreparedApproach, ProgressEvent, Workload } from './types.ts';

const FAST: Partial<BenchConfig> = { timeMs: 5, warmupMs: 1, minSamples: 3 };

/** A platform that can do nothing but describe itself: enough for synthetic workloads. */
const fakePlatform: Platform = {
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

const sumTo = (n: number) => {
  let s = 0;
  for (let i = 1; i <= n; i++) s += i;
  return s;
};

function approach(name: string, kernel: () => number, extra: Partial<Approach> = {}): Approach {
  return {
    name,
    ...extra,
    async prepare(): Promise<PreparedApproach> {
      return { kind: 'timed', async: false, run: kernel, check: (x) => x as number };
    },
  };
}

function workload(approaches: Approach[], tolerance?: number): Workload {
  return {
    id: 'sum',
    suite: 'wasm',
    title: 'sum 1..1000',
    description: '',
    params: { n: 1000 },
    ...(tolerance !== undefined ? { tolerance } : {}),
    expected: () => sumTo(1000),
    approaches: () => approaches,
  };
}

describe('runBenchmarks', () => {
  it('rejects a deliberately wrong kernel: ok false, an error, and no number', async () => {
    const offByOne = () => sumTo(1000) + 1;
    const report = await runBenchmarks({
      platform: fakePlatform,
      workloads: [workload([approach('JS', () => sumTo(1000), { baseline: true }), approach('Rust Wasm', offByOne)])],
      config: FAST,
    });
    const [good, bad] = report.results;
    expect(good?.ok).toBe(true);
    expect(good?.latency?.mean).toBeGreaterThan(0);
    expect(bad).toMatchObject({ approach: 'Rust Wasm', ok: false, latency: null, throughput: null, samples: 0, vsBaseline: null });
    expect(bad?.error).toMatch(/output mismatch: expected 500500, got 500501/);
  });

  it('accepts float outputs within the workload tolerance and rejects those outside', async () => {
    const report = await runBenchmarks({
      platform: fakePlatform,
      workloads: [workload([approach('JS', () => 500500 * (1 + 1e-12), { baseline: true }), approach('SIMD', () => 500500 * (1 + 1e-6))], 1e-9)],
      config: FAST,
    });
    expect(report.results.map((r) => r.ok)).toEqual([true, false]);
  });

  it('reports missing capabilities and SkipApproach as skipped, and prepare errors as failures', async () => {
    const broken: Approach = {
      name: 'broken',
      prepare: async () => {
        throw new Error('no module');
      },
    };
    const skipping: Approach = {
      name: 'skips',
      prepare: async () => {
        throw new SkipApproach('not today');
      },
    };
    const report = await runBenchmarks({
      platform: fakePlatform,
      workloads: [workload([approach('JS', () => sumTo(1000), { baseline: true }), approach('native', () => 0, { requires: ['native'] }), skipping, broken])],
      config: FAST,
    });
    expect(report.results.slice(1).map((r) => [r.approach, r.ok, r.skipped ?? false, r.error])).toEqual([
      ['native', false, true, 'no native in this test'],
      ['skips', false, true, 'not today'],
      ['broken', false, false, 'prepare failed: no module'],
    ]);
  });

  it('reports a failed cleanup instead of the number', async () => {
    const leaky: Approach = {
      name: 'leaky',
      async prepare(): Promise<PreparedApproach> {
        return {
          kind: 'timed',
          async: false,
          run: () => sumTo(1000),
          check: (x) => x as number,
          dispose: () => {
            throw new Error('worker would not stop');
          },
        };
      },
    };
    const report = await runBenchmarks({ platform: fakePlatform, workloads: [workload([leaky])], config: FAST });
    expect(report.results[0]).toMatchObject({ ok: false, latency: null, error: 'dispose failed: worker would not stop' });
  });

  it('records cores used where the platform reports CPU time, and only there', async () => {
    let cpuMs = 0;
    const counting: Platform = { ...fakePlatform, processCpuMs: () => (cpuMs += 1) };
    const withCpu = await runBenchmarks({ platform: counting, workloads: [workload([approach('JS', () => sumTo(1000))])], config: FAST });
    expect(withCpu.results[0]?.coresUsed).toEqual(expect.any(Number));
    const without = await runBenchmarks({ platform: fakePlatform, workloads: [workload([approach('JS', () => sumTo(1000))])], config: FAST });
    expect(without.results[0]).not.toHaveProperty('coresUsed');
  });

  it('turns externally measured samples into statistics after checking them', async () => {
    const sampled: Approach = {
      name: 'native',
      async prepare(): Promise<PreparedApproach> {
        return { kind: 'sampled', measure: async () => ({ samplesMs: [2, 2, 2, 4], check: 500500 }) };
      },
    };
    const report = await runBenchmarks({ platform: fakePlatform, workloads: [workload([sampled])], config: FAST });
    expect(report.results[0]).toMatchObject({ ok: true, samples: 4, latency: { mean: 2.5, p50: 2 } });
  });

  it('emits progress, disposes approaches, and stops when aborted', async () => {
    const controller = new AbortController();
    const events: ProgressEvent['type'][] = [];
    let disposed = 0;
    const counting = (name: string): Approach => ({
      name,
      async prepare(): Promise<PreparedApproach> {
        return { kind: 'timed', async: false, run: () => sumTo(1000), check: (x) => x as number, dispose: () => void disposed++ };
      },
    });
    const report = await runBenchmarks({
      platform: fakePlatform,
      workloads: [workload([counting('a'), counting('b'), counting('c')])],
      config: FAST,
      signal: controller.signal,
      onProgress(event) {
        events.push(event.type);
        if (event.type === 'result') controller.abort();
      },
    });
    expect(report.aborted).toBe(true);
    expect(report.results.map((r) => r.approach)).toEqual(['a']);
    expect(disposed).toBe(1);
    expect(events).toEqual(['environment', 'approach-start', 'result', 'done']);
  });
});
