/** Reports as files: JSON (the engine's own shape, re-importable) and CSV (one row per result). */
import type { BenchResult } from '../../../../../labs/index.ts';
import { validateReport, type LabReport } from './report-schema.ts';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export function reportFileName(report: LabReport, ext: 'json' | 'csv'): string {
  return `benchmark-${report.environment.date.slice(0, 19).replace(/:/g, '-')}.${ext}`;
}

export function reportToJson(report: LabReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const CSV_COLUMNS = [
  'suite', 'workload', 'approach', 'label', 'params', 'ok', 'skipped', 'error', 'unit', 'samples',
  'mean_ms', 'p10_ms', 'p50_ms', 'p99_ms', 'sd_ms', 'rme_pct', 'min_ms', 'max_ms', 'throughput_per_s',
  'baseline', 'compare_by', 'vs_baseline', 'flags', 'isolated', 'runtime', 'cores', 'cross_origin_isolated', 'timer_resolution_ms', 'date',
] as const;

function cell(value: unknown): string {
  if (value === undefined || value === null || (typeof value === 'number' && !Number.isFinite(value))) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV; each row repeats the run's environment so a row read alone still says where it came from. */
export function reportToCsv(report: LabReport): string {
  const env = report.environment;
  const row = (r: BenchResult) => [
    r.suite, r.workload, r.approach, r.label,
    Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(' '), r.ok, r.skipped ?? false, r.error, r.unit, r.samples,
    r.latency?.mean, r.latency?.p10, r.latency?.p50, r.latency?.p99, r.latency?.sd, r.latency?.rme, r.latency?.min, r.latency?.max, r.throughput?.mean,
    r.baseline, r.compareBy, r.vsBaseline, r.flags.join(' '), r.isolated, `${env.runtime} ${env.runtimeVersion}`, env.cores, env.crossOriginIsolated, env.timerResolutionMs, env.date,
  ];
  return [CSV_COLUMNS.join(','), ...report.results.map((r) => row(r).map(cell).join(','))].join('\r\n') + '\r\n';
}

export type ImportOutcome = { ok: true; report: LabReport } | { ok: false; error: string };

/** Parses and validates an imported file; the error says what is wrong with it, in the learner's terms. */
export function parseReportFile(text: string, fileName: string): ImportOutcome {
  if (text.length > MAX_IMPORT_BYTES) return { ok: false, error: `${fileName} is larger than ${MAX_IMPORT_BYTES >> 20} MB; a benchmark report is far smaller.` };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${fileName} is not JSON (${e instanceof Error ? e.message : String(e)}). Import a file saved with “Export JSON” or written by npm run bench -- --json.` };
  }
  const checked = validateReport(data);
  return checked.ok ? checked : { ok: false, error: importError(fileName, data, checked.error) };
}

const HOW_TO_GET_ONE = 'Import a file saved with “Export JSON” or written by npm run bench -- --json.';

/**
 * In the learner's terms: not a report at all, a report from another version, or a report with one
 * field the lab cannot read (the first one, in words), rather than a list of schema paths.
 */
function importError(fileName: string, data: unknown, problems: string): string {
  const version = data && typeof data === 'object' && !Array.isArray(data) ? (data as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (version === undefined) return `${fileName} is not a benchmark report: it has no schemaVersion, which every report has. ${HOW_TO_GET_ONE}`;
  if (version !== 1) return `${fileName} is a benchmark report of another version (schemaVersion ${JSON.stringify(version)}); this lab reads version 1. Export it again with this version of the workbook.`;
  const [first = problems] = problems.split('; ');
  const at = first.indexOf(': ');
  const [where, what] = at > 0 ? [first.slice(0, at), first.slice(at + 2)] : ['the file', first];
  return `${fileName} is a benchmark report the lab cannot read: ${where} is wrong (${what.replace(/^Invalid input: /, '')}). Was it edited by hand? ${HOW_TO_GET_ONE}`;
}
