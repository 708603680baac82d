/** The cross-check's arithmetic: plain-loop ratios from pooled 10th percentiles, and the lab's ratios next to them. */
import type { BenchResult } from '../engine/types.ts';

/** Lab and plain loop agree when their ratios differ by at most this share of the plain-loop ratio. */
export const CROSSCHECK_TOLERANCE = 0.1;

/**
 * The plain-loop ratio of an approach to its baseline: both were measured in interleaved slices over the
 * same seconds, so the ratio is simply baseline pooled p10 / approach pooled p10 (the lab's compareBy for
 * the Wasm suite, and for the same reason: labs/README.md, "Why the 10th percentile"). Null when either
 * figure is missing (a failed approach has NaN).
 */
export function plainRatio(baselineMs: number, approachMs: number): number | null {
  return Number.isFinite(baselineMs) && Number.isFinite(approachMs) && baselineMs > 0 && approachMs > 0 ? baselineMs / approachMs : null;
}

/** lab / plain - 1: +0.05 means the lab's ratio is 5 % above the plain loop's. */
export function relativeDifference(lab: number, plain: number): number {
  return lab / plain - 1;
}

export interface CrosscheckRow {
  workload: string;
  label: string;
  /** The lab's ratio (vsBaseline; the median across runs with --repeat). */
  lab: number | null;
  /** With --repeat: the lab's ratio in each run. */
  labRuns?: number[];
  plain: number | null;
  /** lab / plain - 1, for the median lab ratio. */
  difference: number | null;
  /** The largest |lab / plain - 1| over the single runs (or of the one run). */
  worstRunDifference: number | null;
  agrees: boolean | null;
}

export interface PlainMeasurement {
  workload: string;
  label: string;
  baseline: boolean;
  /** The 10th percentile of the calls (ms) over all samples of all slices pooled; NaN when the approach failed. */
  p10Ms: number;
  /** Their median (ms), for reference; NaN when the approach failed. */
  medianMs: number;
  /** Timed calls pooled. */
  calls: number;
  /** Each slice's median call (ms), in round order. */
  sliceMediansMs: number[];
  /** Why the approach has no figure (it failed to prepare, its output did not match, or its worker died). */
  error?: string;
}

/** Pairs each non-baseline plain-loop measurement with the lab's result for the same workload and label. */
export function compareWithLab(lab: readonly BenchResult[], plain: readonly PlainMeasurement[], tolerance = CROSSCHECK_TOLERANCE): CrosscheckRow[] {
  const rows: CrosscheckRow[] = [];
  for (const m of plain) {
    if (m.baseline) continue;
    const base = plain.find((p) => p.workload === m.workload && p.baseline);
    const ratio = base ? plainRatio(base.p10Ms, m.p10Ms) : null;
    const result = lab.find((r) => r.workload === m.workload && r.label === m.label);
    const labRatio = result?.vsBaseline ?? null;
    const runs = result?.ratioRuns?.runs ?? (labRatio !== null ? [labRatio] : []);
    const difference = labRatio !== null && ratio !== null ? relativeDifference(labRatio, ratio) : null;
    const worst = ratio !== null && runs.length > 0 ? Math.max(...runs.map((x) => Math.abs(relativeDifference(x, ratio)))) : null;
    rows.push({
      workload: m.workload,
      label: m.label,
      lab: labRatio,
      ...(result?.ratioRuns ? { labRuns: result.ratioRuns.runs } : {}),
      plain: ratio,
      difference,
      worstRunDifference: worst,
      agrees: worst === null ? null : worst <= tolerance,
    });
  }
  return rows;
}
