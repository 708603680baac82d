/**
 * The cross-check's plain loop: no tinybench, no closures of its own. A worker prepares one approach with
 * the lab's own `prepare` (so the inputs, the wasm instance and the exports are the lab's), checks its first
 * output, then calls the kernel itself — `call.fn(...call.args)`, the JS function from kernels/wasm-kernels.ts
 * or the wasm export — `warmup` times and for at least `warmupMs` (30 calls of a 3 µs kernel are 0.1 ms,
 * before V8 has finished optimizing it). After that it times slices on request: calls one by one, each
 * timed on its own, for at least `sliceMs`. crosscheck.ts interleaves the slices of all approaches of a
 * workload, so each approach is measured at the same moments as the others.
 * Approaches without a single kernel call (the boundary workloads) are called through their `run()`.
 */
import { compareCheck } from '../engine/check.ts';
import type { Platform } from '../engine/platform.ts';
import type { BenchConfig, KernelCall, TimedApproach, Workload } from '../engine/types.ts';

export interface PlainLoopOptions {
  /** Warm-up calls, at least. */
  warmup: number;
  /** And warm up for at least this long (ms): the lab's default warm-up time. */
  warmupMs: number;
  /** Rounds: each approach measures one slice per round. */
  slices: number;
  /** One slice times calls one by one for at least this long (ms), and at least one call. */
  sliceMs: number;
}

export const PLAIN_LOOP_DEFAULTS: PlainLoopOptions = { warmup: 30, warmupMs: 200, slices: 40, sliceMs: 25 };

/** An error's message, for the replies and progress lines of the cross-check. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A clock in ms; performance.now() unless a test injects one. */
export type Clock = () => number;
const performanceNow: Clock = () => performance.now();

export function median(values: ArrayLike<number>): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The q-quantile (0..1) of `values`, linearly interpolated between order statistics: the definition the
 * lab's tinybench figures use, written out here so that the cross-check does not share the lab's code.
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = q * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

/** What the plain loop will call for a prepared approach. */
export function targetOf(prepared: TimedApproach): { call?: KernelCall; invoke: () => unknown } {
  const call = prepared.call;
  if (call) {
    const fn = call.fn as (...args: unknown[]) => unknown;
    const args = call.args;
    return { call, invoke: () => fn(...args) };
  }
  return { invoke: () => prepared.run() };
}

/** Calls `invoke` at least `warmup` times and for at least `warmupMs`; returns the number of calls. */
export function warmUp(invoke: () => unknown, options: Pick<PlainLoopOptions, 'warmup' | 'warmupMs'>, now: Clock = performanceNow): number {
  const start = now();
  let calls = 0;
  for (; calls < options.warmup || now() - start < options.warmupMs; calls++) invoke();
  return calls;
}

/** One slice: times single calls of `invoke` until `sliceMs` have passed (at least one call); every sample in ms. */
export function timeSlice(invoke: () => unknown, sliceMs: number, now: Clock = performanceNow): number[] {
  const samples: number[] = [];
  const start = now();
  let end: number;
  do {
    const before = now();
    invoke();
    end = now();
    samples.push(end - before);
  } while (end - start < sliceMs);
  return samples;
}

/** Round `round` asks the live workers in this order: (round + i) mod n. */
export function sliceOrder(round: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (round + i) % n);
}

/**
 * All slices of one approach pooled: the 10th percentile of every sample (what the ratio uses, as the lab's
 * does), the median, the number of calls, and each slice's median.
 */
export function poolSlices(slices: ReadonlyArray<ArrayLike<number>>): { p10Ms: number; medianMs: number; calls: number; sliceMediansMs: number[] } {
  const calls = slices.reduce((n, s) => n + s.length, 0);
  const pool = new Float64Array(calls);
  let at = 0;
  for (const slice of slices) {
    pool.set(slice, at);
    at += slice.length;
  }
  return { p10Ms: quantile(pool, 0.1), medianMs: median(pool), calls, sliceMediansMs: slices.map((s) => median(s)) };
}

