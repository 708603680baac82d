/**
 * Turning tinybench task results into BenchResult statistics, and the flags that mark figures not to trust.
 * tinybench computes every statistic (also for samples taken outside JS, replayed through
 * `overriddenDuration`), so all numbers in a report come from one implementation.
 */
import { Bench, type Task, type TimerSaturationReason } from 'tinybench';
import type { LatencyStats, ResultFlag } from './types.ts';

export interface ShapedStats {
  samples: number;
  latency: LatencyStats;
  throughput: { mean: number };
  /** p0..p100 of the samples, when tinybench retained them (see BenchResult.distribution). */
  distribution?: number[];
}

/** Quantiles p0, p1, …, p100 of ascending samples, linearly interpolated between order statistics. */
export function percentiles(sorted: ArrayLike<number>): number[] {
  const n = sorted.length;
  if (n === 0) return [];
  return Array.from({ length: 101 }, (_, p) => {
    const rank = (p / 100) * (n - 1);
    const lo = Math.floor(rank);
    const hi = Math.min(lo + 1, n - 1);
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
  });
}

/**
 * Picks the figures a BenchResult carries from a finished tinybench task; undefined if it has none. Where
 * tinybench kept the samples, adds p10 and (unless `distribution: false`) the p0..p100 distribution.
 */
export function shapeTaskStats(task: Pick<Task, 'result'>, options: { distribution?: boolean } = {}): ShapedStats | undefined {
  const result = task.result;
  if (result.state !== 'completed' && result.state !== 'aborted-with-statistics') return undefined;
  const { latency, throughput } = result;
  const quantiles = latency.samples ? percentiles(latency.samples) : undefined;
  return {
    samples: latency.samplesCount,
    latency: {
      mean: latency.mean,
      ...(quantiles ? { p10: quantiles[10]! } : {}),
      p50: latency.p50,
      p99: latency.p99,
      sd: latency.sd,
      rme: latency.rme,
      min: latency.min,
      max: latency.max,
    },
    throughput: { mean: throughput.mean },
    ...(quantiles && options.distribution !== false ? { distribution: quantiles } : {}),
  };
}

/**
 * Statistics of samples measured elsewhere (the native binary): each becomes one tinybench iteration
 * whose duration is overridden, so the figures are computed exactly as for in-process approaches.
 */
export async function statsFromSamples(samplesMs: readonly number[]): Promise<ShapedStats | undefined> {
  if (samplesMs.length === 0) return undefined;
  let i = 0;
  const bench = new Bench({ time: 0, iterations: samplesMs.length, warmup: false, throws: true, retainSamples: true });
  bench.add('replay', () => ({ overriddenDuration: samplesMs[i++ % samplesMs.length]! }), { async: false });
  await bench.run();
  const task = bench.tasks[0];
  return task ? shapeTaskStats(task, { distribution: false }) : undefined;
}

export interface FlagInput {
  samples: number;
  latency: Pick<LatencyStats, 'rme' | 'p50'>;
  timerResolutionMs: number;
  rmeThreshold: number;
  saturation?: TimerSaturationReason;
  /** Measured CPU time / wall time, and the cores the approach should have kept busy. */
  coresUsed?: number;
  expectedCores?: number;
}

export const MIN_TRUSTED_SAMPLES = 10;
/** Below this share of the expected cores, the process was waiting for a CPU rather than computing. */
export const CPU_STARVED_SHARE = 0.75;

/**
 * Why a figure should not be trusted:
 * - high-rme: the 95% margin of error is above the threshold (noisy machine, too few samples);
 * - coarse-timer: one timer step is more than 1% of the median sample, so samples are quantised;
 * - few-samples: fewer than 10 samples;
 * - timer-saturated: tinybench found the samples dominated by zeros or a handful of distinct values;
 * - cpu-starved: the process got less than 75% of the CPU time the approach needed (other processes
 *   had the cores), so the time says more about the machine's load than about the approach.
 */
export function flagResult(input: FlagInput): ResultFlag[] {
  const flags: ResultFlag[] = [];
  if (!(input.latency.rme <= input.rmeThreshold)) flags.push('high-rme');
  if (input.timerResolutionMs > input.latency.p50 / 100) flags.push('coarse-timer');
  if (input.samples < MIN_TRUSTED_SAMPLES) flags.push('few-samples');
  if (input.saturation) flags.push('timer-saturated');
  if (input.coresUsed !== undefined && input.expectedCores !== undefined && input.coresUsed < CPU_STARVED_SHARE * input.expectedCores) {
    flags.push('cpu-starved');
  }
  return flags;
}
