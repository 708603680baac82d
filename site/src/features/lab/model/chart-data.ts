/** Shapes report data for the charts (Chart.js is configured in ../charts; this file knows none of it). */
import type { AmdahlFit, BenchResult } from '../../../../../labs/index.ts';

export interface TimeBar {
  label: string;
  mean: number;
  /** 95% confidence interval of the mean, from the engine's rme. */
  low: number;
  high: number;
  flagged: boolean;
  baseline: boolean;
}

/** Mean time per sample with its 95% interval, for the approaches of one workload that produced figures. */
export function timeBars(results: BenchResult[], workload: string, baselineLabel?: string): TimeBar[] {
  return results
    .filter((r) => r.workload === workload && r.ok && r.latency && Number.isFinite(r.latency.mean))
    .map((r) => {
      const mean = r.latency!.mean;
      const margin = Number.isFinite(r.latency!.rme) ? (mean * r.latency!.rme) / 100 : 0;
      return {
        label: r.label,
        mean,
        low: Math.max(0, mean - margin),
        high: mean + margin,
        flagged: r.flags.length > 0,
        baseline: baselineLabel ? r.label === baselineLabel : r.baseline,
      };
    });
}

export interface SpeedupSeries {
  transfer: string;
  serialFraction: number | null;
  measured: Array<{ x: number; y: number }>;
  amdahl: Array<{ x: number; y: number }>;
}

/** Measured speedup T(1)/T(n) and the fitted Amdahl curve, per transfer mode (engine/analysis.ts). */
export function speedupSeries(fits: AmdahlFit[]): SpeedupSeries[] {
  return fits.map((fit) => ({
    transfer: fit.transfer,
    serialFraction: fit.serialFraction,
    measured: fit.points.flatMap((p) => (p.measuredSpeedup === null ? [] : [{ x: p.workers, y: p.measuredSpeedup }])),
    amdahl: fit.points.flatMap((p) => (p.amdahlSpeedup === null ? [] : [{ x: p.workers, y: p.amdahlSpeedup }])),
  }));
}

export interface DistributionSeries {
  label: string;
  /** Cumulative distribution: y % of requests took at most x ms. */
  points: Array<{ x: number; y: number }>;
  p50: number;
  p99: number;
}

/** For workloads whose results carry a distribution (the event-loop workloads). */
export function distributionSeries(results: BenchResult[], workload: string): DistributionSeries[] {
  return results
    .filter((r) => r.workload === workload && r.ok && r.latency && r.distribution && r.distribution.length === 101)
    .map((r) => ({
      label: r.label,
      // A log axis cannot show 0 ms (a timer that fired within the clock's step); draw it at 1 µs.
      points: r.distribution!.map((ms, p) => ({ x: Math.max(ms, 0.001), y: p })),
      p50: r.latency!.p50,
      p99: r.latency!.p99,
    }));
}

/** Workloads of a report that have something to draw, in report order. */
export function chartableWorkloads(results: BenchResult[]): string[] {
  return [...new Set(results.filter((r) => r.ok).map((r) => r.workload))];
}