/** What a plain-loop worker is started with (workerData.job). */
export interface PlainLoopJob {
  workloadId: string;
  label: string;
  expected: number;
  warmup: number;
  warmupMs: number;
}

/** Host → worker. */
export type PlainLoopRequest = { type: 'slice'; sliceMs: number } | { type: 'close' };
/** Worker → host: 'ready' once (with an error when the approach cannot be timed), then one reply per request. */
export type PlainLoopReply =
  | { type: 'ready'; warmupCalls: number }
  | { type: 'ready'; error: string }
  | { type: 'slice'; samples: Float64Array }
  | { type: 'slice'; error: string }
  | { type: 'closed' };

/** A prepared, checked and warmed-up approach, ready to time slices. */
export interface PlainLoopSession {
  warmupCalls: number;
  slice(sliceMs: number): number[];
  dispose(): Promise<void>;
}

/**
 * Prepares the lab's approach, checks its first output like the lab does (a mismatch is an error and is
 * never timed), and warms it up. Errors thrown by `prepare` propagate.
 */
export async function openPlainLoop(
  workloads: readonly Workload[],
  job: PlainLoopJob,
  platform: Platform,
  config: BenchConfig,
  now: Clock = performanceNow,
): Promise<PlainLoopSession | { error: string }> {
  const workload = workloads.find((w) => w.id === job.workloadId);
  const approach = workload?.approaches(config).find((a) => (a.label ?? a.name) === job.label);
  if (!workload || !approach) return { error: `no approach ${job.label} in ${job.workloadId}` };
  const prepared = await approach.prepare({ platform, config, signal: new AbortController().signal });
  const dispose = async () => {
    await prepared.dispose?.();
  };
  try {
    if (prepared.kind !== 'timed') throw new Error('not a timed approach');
    const { invoke } = targetOf(prepared);
    const mismatch = compareCheck(job.expected, await prepared.check(invoke()), workload.tolerance ?? 0);
    if (mismatch) throw new Error(mismatch);
    const warmupCalls = warmUp(invoke, job, now);
    return { warmupCalls, slice: (sliceMs) => timeSlice(invoke, sliceMs, now), dispose };
  } catch (error) {
    await dispose().catch(() => undefined);
    return { error: messageOf(error) };
  }
}

/** The worker's end of the channel: a MessagePort or anything that posts like one. */
export interface PlainLoopPort {
  postMessage(message: PlainLoopReply): void;
  on(event: 'message', listener: (request: PlainLoopRequest) => void): void;
}

/**
 * The worker's side of the protocol. Samples are posted as a structured-clone copy and never transferred:
 * transferring detaches an ArrayBuffer, and the first detach in an isolate invalidates V8's
 * ArrayBufferDetaching protector, which deoptimizes every typed-array loop compiled on the assumption
 * that no buffer is ever detached and makes the recompiled code check on each access. On this machine
 * that took the JS byte-inversion kernel from 0.70 to 1.33 ms a call (p10) in the worker that had
 * transferred its first slice, while the wasm export was unaffected; the lab's isolates never detach a
 * buffer either, so both harnesses time the same code.
 */
export function servePlainLoop(port: PlainLoopPort, session: PlainLoopSession | { error: string }): void {
  port.on('message', (request) => {
    if (request.type === 'slice') {
      if ('error' in session) return port.postMessage({ type: 'slice', error: session.error });
      try {
        port.postMessage({ type: 'slice', samples: Float64Array.from(session.slice(request.sliceMs)) });
      } catch (error) {
        port.postMessage({ type: 'slice', error: messageOf(error) });
      }
    } else if (request.type === 'close') {
      const disposed = 'error' in session ? Promise.resolve() : session.dispose();
      void disposed.catch(() => undefined).then(() => port.postMessage({ type: 'closed' }));
    }
  });
  port.postMessage('error' in session ? { type: 'ready', error: session.error } : { type: 'ready', warmupCalls: session.warmupCalls });
}
