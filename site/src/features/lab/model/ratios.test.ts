import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../../../../../labs/index.ts';
import { baselineOf, compareRuns, formatRatio, ratioTo } from './ratios.ts';

const r = (label: string, mean: number | null, over: Partial<BenchResult> = {}): BenchResult => ({
  suite: 'wasm', workload: 'blur3x3', approach: label, label, params: {}, ok: mean !== null, unit: 'iteration', samples: 10,
  latency: mean === null ? null : { mean, p50: mean, p99: mean * 2, sd: 0, rme: 1, min: mean, max: mean },
  throughput: null, baseline: label === 'JS', compareBy: 'mean', vsBaseline: null, flags: [], ...over,
});

describe('ratios against a chosen baseline', () => {
  const results = [r('JS', 10), r('Rust Wasm', 5), r('AssemblyScript', null, { error: 'output mismatch' })];
  it('uses the chosen baseline when it has a figure, else the engine baseline', () => {
    expect(baselineOf(results, 'blur3x3', 'Rust Wasm')?.label).toBe('Rust Wasm');
    expect(baselineOf(results, 'blur3x3', 'AssemblyScript')?.label).toBe('JS');
    expect(baselineOf(results, 'blur3x3')?.label).toBe('JS');
  });
  it('gives baseline / result, and nothing for a failed row', () => {
    const base = baselineOf(results, 'blur3x3', 'Rust Wasm');
    expect(ratioTo(base, results[0]!)).toBe(0.5);
    expect(ratioTo(base, results[2]!)).toBeNull();
    expect(formatRatio(2)).toBe('2.00× faster');
    expect(formatRatio(0.5)).toBe('2.00× slower');
    expect(formatRatio(null)).toBe('—');
  });
  it('compares p99 for latency workloads', () => {
    const loop = [r('idle', 1, { compareBy: 'p99', baseline: true }), r('main thread', 1, { compareBy: 'p99', latency: { mean: 1, p50: 1, p99: 8, sd: 0, rme: 1, min: 1, max: 9 } })];
    expect(ratioTo(loop[0], loop[1]!)).toBe(0.25);
  });
});

describe('compareRuns', () => {
  it('matches rows by workload and label, keeping rows only one run has', () => {
    const rows = compareRuns([r('JS', 10), r('Rust Wasm', 5)], [r('JS', 5), r('native', 1)]);
    expect(rows.map((x) => [x.label, x.change])).toEqual([['JS', 2], ['Rust Wasm', null], ['native', null]]);
  });
});
