/**
 * Interleaved measurement, for the workloads that ask for isolation (the Wasm suite).
 *
 * Why: on a shared machine the speed a process gets drifts over seconds (here the median of a 1 MiB JS
 * byte loop moved between 0.73 and 1.26 ms from one 500 ms window to the next, in one isolate). Timing
 * approach A for a second and then B for a second puts a different slice of that drift into each, and
 * their ratio moved by 10–25 % from run to run. So every approach of a workload is prepared and checked
 * first, each in its own session (its own isolate where the platform can start one), and then measured in
 * `rounds` short slices taken in turn: round r asks approach (r + i) mod n for its i-th slice. Every
 * approach sees the same stretch of the machine's weather, and its figures are computed from all its
 * slices' samples pooled (tinybench, through `statsFromSamples`).
 *
 * `openLocalSession` is the one implementation of a session: the engine uses it in its own isolate (no
 * isolates on this platform, or a workload copy an isolate cannot find), and every isolate worker runs it
 * inside (engine/isolate.ts).
 */
import { Bench, type TimerSaturationReason } from 'tinybench';
import { compareCheck } from './check.ts';
import { SkipApproach } from './skip.ts';
import { statsFromSamples } from './stats.ts';
import type { Approach, ApproachSession, BenchConfig, Measured, OpenedSession, RunContext, SliceOutcome, SliceRequest, Workload } from './types.ts';

/** Aim for slices of about this long: short enough to follow the drift, long enough for several samples. */
export const SLICE_TARGET_MS = 50;
/** A native slice is a new process: after its first slice it warms up this long (at most warmupMs). */
export const NATIVE_REWARM_MS = 20;
/**
 * A slice keeps at most this many samples: evenly spaced order statistics of all it took, so quantiles
 * (the 10th percentile the ratios use) are kept while a 3 µs kernel's 16,000 samples a slice do not all have to
 * be posted and replayed. `samples` still counts every sample taken; the rme of a thinned pool is computed
 * from fewer samples than were taken, so it errs on the high side.
 */
export const MAX_SAMPLES_PER_SLICE = 2_000;

/** At most `max` evenly spaced order statistics of ascending `sorted` (all of them when there are few). */
export function thinSorted(sorted: ArrayLike<number>, max: number): number[] {
  const n = sorted.length;
  if (n <= max) return Array.from(sorted);
  return Array.from({ length: max }, (_, j) => sorted[Math.floor(((j + 0.5) * n) / max)]!);
}

export interface SlicePlan {
  rounds: number;
  sliceMs: number;
  minSamplesPerSlice: number;
}

/** The config's time budget per approach, cut into rounds of about SLICE_TARGET_MS. */
export function slicePlan(config: Pick<BenchConfig, 'timeMs' | 'minSamples'>): SlicePlan {
  const rounds = Math.max(1, Math.round(config.timeMs / SLICE_TARGET_MS));
  return { rounds, sliceMs: config.timeMs / rounds, minSamplesPerSlice: Math.max(1, Math.ceil(config.minSamples / rounds)) };
}

/** The order of the approaches (by index) in round `round`: rotated by one each round. */
export function sliceOrder(round: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => (round + i) % count);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Prepares `approach` in this isolate and checks its first output against `expected`; the session then
 * times it in slices (tinybench for in-process approaches; a native binary per slice for sampled ones).
 */
