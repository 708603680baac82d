/**
 * Run-to-run stability: the same plan run N times (`npm run bench -- --repeat N`), each result's ratio to
 * its baseline collected across the runs. Pure arithmetic, no timing.
 */
import type { BenchResult, RunReport } from './types.ts';
import { summarize } from './analysis.ts';

/** A ratio whose (max - min) / median across runs is above this is flagged 'unstable-ratio'. */
export const RATIO_SPREAD_LIMIT = 0.1;

export function medianOf(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Spread of one ratio across runs: (max - min) / median, so 0.1 means the runs span 10 % of the typical value. */
export function ratioSpread(values: readonly number[]): { median: number; min: number; max: number; spread: number } | null {
  const usable = values.filter((v) => Number.isFinite(v) && v > 0);
  if (usable.length === 0) return null;
  const median = medianOf(usable);
  const min = Math.min(...usable);
  const max = Math.max(...usable);
  return { median, min, max, spread: (max - min) / median };
}

const keyOf = (r: Pick<BenchResult, 'workload' | 'label'>) => `${r.workload}\u0000${r.label}`;

/**
 * One report from N runs of the same plan: the last run's rows, each with `ratioRuns` (its vsBaseline in
 * every run), `vsBaseline` replaced by the median across runs, and 'unstable-ratio' when the spread is
 * above the limit. Baselines (ratio 1 by definition) and rows that failed in some run get no spread.
 */
export function combineRuns(reports: readonly RunReport[], limit = RATIO_SPREAD_LIMIT): RunReport {
  const last = reports.at(-1);
  if (!last) throw new Error('combineRuns needs at least one report');
  const byKey = new Map<string, BenchResult[]>();
  for (const report of reports) for (const r of report.results) byKey.set(keyOf(r), [...(byKey.get(keyOf(r)) ?? []), r]);
  const results = last.results.map((r): BenchResult => {
    if (r.baseline || r.vsBaseline === null) return r;
    const runs = (byKey.get(keyOf(r)) ?? []).map((x) => x.vsBaseline);
    if (runs.length < 2 || runs.some((x) => x === null)) return r;
    const spread = ratioSpread(runs as number[]);
    if (!spread) return r;
    const flags = spread.spread > limit && !r.flags.includes('unstable-ratio') ? [...r.flags, 'unstable-ratio' as const] : r.flags;
    return { ...r, vsBaseline: spread.median, ratioRuns: { runs: runs as number[], ...spread }, flags };
  });
  return { ...last, results, summary: summarize(results, last.environment.cores), aborted: reports.some((r) => r.aborted) };
}
