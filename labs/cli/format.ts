/** Plain-text rendering of a run for the terminal: environment header, results table, ratio summary. */
import type { CrosscheckRow } from '../crosscheck/compare.ts';
import type { BenchResult, Environment, RatioSummary } from '../engine/types.ts';

/** Milliseconds with about three significant digits. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  if (ms >= 0.001) return ms.toFixed(4);
  return ms.toExponential(2);
}

export function formatRatio(ratio: number | null): string {
  if (ratio === null) return '-';
  return ratio >= 10 ? `${ratio.toFixed(1)}x` : `${ratio.toFixed(2)}x`;
}

/** Renders rows as aligned columns; numeric-looking cells are right-aligned. */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = (cell: string) => /^[-+]?[\d.]+(e[-+]?\d+)?(x|%)?$/.test(cell);
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric(cell) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatResults(results: BenchResult[]): string {
  const header = ['suite', 'workload', 'approach', 'mean ms', 'p10', 'p50', 'p99', 'rme%', 'samples', 'cores', 'vs base', 'flags'];
  const rows = results.map((r) => {
    const name = r.baseline ? `${r.label} (base)` : r.label;
    if (!r.ok || !r.latency) {
      return [r.suite, r.workload, name, r.skipped ? 'skipped' : 'FAILED', '', '', '', '', '', '', '', r.error ?? ''];
    }
    const ratio = r.baseline ? '1.00x' : formatRatio(r.vsBaseline);
    return [
      r.suite,
      r.workload,
      name,
      formatMs(r.latency.mean),
      r.latency.p10 === undefined ? '-' : formatMs(r.latency.p10),
      formatMs(r.latency.p50),
      formatMs(r.latency.p99),
      r.latency.rme.toFixed(1),
      String(r.samples),
      r.coresUsed === undefined ? '-' : r.coresUsed.toFixed(2),
      r.compareBy === 'mean' ? ratio : `${ratio} ${r.compareBy}`,
      r.flags.join(','),
    ];
  });
  return renderTable(header, rows);
}

export function formatEnvironment(env: Environment): string {
  const tools = Object.entries(env.tools)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  return [
    `${env.userAgent}, ${env.cores} cores${env.cpuModel ? ` (${env.cpuModel})` : ''}`,
    `timer resolution ${(env.timerResolutionMs * 1000).toFixed(3)} µs, crossOriginIsolated ${env.crossOriginIsolated ?? 'n/a'}, SharedArrayBuffer ${env.sharedArrayBuffer}`,
    ...(env.loadAverage ? [`load average ${env.loadAverage.join(' ')}${(env.loadAverage[0] ?? 0) > env.cores ? ` — above ${env.cores} cores: other processes compete for the CPU, expect noise` : ''}`] : []),
    `tools: ${tools || 'none'}`,
    `date ${env.date}`,
  ].join('\n');
}

export function formatSummary(summary: RatioSummary): string {
  const lines: string[] = [];
  if (summary.jsOverWasm.length > 0) {
    lines.push('JS / Wasm (10th-percentile time ratio; above 1 = faster than JS):');
    for (const r of summary.jsOverWasm) lines.push(`  ${r.workload.padEnd(12)} ${r.approach.padEnd(15)} ${formatRatio(r.ratio)}`);
  }
  if (summary.wasmOverNative.length > 0) {
    lines.push('Wasm / native (above 1 = native is faster):');
    for (const r of summary.wasmOverNative) lines.push(`  ${r.workload.padEnd(12)} ${r.approach.padEnd(15)} ${formatRatio(r.ratio)}`);
  }
  for (const s of summary.speedupAt2Workers) {
    const got = s.coresUsed === undefined ? '' : ` (the process got ${s.coresUsed.toFixed(2)} cores)`;
    const caveat = s.cpuStarved ? ' — cpu-starved: the machine did not give the workers their cores, so this is no scaling figure' : '';
    lines.push(`Speedup at 2 workers vs 1 (${s.transfer}): ${formatRatio(s.speedup)}${got}${caveat}`);
  }
  for (const fit of summary.amdahl) {
    if (fit.serialFraction === null) {
      lines.push(`Amdahl (${fit.transfer}): no fit — no usable 1-vs-n pair (cpu-starved or failed results are left out)`);
      continue;
    }
    const points = fit.points
      .map((p) => `n=${p.workers}: measured ${p.measuredSpeedup === null ? '-' : formatRatio(p.measuredSpeedup)}, Amdahl ${p.amdahlSpeedup === null ? '-' : formatRatio(p.amdahlSpeedup)}`)
      .join('; ');
    lines.push(`Amdahl (${fit.transfer}): serial fraction s = ${fit.serialFraction.toFixed(3)} (fit from n = 1 vs ${fit.fittedFrom.join(', ')}); ${points}`);
  }
  return lines.join('\n');
}

const percent = (x: number | null, signed = false) => (x === null ? '-' : `${signed && x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`);

/** With --repeat: each non-baseline ratio in every run, its median and spread. */
export function formatRatioRuns(results: BenchResult[], limit: number): string {
  const rows = results.filter((r) => r.ratioRuns);
  if (rows.length === 0) return '';
  const runs = Math.max(...rows.map((r) => r.ratioRuns!.runs.length));
  const header = ['workload', 'approach', ...Array.from({ length: runs }, (_, i) => `run ${i + 1}`), 'median', 'spread', 'flag'];
  const body = rows.map((r) => {
    const rr = r.ratioRuns!;
    return [
      r.workload,
      r.label,
      ...Array.from({ length: runs }, (_, i) => (rr.runs[i] === undefined ? '-' : formatRatio(rr.runs[i]!))),
      formatRatio(rr.median),
      percent(rr.spread),
      rr.spread > limit ? 'unstable-ratio' : '',
    ];
  });
  return `Ratio to the baseline in each run (spread = (max - min) / median; above ${(limit * 100).toFixed(0)} % is flagged unstable-ratio):\n${renderTable(header, body)}`;
}

/** The cross-check: the lab's ratio and the plain loop's side by side, with their difference. */
export function formatCrosscheck(rows: CrosscheckRow[], tolerance: number): string {
  const withRuns = rows.some((r) => r.labRuns);
  const header = ['workload', 'approach', withRuns ? 'lab (median)' : 'lab', 'plain loop', 'difference', ...(withRuns ? ['worst run'] : []), 'agree'];
  const body = rows.map((r) => [
    r.workload,
    r.label,
    formatRatio(r.lab),
    formatRatio(r.plain),
    percent(r.difference, true),
    ...(withRuns ? [r.worstRunDifference === null ? '-' : `±${(r.worstRunDifference * 100).toFixed(1)}%`] : []),
    r.agrees === null ? '-' : r.agrees ? 'yes' : `NO (>${(tolerance * 100).toFixed(0)}%)`,
  ]);
  return renderTable(header, body);
}
