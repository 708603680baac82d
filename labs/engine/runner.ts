/**
 * Runs workloads: for each approach, prepare it, check its output against the JS reference, and only then
 * time it with tinybench. Reports progress through a callback and stops early through an AbortSignal.
 */
import { Bench, type TimerSaturationReason } from 'tinybench';
import { summarize, withBaselineRatios } from './analysis.ts';
import { compareCheck } from './check.ts';
import { resolveConfig } from './config.ts';
import { IsolateUnavailable, isolatableSource } from './isolatable.ts';
import { captureEnvironment } from './environment.ts';
import type { Platform } from './platform.ts';
import { measureInterleaved, openLocalSession } from './session.ts';
import { SkipApproach } from './skip.ts';
import { flagResult, shapeTaskStats, statsFromSamples, type ShapedStats } from './stats.ts';
import {
  SCHEMA_VERSION,
  type Approach,
  type BenchConfig,
  type BenchResult,
  type Capabilities,
  type Environment,
  type Measured as MeasuredOutcome,
  type OpenedSession,
  type PreparedApproach,
  type ProgressEvent,
  type RunContext,
  type RunReport,
  type Workload,
} from './types.ts';

export interface RunOptions {
  platform: Platform;
  workloads: Workload[];
  config?: Partial<BenchConfig>;
  /** Only approaches with these names (all when absent). */
  approaches?: string[];
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
  /** Extra tool versions for the environment record. */
  tools?: Record<string, string>;
}

export { SkipApproach } from './skip.ts';

type Measured = MeasuredOutcome & { stats?: ShapedStats };

function baseResult(workload: Workload, approach: Approach, baseline: boolean): BenchResult {
  return {
    suite: workload.suite,
    workload: workload.id,
    approach: approach.name,
    label: approach.label ?? approach.name,
    params: { ...workload.params, ...approach.params },
    ok: false,
    unit: workload.unit ?? 'iteration',
    samples: 0,
    latency: null,
    throughput: null,
    baseline,
    compareBy: workload.compareBy ?? 'mean',
    vsBaseline: null,
    flags: [],
  };
}

async function timeWithTinybench(
  workload: Workload,
  approach: Approach,
  prepared: Extract<PreparedApproach, { kind: 'timed' }>,
  ctx: RunContext,
): Promise<Measured> {
  const { config, signal, platform } = ctx;
  let saturation: TimerSaturationReason | undefined;
  // One Bench per approach: relay the run's signal through a local controller and detach afterwards, so
  // long runs do not pile listeners onto the caller's signal.
  const local = new AbortController();
  const relayAbort = () => local.abort();
  if (signal.aborted) local.abort();
  else signal.addEventListener('abort', relayAbort, { once: true });
  // In task-concurrent mode tinybench treats `iterations` as a cap, not a minimum; 0 lifts it and the time
  // budget alone decides (the threshold bounds how many run at once).
  const concurrent = workload.bench?.concurrency === 'task';
  const bench = new Bench({
    time: config.timeMs,
    iterations: concurrent ? 0 : config.minSamples,
    warmup: true,
    warmupTime: config.warmupMs,
    warmupIterations: concurrent ? 0 : 2,
    signal: local.signal,
    concurrency: workload.bench?.concurrency ?? null,
    // Request latencies are kept for their distribution (BenchResult.distribution); iteration workloads
    // can take 100k+ samples, which are not worth holding on to.
    retainSamples: (workload.unit ?? 'iteration') === 'request',
    ...(workload.bench?.threshold !== undefined ? { threshold: workload.bench.threshold } : {}),
  });
  bench.addEventListener('warning', (event) => {
    saturation = event.reason;
  });
  bench.add(approach.name, () => prepared.run(), { async: prepared.async });
  const cpuBefore = platform.processCpuMs?.();
  const wallBefore = performance.now();
  try {
    await bench.run();
  } finally {
    signal.removeEventListener('abort', relayAbort);
  }
  const cpuAfter = platform.processCpuMs?.();
  const wall = performance.now() - wallBefore;
  const coresUsed = cpuBefore !== undefined && cpuAfter !== undefined && wall > 0 ? (cpuAfter - cpuBefore) / wall : undefined;
  const task = bench.tasks[0];
  if (!task) return { error: 'tinybench returned no task' };
  if (task.result.state === 'errored') return { error: `threw while timed: ${task.result.error.message}` };
  const stats = shapeTaskStats(task);
  if (!stats) return { error: `no statistics (${task.result.state})` };
  const expectedCores = approach.expectedCores ?? (prepared.async ? undefined : 1);
  return {
    stats,
    ...(saturation ? { saturation } : {}),
    ...(coresUsed !== undefined ? { coresUsed } : {}),
    ...(expectedCores !== undefined ? { expectedCores } : {}),
  };
}

