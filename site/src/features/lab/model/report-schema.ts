/**
 * Validation of a report file before the page trusts it (import). It accepts what the engine writes, from
 * this page or from `npm run bench -- --json FILE`, and says precisely where a file goes wrong.
 */
import { z } from 'zod';
import { summarize, type RunReport } from '../../../../../labs/index.ts';
import type { Where } from './bench-host.ts';
import type { KernelSize } from './edited-kernels.ts';

/** What the page adds to an engine report: where it ran, and the size of the edited kernels. */
export interface LabMeta {
  where: Where | 'node';
  kernelSize?: KernelSize;
}
export type LabReport = RunReport & { lab?: LabMeta };

// JSON has no NaN or Infinity: JSON.stringify writes null (e.g. rme of a single sample). Read it back as NaN.
const figure = z.number().nullable().transform((x) => x ?? Number.NaN);

const latency = z.object({ mean: figure, p10: figure.optional(), p50: figure, p99: figure, sd: figure, rme: figure, min: figure, max: figure });

// Loose objects: fields a newer engine adds are kept (an import loses nothing), and flags are open-ended.
const result = z.looseObject({
  suite: z.enum(['concurrency', 'wasm']),
  workload: z.string().min(1),
  approach: z.string().min(1),
  label: z.string(),
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  ok: z.boolean(),
  skipped: z.boolean().optional(),
  error: z.string().optional(),
  unit: z.enum(['iteration', 'request']),
  samples: z.number().int().nonnegative(),
  latency: latency.nullable(),
  throughput: z.object({ mean: figure }).nullable(),
  baseline: z.boolean(),
  compareBy: z.enum(['mean', 'p10', 'p50', 'p99']),
  vsBaseline: z.number().nullable(),
  flags: z.array(z.string()),
  coresUsed: z.number().optional(),
  distribution: z.array(figure).optional(),
});

const environment = z.looseObject({
  runtime: z.enum(['node', 'browser']),
  runtimeVersion: z.string(),
  userAgent: z.string(),
  cores: z.number().int().positive(),
  cpuModel: z.string().optional(),
  crossOriginIsolated: z.boolean().nullable(),
  sharedArrayBuffer: z.boolean(),
  loadAverage: z.array(z.number()).optional(),
  timerResolutionMs: z.number().nonnegative(),
  tools: z.record(z.string(), z.string()),
  date: z.iso.datetime({ offset: true }),
});

const report = z.looseObject({
  schemaVersion: z.literal(1, { error: 'schemaVersion must be 1 (a report written by this engine)' }),
  environment,
  config: z.object({
    profile: z.enum(['default', 'quick']),
    timeMs: z.number().positive(),
    warmupMs: z.number().nonnegative(),
    minSamples: z.number().int().nonnegative(),
    rmeThreshold: z.number().positive(),
  }),
  results: z.array(result),
  // Derived from the results; recomputed on import rather than trusted.
  summary: z.unknown().optional(),
  aborted: z.boolean(),
  lab: z
    .object({ where: z.enum(['main', 'worker', 'runner', 'node']), kernelSize: z.enum(['small', 'medium', 'large']).optional() })
    .optional(),
});

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '') || 'the file';
}

/** The report, or a message naming the first problems (path: what is wrong). */
export function validateReport(data: unknown): { ok: true; report: LabReport } | { ok: false; error: string } {
  const parsed = report.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${pathOf(i.path)}: ${i.message}`);
    const more = parsed.error.issues.length - issues.length;
    return { ok: false, error: issues.join('; ') + (more > 0 ? ` (and ${more} more)` : '') };
  }
  const { summary: _ignored, lab, ...fields } = parsed.data;
  // Flags stay strings a newer engine may have added; the page shows unknown ones by name.
  const rest = fields as unknown as Omit<RunReport, 'summary'>;
  const base: LabReport = { ...rest, summary: summarize(rest.results, rest.environment.cores) };
  const where: LabMeta['where'] = lab?.where ?? (rest.environment.runtime === 'node' ? 'node' : 'main');
  return { ok: true, report: { ...base, lab: { ...lab, where } } };
}
