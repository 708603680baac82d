/**
 * Ratios the learner asks for: against the baseline they pick for a workload (the engine's own
 * `vsBaseline` uses its fixed baseline), and between the same rows of two runs.
 */
import type { BenchResult } from '../../../../../labs/index.ts';

/** The figure ratios use: the workload's compareBy (mean, p10 for the CPU kernels, p99 for the event-loop workloads; labs/engine/analysis.ts). */
export function metricOf(r: BenchResult): number | null {
  if (!r.ok || !r.latency) return null;
  const m = r.latency[r.compareBy];
  return m !== undefined && Number.isFinite(m) && m > 0 ? m : null;
}

/** The baseline row for a workload: the learner's choice when it produced a figure, else the engine's. */
export function baselineOf(results: BenchResult[], workload: string, chosenLabel?: string): BenchResult | undefined {
  const rows = results.filter((r) => r.workload === workload);
  const chosen = rows.find((r) => r.label === chosenLabel && metricOf(r) !== null);
  return chosen ?? rows.find((r) => r.baseline && metricOf(r) !== null) ?? rows.find((r) => metricOf(r) !== null);
}

/** baseline / result: above 1 means faster than the baseline. */
export function ratioTo(baseline: BenchResult | undefined, r: BenchResult): number | null {
  const base = baseline ? metricOf(baseline) : null;
  const m = metricOf(r);
  return base !== null && m !== null ? base / m : null;
}

export function formatRatio(ratio: number | null): string {
  if (ratio === null) return '—';
  const digits = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  if (Math.abs(ratio - 1) < 0.005) return '1.00× (same)';
  return ratio > 1 ? `${digits(ratio)}× faster` : `${digits(1 / ratio)}× slower`;
}

export interface CompareRow {
  key: string;
  workload: string;
  label: string;
  a?: BenchResult;
  b?: BenchResult;
  /** metric(A) / metric(B): above 1 means B is faster. */
  change: number | null;
}

/** Rows of two runs matched by workload and approach label, in A's order then B's extra rows. */
export function compareRuns(a: BenchResult[], b: BenchResult[]): CompareRow[] {
  const key = (r: BenchResult) => `${r.workload}::${r.label}`;
  const rows = new Map<string, CompareRow>();
  for (const r of a) rows.set(key(r), { key: key(r), workload: r.workload, label: r.label, a: r, change: null });
  for (const r of b) {
    const row = rows.get(key(r)) ?? { key: key(r), workload: r.workload, label: r.label, change: null };
    row.b = r;
    rows.set(key(r), row);
  }
  for (const row of rows.values()) {
    const ma = row.a ? metricOf(row.a) : null;
    const mb = row.b ? metricOf(row.b) : null;
    row.change = ma !== null && mb !== null ? ma / mb : null;
  }
  return [...rows.values()];
}