/** Prepares, checks, times and disposes one approach in this isolate (also what an isolate worker runs). */
export async function measureApproach(workload: Workload, approach: Approach, ctx: RunContext, expected: number): Promise<Measured> {
  let prepared: PreparedApproach;
  try {
    prepared = await approach.prepare(ctx);
  } catch (error) {
    if (error instanceof SkipApproach) return { skipped: true, error: error.message };
    return { error: `prepare failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  let outcome: Measured;
  try {
    outcome = await checkThenTime(workload, approach, prepared, ctx, expected);
  } catch (error) {
    outcome = error instanceof SkipApproach ? { skipped: true, error: error.message } : { error: error instanceof Error ? error.message : String(error) };
  }
  try {
    await prepared.dispose?.();
  } catch (error) {
    // A failed cleanup may leave a worker or a server behind: make it visible rather than keep the number.
    outcome = { error: `dispose failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  return outcome;
}

async function checkThenTime(workload: Workload, approach: Approach, prepared: PreparedApproach, ctx: RunContext, expected: number): Promise<Measured> {
  if (prepared.kind === 'timed') {
    // Correctness first: a wrong answer never gets a number.
    const value = await prepared.check(await prepared.run());
    const mismatch = compareCheck(expected, value, workload.tolerance ?? 0);
    if (mismatch) return { error: mismatch };
    return timeWithTinybench(workload, approach, prepared, ctx);
  }
  const { samplesMs, check } = await prepared.measure(ctx.config, ctx.signal);
  const mismatch = compareCheck(expected, check, workload.tolerance ?? 0);
  if (mismatch) return { error: mismatch };
  const stats = await statsFromSamples(samplesMs);
  return stats ? { stats } : { error: 'no samples' };
}

/**
 * Where an isolate finds the approach again: its index among the built-in workload's approaches (a subset
 * copy may have fewer; approaches() may build new objects on every call, hence by label).
 */
function indexOfApproach(source: Workload, approach: Approach, config: BenchConfig): number {
  const label = approach.label ?? approach.name;
  return source.approaches(config).findIndex((a) => (a.label ?? a.name) === label);
}

/** Approaches that run their code in this runtime get an isolate of their own; native runs a process anyway. */
function isolatingSource(workload: Workload, approach: Approach): Workload | undefined {
  return (approach.requires ?? []).includes('native') ? undefined : isolatableSource(workload);
}

/**
 * A session for one approach in a fresh isolate where the platform can start one; otherwise (no
 * `openIsolate`, or it could not start an isolate) in this one, and the result says so and why.
 */
async function openIsolated(result: BenchResult, source: Workload, workload: Workload, approach: Approach, ctx: RunContext, expected: number): Promise<OpenedSession> {
  const { platform, config, signal } = ctx;
  let reason = platform.isolationUnavailable ?? 'this platform cannot start a fresh isolate';
  if (platform.openIsolate) {
    const job = { workloadId: source.id, approachIndex: indexOfApproach(source, approach, config), label: approach.label ?? approach.name, config, expected };
    try {
      const opened = await platform.openIsolate(job, signal);
      result.isolated = true;
      return opened;
    } catch (error) {
      if (!(error instanceof IsolateUnavailable)) {
        result.isolated = true;
        return { failed: { error: `isolate failed: ${error instanceof Error ? error.message : String(error)}` } };
      }
      reason = error.message;
    }
  }
  result.isolated = false;
  result.isolationReason = reason;
  return openLocalSession(workload, approach, ctx, expected);
}

function missingCapability(approach: Approach, capabilities: Capabilities): string | undefined {
  for (const need of approach.requires ?? []) {
    const cap = capabilities[need];
    if (!cap.available) return cap.reason ?? `needs ${need}`;
  }
  return undefined;
}

/** The approaches of each workload that this run will execute, in order. */
export function planRun(workloads: Workload[], config: BenchConfig, approachFilter?: string[]): Array<{ workload: Workload; approaches: Approach[] }> {
  return workloads
    .map((workload) => ({
      workload,
      approaches: workload.approaches(config).filter((a) => !approachFilter || approachFilter.includes(a.name)),
    }))
    .filter((p) => p.approaches.length > 0);
}

/** Fills a result from what was measured: statistics and flags, or the error. */
function applyMeasured(result: BenchResult, measured: Measured, environment: Environment, config: BenchConfig): void {
  if (measured.stats) {
    Object.assign(result, measured.stats, { ok: true });
    if (measured.coresUsed !== undefined) result.coresUsed = Math.round(measured.coresUsed * 100) / 100;
    result.flags = flagResult({
      samples: measured.stats.samples,
      latency: measured.stats.latency,
      timerResolutionMs: environment.timerResolutionMs,
      rmeThreshold: config.rmeThreshold,
      ...(measured.saturation ? { saturation: measured.saturation as TimerSaturationReason } : {}),
      ...(measured.coresUsed !== undefined ? { coresUsed: measured.coresUsed } : {}),
      // n workers on a machine with fewer cores can only keep `cores` busy.
      ...(measured.expectedCores !== undefined ? { expectedCores: Math.min(measured.expectedCores, environment.cores) } : {}),
    });
  } else {
    result.error = measured.error ?? 'unknown error';
    if (measured.skipped) result.skipped = true;
  }
}

/** Why an approach cannot be measured before anything runs: a missing capability, no reference value. */
function precondition(approach: Approach, capabilities: Capabilities, expected: number | undefined, expectedError: string | undefined): Measured | undefined {
  const missing = missingCapability(approach, capabilities);
  if (missing) return { skipped: true, error: missing };
  if (expected === undefined) return { error: expectedError ?? 'no reference value' };
  return undefined;
}

export async function runBenchmarks(options: RunOptions): Promise<RunReport> {
  const config = resolveConfig(options.config);
  const signal = options.signal ?? new AbortController().signal;
  const emit = options.onProgress ?? (() => {});
  const ctx: RunContext = { platform: options.platform, config, signal };
  const environment: Environment = await captureEnvironment(options.platform, options.tools);
  emit({ type: 'environment', environment });
  const capabilities = await options.platform.capabilities();
  const plan = planRun(options.workloads, config, options.approaches);
  const total = plan.reduce((n, p) => n + p.approaches.length, 0);
  const results: BenchResult[] = [];
  let index = 0;

  for (const { workload, approaches } of plan) {
    if (signal.aborted) break;
    const baselineApproach = approaches.find((a) => a.baseline);
    let expected: number | undefined;
    let expectedError: string | undefined;
    try {
      expected = await workload.expected(ctx);
    } catch (error) {
      expectedError = `JS reference failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    const workloadResults: BenchResult[] = [];

    if (workload.isolate) {
      // Interleaved (session.ts): open every approach's session, measure them in rounds, then report.
      const opened: Array<{ result: BenchResult; opened: OpenedSession }> = [];
      try {
        for (const approach of approaches) {
          if (signal.aborted) break;
          emit({ type: 'approach-start', workload: workload.id, approach: approach.name, params: approach.params ?? {}, index: index + opened.length, total });
          const result = baseResult(workload, approach, approach === baselineApproach);
          const blocked = precondition(approach, capabilities, expected, expectedError);
          const source = isolatingSource(workload, approach);
          opened.push({
            result,
            opened: blocked
              ? { failed: blocked }
              : source
                ? await openIsolated(result, source, workload, approach, ctx, expected!)
                : await openLocalSession(workload, approach, ctx, expected!),
          });
        }
        const live = opened.flatMap((o) => ('session' in o.opened ? [o.opened.session] : []));
        const measured = signal.aborted
          ? undefined
          : await measureInterleaved(live, { config, signal, onRound: (round, rounds) => emit({ type: 'round', workload: workload.id, round, rounds }) });
        if (!measured) break;
        let next = 0;
        for (const o of opened) {
          applyMeasured(o.result, 'session' in o.opened ? measured[next++]! : o.opened.failed, environment, config);
          workloadResults.push(o.result);
        }
      } finally {
        const closing = opened.flatMap((o, i) => ('session' in o.opened ? [o.opened.session.close().then((error) => ({ i, error }))] : []));
        for (const { i, error } of await Promise.all(closing)) {
          const result = opened[i]!.result;
          if (error !== undefined && result.ok) Object.assign(result, { ok: false, latency: null, throughput: null, error });
        }
      }
      const ratios = withBaselineRatios(workloadResults);
      for (const result of ratios) emit({ type: 'result', result, index: index++, total });
      results.push(...ratios);
      continue;
    }

    for (const approach of approaches) {
      if (signal.aborted) break;
      emit({ type: 'approach-start', workload: workload.id, approach: approach.name, params: approach.params ?? {}, index, total });
      const result = baseResult(workload, approach, approach === baselineApproach);
      const measured = precondition(approach, capabilities, expected, expectedError) ?? (await measureApproach(workload, approach, ctx, expected!));
      if (signal.aborted && !measured.stats) break;
      applyMeasured(result, measured, environment, config);
      workloadResults.push(result);
      // Baselines come first in every workload, so the ratio is already known when the result is reported.
      emit({ type: 'result', result: withBaselineRatios(workloadResults).at(-1) ?? result, index, total });
      index++;
    }
    results.push(...withBaselineRatios(workloadResults));
  }

  const report: RunReport = {
    schemaVersion: SCHEMA_VERSION,
    environment,
    config,
    results,
    summary: summarize(results, environment.cores),
    aborted: signal.aborted,
  };
  emit({ type: 'done', report });
  return report;
}
