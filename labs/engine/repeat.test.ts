import { describe, expect, it } from 'vitest';
import { combineRuns, medianOf, ratioSpread } from './repeat.ts';
import type { BenchResult, RunReport } from './types.ts';

const row = (label: string, vsBaseline: number | null, over: Partial<BenchResult> = {}): BenchResult => ({
  suite: 'wasm', workload: 'blur3x3', approach: label, label, params: {}, ok: vsBaseline !== null, unit: 'iteration', samples: 10,
  latency: vsBaseline === null ? null : { mean: 1, p50: 1, p99: 1, sd: 0, rme: 1, min: 1, max: 1 },
  throughput: null, baseline: label === 'JS', compareBy: 'p50', vsBaseline, flags: [], ...over,
});
const report = (results: BenchResult[]): RunReport => ({
  schemaVersion: 1,
  environment: { runtime: 'node', runtimeVersion: 'x', userAgent: 'x', cores: 2, crossOriginIsolated: null, sharedArrayBuffer: true, timerResolutionMs: 0.001, tools: {}, date: 'd' },
  config: { profile: 'default', timeMs: 1, warmupMs: 1, minSamples: 1, rmeThreshold: 5 },
  results, summary: { jsOverWasm: [], wasmOverNative: [], speedupAt2Workers: [], amdahl: [] }, aborted: false,
});

describe('ratio spread across runs', () => {
  it('is (max - min) / median', () => {
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([4, 1, 2, 3])).toBe(2.5);
    expect(ratioSpread([2.0, 2.1, 2.2])).toEqual({ median: 2.1, min: 2.0, max: 2.2, spread: expect.closeTo(0.2 / 2.1, 12) });
    expect(ratioSpread([1.0, 1.0, 1.0])?.spread).toBe(0);
    expect(ratioSpread([])).toBeNull();
    expect(ratioSpread([Number.NaN, 0])).toBeNull();
  });

  it('takes the median ratio and flags a spread above 10 %', () => {
    const runs = [
      report([row('JS', 1, { baseline: true }), row('Rust Wasm', 2.0), row('Rust Wasm SIMD', 10.0)]),
      report([row('JS', 1, { baseline: true }), row('Rust Wasm', 2.1), row('Rust Wasm SIMD', 12.0)]),
      report([row('JS', 1, { baseline: true }), row('Rust Wasm', 2.05), row('Rust Wasm SIMD', 9.0)]),
    ];
    const combined = combineRuns(runs);
    const [js, rust, simd] = combined.results;
    expect(js?.ratioRuns).toBeUndefined();
    expect(rust).toMatchObject({ vsBaseline: 2.05, ratioRuns: { runs: [2.0, 2.1, 2.05], median: 2.05, min: 2.0, max: 2.1 }, flags: [] });
    expect(rust?.ratioRuns?.spread).toBeCloseTo(0.1 / 2.05, 12);
    expect(simd?.vsBaseline).toBe(10);
    expect(simd?.ratioRuns?.spread).toBeCloseTo(0.3, 12);
    expect(simd?.flags).toEqual(['unstable-ratio']);
  });

  it('gives no spread to a row that failed in one of the runs, and passes a single run through', () => {
    const combined = combineRuns([report([row('JS', 1, { baseline: true }), row('Rust Wasm', 2)]), report([row('JS', 1, { baseline: true }), row('Rust Wasm', null)])]);
    expect(combined.results[1]?.ratioRuns).toBeUndefined();
    const one = report([row('JS', 1, { baseline: true }), row('Rust Wasm', 2)]);
    expect(combineRuns([one]).results[1]).toEqual(one.results[1]);
  });
});