export async function openLocalSession(workload: Workload, approach: Approach, ctx: RunContext, expected: number): Promise<OpenedSession> {
  const { config, signal, platform } = ctx;
  const tolerance = workload.tolerance ?? 0;
  let prepared;
  try {
    prepared = await approach.prepare(ctx);
  } catch (error) {
    if (error instanceof SkipApproach) return { failed: { skipped: true, error: error.message } };
    return { failed: { error: `prepare failed: ${messageOf(error)}` } };
  }
  const dispose = async (): Promise<string | undefined> => {
    try {
      await prepared.dispose?.();
      return undefined;
    } catch (error) {
      // A failed cleanup may leave a worker or a server behind: make it visible rather than keep the number.
      return `dispose failed: ${messageOf(error)}`;
    }
  };
  if (prepared.kind === 'sampled') {
    const sampled = prepared;
    return {
      session: {
        async slice(request: SliceRequest): Promise<SliceOutcome> {
          const warmupMs = request.warmup ? config.warmupMs : Math.min(config.warmupMs, NATIVE_REWARM_MS);
          try {
            const { samplesMs, check } = await sampled.measure({ ...config, timeMs: request.timeMs, warmupMs, minSamples: request.minSamples }, signal);
            const mismatch = compareCheck(expected, check, tolerance);
            return mismatch ? { error: mismatch } : { samplesMs, wallMs: request.timeMs };
          } catch (error) {
            return error instanceof SkipApproach ? { error: `skipped: ${error.message}` } : { error: messageOf(error) };
          }
        },
        close: dispose,
      },
    };
  }
  const timed = prepared;
  // Correctness first: a wrong answer never gets a number.
  try {
    const mismatch = compareCheck(expected, await timed.check(await timed.run()), tolerance);
    if (mismatch) {
      const disposeError = await dispose();
      return { failed: { error: disposeError ?? mismatch } };
    }
  } catch (error) {
    await dispose();
    return { failed: error instanceof SkipApproach ? { skipped: true, error: error.message } : { error: messageOf(error) } };
  }
  return {
    session: {
      async slice(request: SliceRequest): Promise<SliceOutcome> {
        let saturation: TimerSaturationReason | undefined;
        // tinybench listens on the signal it is given and never lets go: relay the run's signal through a
        // local controller per slice and detach afterwards, so slices do not pile listeners onto it.
        const local = new AbortController();
        const relayAbort = () => local.abort();
        if (signal.aborted) local.abort();
        else signal.addEventListener('abort', relayAbort, { once: true });
        const bench = new Bench({
          time: request.timeMs,
          iterations: request.minSamples,
          warmup: request.warmup,
          warmupTime: config.warmupMs,
          warmupIterations: 2,
          retainSamples: true,
          signal: local.signal,
        });
        bench.addEventListener('warning', (event) => {
          saturation = event.reason;
        });
        bench.add(approach.name, () => timed.run(), { async: timed.async });
        const cpuBefore = platform.processCpuMs?.();
        const wallBefore = performance.now();
        try {
          await bench.run();
        } finally {
          signal.removeEventListener('abort', relayAbort);
        }
        const wallMs = performance.now() - wallBefore;
        const cpuAfter = platform.processCpuMs?.();
        const result = bench.tasks[0]?.result;
        if (!result) return { error: 'tinybench returned no task' };
        if (result.state === 'errored') return { error: `threw while timed: ${result.error.message}` };
        if (result.state !== 'completed' && result.state !== 'aborted-with-statistics') return { error: `no statistics (${result.state})` };
        const samples = result.latency.samples ?? [];
        return {
          samplesMs: thinSorted(samples, MAX_SAMPLES_PER_SLICE),
          ...(samples.length > MAX_SAMPLES_PER_SLICE ? { taken: samples.length } : {}),
          wallMs,
          ...(cpuBefore !== undefined && cpuAfter !== undefined ? { cpuMs: cpuAfter - cpuBefore } : {}),
          ...(saturation ? { saturation } : {}),
          ...(approach.expectedCores !== undefined ? { expectedCores: approach.expectedCores } : timed.async ? {} : { expectedCores: 1 }),
        };
      },
      close: dispose,
    },
  };
}

interface Pool {
  samples: number[];
  /** Samples taken, thinned ones included. */
  taken: number;
  cpuMs: number;
  wallMs: number;
  cpuKnown: boolean;
  saturation?: string;
  expectedCores?: number;
  error?: string;
}

export interface InterleaveOptions {
  config: Pick<BenchConfig, 'timeMs' | 'minSamples'>;
  signal: AbortSignal;
  /** Called as each round starts (1-based). */
  onRound?: (round: number, rounds: number) => void;
}

/**
 * Measures the sessions in interleaved rounds and returns, per session in the same order, what it
 * measured: statistics of all its samples, or the first error (that session takes no more slices; the
 * others go on). Returns undefined when cancelled: a workload's rounds are only comparable when complete.
 * Does not close the sessions.
 */
export async function measureInterleaved(sessions: readonly ApproachSession[], options: InterleaveOptions): Promise<Measured[] | undefined> {
  const plan = slicePlan(options.config);
  const pools: Pool[] = sessions.map(() => ({ samples: [], taken: 0, cpuMs: 0, wallMs: 0, cpuKnown: true }));
  for (let round = 0; round < plan.rounds; round++) {
    if (options.signal.aborted) return undefined;
    options.onRound?.(round + 1, plan.rounds);
    for (const index of sliceOrder(round, sessions.length)) {
      if (options.signal.aborted) return undefined;
      const pool = pools[index]!;
      if (pool.error !== undefined) continue;
      const outcome = await sessions[index]!.slice({ timeMs: plan.sliceMs, minSamples: plan.minSamplesPerSlice, warmup: round === 0 }).catch(
        (error: unknown): SliceOutcome => ({ error: messageOf(error) }),
      );
      if ('error' in outcome) {
        pool.error = outcome.error;
        continue;
      }
      for (const sample of outcome.samplesMs) pool.samples.push(sample);
      pool.taken += outcome.taken ?? outcome.samplesMs.length;
      pool.wallMs += outcome.wallMs;
      if (outcome.cpuMs === undefined) pool.cpuKnown = false;
      else pool.cpuMs += outcome.cpuMs;
      pool.saturation ??= outcome.saturation;
      if (outcome.expectedCores !== undefined) pool.expectedCores = outcome.expectedCores;
    }
  }
  if (options.signal.aborted) return undefined;
  return Promise.all(pools.map((pool) => pooledMeasurement(pool)));
}

async function pooledMeasurement(pool: Pool): Promise<Measured> {
  if (pool.error !== undefined) return { error: pool.error };
  const stats = await statsFromSamples(pool.samples);
  if (!stats) return { error: 'no samples' };
  return {
    stats: { ...stats, samples: pool.taken },
    ...(pool.cpuKnown && pool.wallMs > 0 ? { coresUsed: pool.cpuMs / pool.wallMs } : {}),
    ...(pool.saturation ? { saturation: pool.saturation } : {}),
    ...(pool.expectedCores !== undefined ? { expectedCores: pool.expectedCores } : {}),
  };
}
