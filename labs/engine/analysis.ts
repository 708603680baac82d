/** Ratios between approaches and the Amdahl fit for the worker scaling results. */
import type { AmdahlFit, BenchResult, RatioSummary } from './types.ts';

/** The latency figure ratios use for a result (mean, p10 for the Wasm kernels, p99 for latency under load). */
export function metricOf(result: BenchResult): number | null {
  if (!result.ok || !result.latency) return null;
  return result.latency[result.compareBy] ?? null;
}

/** Sets `vsBaseline` = baseline metric / result metric on each result of one workload. */
export function withBaselineRatios(results: BenchResult[]): BenchResult[] {
  const baseline = results.find((r) => r.baseline);
  const base = baseline ? metricOf(baseline) : null;
  return results.map((r) => {
    const metric = metricOf(r);
    return { ...r, vsBaseline: base !== null && metric !== null && metric > 0 ? base / metric : null };
  });
}

/**
 * Least-squares serial fraction s of Amdahl's law, T(n) = T(1) * (s + (1 - s) / n), from measured times.
 * With x = 1/n and y = T(n)/T(1) the model is y - x = s (1 - x), so s = Σ(1-x)(y-x) / Σ(1-x)².
 * Only n > 1 carries information. Returns null without such a point; clamps to [0, 1].
 */
export function fitSerialFraction(times: ReadonlyArray<{ workers: number; ms: number }>): number | null {
  const t1 = times.find((t) => t.workers === 1)?.ms;
  if (t1 === undefined || t1 <= 0) return null;
  let num = 0;
  let den = 0;
  for (const { workers, ms } of times) {
    if (workers <= 1) continue;
    const x = 1 / workers;
    const y = ms / t1;
    num += (1 - x) * (y - x);
    den += (1 - x) ** 2;
  }
  if (den === 0) return null;
  return Math.min(1, Math.max(0, num / den));
}

/** Amdahl's law: speedup with n workers for serial fraction s. */
export function amdahlSpeedup(serialFraction: number, workers: number): number {
  return 1 / (serialFraction + (1 - serialFraction) / workers);
}

function isWorkerScaling(r: BenchResult): boolean {
  return r.suite === 'concurrency' && r.approach === 'workers' && typeof r.params.workers === 'number';
}

/**
 * One fit per transfer mode. The fit uses worker counts up to `cores` only: past the core count the
 * workers time-share, which is not the serial fraction Amdahl's law is about (the points are still shown).
 * It also leaves out results flagged cpu-starved, whose times measure other processes.
 */
export function amdahlFits(results: BenchResult[], cores: number): AmdahlFit[] {
  const byTransfer = new Map<string, BenchResult[]>();
  for (const r of results.filter(isWorkerScaling)) {
    const transfer = String(r.params.transfer);
    byTransfer.set(transfer, [...(byTransfer.get(transfer) ?? []), r]);
  }
  const fits: AmdahlFit[] = [];
  for (const [transfer, rs] of byTransfer) {
    const times = rs.flatMap((r) => (r.ok && r.latency ? [{ workers: r.params.workers as number, ms: r.latency.mean, starved: r.flags.includes('cpu-starved') }] : []));
    const t1 = times.find((t) => t.workers === 1)?.ms;
    const usable = times.filter((t) => t.workers <= Math.max(cores, 1) && !t.starved);
    const s = usable.some((t) => t.workers === 1) ? fitSerialFraction(usable) : null;
    const fittedFrom = s === null ? [] : usable.filter((t) => t.workers > 1).map((t) => t.workers);
    const maxWorkers = Math.max(...rs.map((r) => r.params.workers as number));
    const points = [];
    for (let n = 1; n <= maxWorkers; n++) {
      const measured = times.find((t) => t.workers === n);
      points.push({
        workers: n,
        measuredSpeedup: measured && t1 !== undefined ? t1 / measured.ms : null,
        amdahlSpeedup: s === null ? null : amdahlSpeedup(s, n),
      });
    }
    fits.push({ transfer, serialFraction: s, fittedFrom, points });
  }
  return fits;
}

function find(results: BenchResult[], workload: string, approach: string): BenchResult | undefined {
  return results.find((r) => r.workload === workload && r.approach === approach && r.ok);
}

export const WASM_APPROACHES = ['Rust Wasm', 'Rust Wasm SIMD', 'AssemblyScript'] as const;

export function summarize(results: BenchResult[], cores: number): RatioSummary {
  const summary: RatioSummary = { jsOverWasm: [], wasmOverNative: [], speedupAt2Workers: [], amdahl: [] };
  const kernels = [...new Set(results.filter((r) => r.suite === 'wasm' && r.approach === 'native').map((r) => r.workload))];
  for (const workload of kernels) {
    const js = find(results, workload, 'JS');
    const native = find(results, workload, 'native');
    for (const approach of WASM_APPROACHES) {
      const wasm = find(results, workload, approach);
      const w = wasm ? metricOf(wasm) : null;
      if (w === null) continue;
      const j = js ? metricOf(js) : null;
      const n = native ? metricOf(native) : null;
      if (j !== null && w > 0) summary.jsOverWasm.push({ workload, approach, ratio: j / w });
      if (n !== null && n > 0 && approach !== 'AssemblyScript') {
        summary.wasmOverNative.push({ workload, approach, ratio: w / n });
      }
    }
  }
  summary.amdahl = amdahlFits(results, cores);
  for (const fit of summary.amdahl) {
    const speedup = fit.points.find((p) => p.workers === 2)?.measuredSpeedup;
    if (speedup == null) continue;
    const two = results.find((r) => isWorkerScaling(r) && r.params.workers === 2 && String(r.params.transfer) === fit.transfer);
    summary.speedupAt2Workers.push({
      transfer: fit.transfer,
      speedup,
      ...(two?.coresUsed !== undefined ? { coresUsed: two.coresUsed } : {}),
      cpuStarved: two?.flags.includes('cpu-starved') ?? false,
    });
  }
  return summary;
}
