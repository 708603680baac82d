import { describe, expect, it } from 'vitest';
import { amdahlFits, amdahlSpeedup, fitSerialFraction, summarize, withBaselineRatios } from './analysis.ts';
import type { BenchResult } from './types.ts';

function result(partial: Partial<BenchResult> & { mean?: number; p99?: number }): BenchResult {
  const { mean = 10, p99 = 20, ...rest } = partial;
  return {
    suite: 'wasm',
    workload: 'w',
    approach: 'JS',
    label: partial.approach ?? 'JS',
    params: {},
    ok: true,
    unit: 'iteration',
    samples: 50,
    latency: { mean, p50: mean, p99, sd: 1, rme: 1, min: mean, max: p99 },
    throughput: { mean: 1000 / mean },
    baseline: false,
    compareBy: 'mean',
    vsBaseline: null,
    flags: [],
    ...rest,
  };
}

describe('Amdahl', () => {
  it('recovers the serial fraction from ideal Amdahl timings', () => {
    const s = 0.2;
    const times = [1, 2, 4, 8].map((n) => ({ workers: n, ms: 100 * (s + (1 - s) / n) }));
    expect(fitSerialFraction(times)).toBeCloseTo(0.2, 12);
    expect(amdahlSpeedup(0.2, 4)).toBeCloseTo(2.5, 12);
    expect(amdahlSpeedup(0, 3)).toBe(3);
  });
  it('gives the Karp–Flatt value for a single n', () => {
    // speedup 1.5 at n=2: e = (1/1.5 - 1/2) / (1 - 1/2) = 1/3
    expect(fitSerialFraction([{ workers: 1, ms: 30 }, { workers: 2, ms: 20 }])).toBeCloseTo(1 / 3, 12);
  });
  it('clamps to [0, 1] and needs n = 1 and some n > 1', () => {
    expect(fitSerialFraction([{ workers: 1, ms: 10 }, { workers: 2, ms: 20 }])).toBe(1);
    expect(fitSerialFraction([{ workers: 1, ms: 10 }, { workers: 2, ms: 4 }])).toBe(0);
    expect(fitSerialFraction([{ workers: 2, ms: 4 }])).toBeNull();
    expect(fitSerialFraction([{ workers: 1, ms: 4 }])).toBeNull();
  });
  it('fits per transfer mode using worker counts up to the core count only', () => {
    const w = (n: number, transfer: string, mean: number) =>
      result({ suite: 'concurrency', workload: 'cpu', approach: 'workers', params: { workers: n, transfer }, mean });
    const fits = amdahlFits([w(1, 'postMessage', 100), w(2, 'postMessage', 60), w(4, 'postMessage', 200)], 2);
    expect(fits).toHaveLength(1);
    expect(fits[0]?.serialFraction).toBeCloseTo(0.2, 12); // from n=2 only; n=4 (oversubscribed) ignored
    expect(fits[0]?.points.map((p) => p.workers)).toEqual([1, 2, 3, 4]);
    expect(fits[0]?.points[2]?.measuredSpeedup).toBeNull();
    expect(fits[0]?.points[3]?.measuredSpeedup).toBeCloseTo(0.5, 12);
    expect(fits[0]?.fittedFrom).toEqual([2]);
  });
  it('leaves cpu-starved results out of the fit', () => {
    const w = (n: number, mean: number, starved = false) =>
      result({ suite: 'concurrency', workload: 'cpu', approach: 'workers', params: { workers: n, transfer: 'copy' }, mean, flags: starved ? ['cpu-starved'] : [] });
    expect(amdahlFits([w(1, 100), w(2, 100, true)], 2)[0]).toMatchObject({ serialFraction: null, fittedFrom: [] });
    expect(amdahlFits([w(1, 100, true), w(2, 60)], 2)[0]?.serialFraction).toBeNull();
    expect(amdahlFits([w(1, 100), w(2, 60), w(3, 90, true)], 4)[0]).toMatchObject({ serialFraction: expect.closeTo(0.2, 12), fittedFrom: [2] });
  });
});

describe('ratios', () => {
  it('sets vsBaseline = baseline metric / metric, using p99 where asked', () => {
    const rs = withBaselineRatios([
      result({ approach: 'idle', baseline: true, compareBy: 'p99', p99: 2 }),
      result({ approach: 'main thread', compareBy: 'p99', p99: 20 }),
      result({ approach: 'broken', ok: false, latency: null }),
    ]);
    expect(rs.map((r) => r.vsBaseline)).toEqual([1, 0.1, null]);
  });
  it('summarizes JS/Wasm, Wasm/native and 2-worker speedup', () => {
    const summary = summarize(
      [
        result({ workload: 'k', approach: 'JS', mean: 10 }),
        result({ workload: 'k', approach: 'Rust Wasm', mean: 5 }),
        result({ workload: 'k', approach: 'AssemblyScript', mean: 4 }),
        result({ workload: 'k', approach: 'native', mean: 2.5 }),
        result({ suite: 'concurrency', workload: 'cpu', approach: 'workers', params: { workers: 1, transfer: 'postMessage' }, mean: 30 }),
        result({ suite: 'concurrency', workload: 'cpu', approach: 'workers', params: { workers: 2, transfer: 'postMessage' }, mean: 20 }),
      ],
      2,
    );
    expect(summary.jsOverWasm).toEqual([
      { workload: 'k', approach: 'Rust Wasm', ratio: 2 },
      { workload: 'k', approach: 'AssemblyScript', ratio: 2.5 },
    ]);
    expect(summary.wasmOverNative).toEqual([{ workload: 'k', approach: 'Rust Wasm', ratio: 2 }]);
    expect(summary.speedupAt2Workers).toEqual([{ transfer: 'postMessage', speedup: 1.5, cpuStarved: false }]);
  });
});
