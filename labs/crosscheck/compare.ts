/** The cross-check's arithmetic: plain-loop ratios from per-process medians, and the lab's ratios next to them. */
import { medianOf } from '../engine/repeat.ts';
import type { BenchResult } from '../engine/types.ts';

/** Lab and plain loop agree when their ratios differ by at most this share of the plain-loop ratio. */
export const CROSSCHECK_TOLERANCE = 0.1;

/**
 * The plain-loop ratio of an approach to its baseline: in each round both ran in fresh isolates one after
 * the other, so each round gives baseline median / approach median; the figure is the median over rounds.
 */
export function plainRatio(baselineMs: readonly number[], approachMs: readonly number[]): number | null {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(baselineMs.length, approachMs.length); i++) {
    const b = baselineMs[i]!;
    const a = approachMs[i]!;
    if (Number.isFinite(a) && Number.isFinite(b) && a > 0 && b > 0) ratios.push(b / a);
  }
  return ratios.length > 0 ? medianOf(ratios) : null;
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
  /** Per round: the median call in ms (NaN for a failed round). */
  mediansMs: number[];
}

/** Pairs each non-baseline plain-loop measurement with the lab's result for the same workload and label. */
export function compareWithLab(lab: readonly BenchResult[], plain: readonly PlainMeasurement[], tolerance = CROSSCHECK_TOLERANCE): CrosscheckRow[] {
  const rows: CrosscheckRow[] = [];
  for (const m of plain) {
    if (m.baseline) continue;
    const base = plain.find((p) => p.workload === m.workload && p.baseline);
    const ratio = base ? plainRatio(base.mediansMs, m.mediansMs) : null;
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
