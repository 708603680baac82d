import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../engine/types.ts';
import { compareWithLab, plainRatio, relativeDifference, type PlainMeasurement } from './compare.ts';

const lab = (label: string, vsBaseline: number, runs?: number[]): BenchResult => ({
  suite: 'wasm', workload: 'blur3x3', approach: label, label, params: {}, ok: true, unit: 'iteration', samples: 10,
  latency: { mean: 1, p50: 1, p99: 1, sd: 0, rme: 1, min: 1, max: 1 }, throughput: null, baseline: label === 'JS', compareBy: 'p50',
  vsBaseline, flags: [], ...(runs ? { ratioRuns: { runs, median: vsBaseline, min: Math.min(...runs), max: Math.max(...runs), spread: 0 } } : {}),
});

const measured = (workload: string, label: string, baseline: boolean, p10Ms: number): PlainMeasurement => ({ workload, label, baseline, p10Ms, medianMs: 2 * p10Ms, calls: 10, sliceMediansMs: [p10Ms] });

describe('cross-check arithmetic', () => {
  it('divides the baseline pooled p10 by the approach pooled p10', () => {
    expect(plainRatio(4, 2)).toBe(2);
    expect(plainRatio(3, 4)).toBe(0.75);
    // A failed approach or baseline (NaN) has no ratio, not 0 or Infinity.
    expect(plainRatio(Number.NaN, 1)).toBeNull();
    expect(plainRatio(4, Number.NaN)).toBeNull();
    expect(plainRatio(4, 0)).toBeNull();
  });

  it('expresses the difference relative to the plain loop', () => {
    expect(relativeDifference(2.2, 2)).toBeCloseTo(0.1, 12);
    expect(relativeDifference(1.8, 2)).toBeCloseTo(-0.1, 12);
  });

  it('pairs lab and plain rows and judges the worst single run against 10 %', () => {
    const plain = [measured('blur3x3', 'JS', true, 4), measured('blur3x3', 'Rust Wasm', false, 2), measured('blur3x3', 'AssemblyScript', false, 2)];
    const rows = compareWithLab([lab('JS', 1), lab('Rust Wasm', 2.1, [2.0, 2.1, 2.15]), lab('AssemblyScript', 2.1, [2.1, 2.1, 2.3])], plain);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ label: 'Rust Wasm', lab: 2.1, plain: 2, labRuns: [2.0, 2.1, 2.15], agrees: true });
    expect(rows[0]?.difference).toBeCloseTo(0.05, 12);
    expect(rows[0]?.worstRunDifference).toBeCloseTo(0.075, 12);
    expect(rows[1]).toMatchObject({ label: 'AssemblyScript', agrees: false });
    expect(rows[1]?.worstRunDifference).toBeCloseTo(0.15, 12);
  });

  it('has no verdict when either side has no figure', () => {
    const rows = compareWithLab([], [measured('fnv1a', 'JS', true, 1), measured('fnv1a', 'Rust Wasm', false, 1)]);
    expect(rows[0]).toMatchObject({ lab: null, plain: 1, difference: null, agrees: null });
    const failed = compareWithLab([lab('JS', 1), lab('Rust Wasm', 2)], [measured('blur3x3', 'JS', true, Number.NaN), measured('blur3x3', 'Rust Wasm', false, 1)]);
    expect(failed[0]).toMatchObject({ lab: 2, plain: null, difference: null, worstRunDifference: null, agrees: null });
  });
});
