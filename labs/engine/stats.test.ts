import { describe, expect, it } from 'vitest';
import { compareCheck } from './check.ts';
import { flagResult, percentiles, shapeTaskStats, statsFromSamples } from './stats.ts';
import { measureTimerResolution } from './timer.ts';

describe('statsFromSamples (tinybench replay of external samples)', () => {
  it('computes mean, percentiles, sd and throughput from the given samples', async () => {
    const stats = await statsFromSamples([1, 2, 3, 4, 5]);
    expect(stats?.samples).toBe(5);
    expect(stats?.latency.mean).toBeCloseTo(3, 12);
    expect(stats?.latency.p50).toBe(3);
    expect(stats?.latency.min).toBe(1);
    expect(stats?.latency.max).toBe(5);
    expect(stats?.latency.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    // rme = t(0.975, df=4) * sd / sqrt(n) / mean * 100, t = 2.776
    expect(stats?.latency.rme).toBeCloseTo((2.7764451 * Math.sqrt(2.5)) / Math.sqrt(5) / 3 * 100, 3);
    // tinybench's throughput is the mean of per-sample rates: mean(1000/x)
    expect(stats?.throughput.mean).toBeCloseTo((1000 + 500 + 1000 / 3 + 250 + 200) / 5, 6);
  });
  it('returns undefined for no samples', async () => {
    expect(await statsFromSamples([])).toBeUndefined();
  });
});

describe('shapeTaskStats', () => {
  it('is undefined for tasks without statistics', () => {
    expect(shapeTaskStats({ result: { state: 'errored', error: new Error('x') } } as never)).toBeUndefined();
  });
});

describe('percentiles', () => {
  it('gives p0..p100 with linear interpolation between order statistics', () => {
    const q = percentiles([1, 2, 3, 4, 5]);
    expect(q).toHaveLength(101);
    expect(q[0]).toBe(1);
    expect(q[50]).toBe(3);
    expect(q[100]).toBe(5);
    expect(q[10]).toBeCloseTo(1.4, 12); // rank 0.4 between 1 and 2
  });
  it('is empty without samples', () => {
    expect(percentiles([])).toEqual([]);
  });
});

describe('flagResult', () => {
  const base = { samples: 100, latency: { rme: 1, p50: 10 }, timerResolutionMs: 0.001, rmeThreshold: 5 };
  it('flags nothing for a clean result', () => {
    expect(flagResult(base)).toEqual([]);
  });
  it('flags a margin of error above the threshold, and NaN/Infinity rme', () => {
    expect(flagResult({ ...base, latency: { rme: 5.1, p50: 10 } })).toEqual(['high-rme']);
    expect(flagResult({ ...base, latency: { rme: Number.POSITIVE_INFINITY, p50: 10 } })).toContain('high-rme');
    expect(flagResult({ ...base, latency: { rme: 5, p50: 10 } })).toEqual([]);
  });
  it('flags a timer step above 1% of the median (browser without isolation: 0.1 ms)', () => {
    expect(flagResult({ ...base, latency: { rme: 1, p50: 5 }, timerResolutionMs: 0.1 })).toEqual(['coarse-timer']);
    expect(flagResult({ ...base, latency: { rme: 1, p50: 20 }, timerResolutionMs: 0.1 })).toEqual([]);
  });
  it('flags a process that got well under the cores the approach needed', () => {
    expect(flagResult({ ...base, coresUsed: 0.5, expectedCores: 1 })).toEqual(['cpu-starved']);
    expect(flagResult({ ...base, coresUsed: 1.1, expectedCores: 2 })).toEqual(['cpu-starved']);
    expect(flagResult({ ...base, coresUsed: 0.9, expectedCores: 1 })).toEqual([]);
    expect(flagResult({ ...base, coresUsed: 0.05 })).toEqual([]); // async approaches wait by design
  });
  it('flags few samples and timer saturation', () => {
    expect(flagResult({ ...base, samples: 9 })).toEqual(['few-samples']);
    expect(flagResult({ ...base, saturation: 'zero-dominated' })).toEqual(['timer-saturated']);
  });
});

describe('measureTimerResolution', () => {
  it('finds the step of a clamped clock', () => {
    let calls = 0;
    const clamped = () => Math.floor(calls++ / 7) * 0.1; // a 100 µs clock read 7 times per step
    expect(measureTimerResolution(clamped, { calls: 1000 })).toBeCloseTo(0.1, 12);
  });
  it('finds the smallest step of an irregular clock', () => {
    const readings = [0, 0, 0.5, 0.5, 0.52, 1, 1.3];
    let i = 0;
    expect(measureTimerResolution(() => readings[Math.min(i++, readings.length - 1)]!, { calls: 10 })).toBeCloseTo(0.02, 12);
  });
});

describe('compareCheck', () => {
  it('needs integers to match exactly', () => {
    expect(compareCheck(42, 42)).toBeNull();
    expect(compareCheck(42, 43)).toMatch(/output mismatch: expected 42, got 43/);
  });
  it('accepts floats within the relative tolerance only', () => {
    expect(compareCheck(Math.PI, Math.PI * (1 + 1e-12), 1e-9)).toBeNull();
    expect(compareCheck(Math.PI, Math.PI * (1 + 1e-6), 1e-9)).toMatch(/mismatch/);
  });
  it('rejects NaN and non-numbers', () => {
    expect(compareCheck(1, Number.NaN, 1)).toMatch(/mismatch/);
    expect(compareCheck(1, 'x' as unknown as number)).toMatch(/mismatch/);
  });
});
