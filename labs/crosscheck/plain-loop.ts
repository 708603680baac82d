/**
 * The cross-check's plain loop: no tinybench, no closures of its own. It prepares an approach with the
 * lab's own `prepare` (so the inputs, the wasm instance and the exports are the lab's), then calls the
 * kernel itself — `call.fn(...call.args)`, the JS function from kernels/wasm-kernels.ts or the wasm export —
 * `warmup` times (and for at least `warmupMs`: 30 calls of a 3 µs kernel are 0.1 ms, before V8 has finished
 * optimizing it), and times `timed` further calls one by one. The figure is the median call.
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
  timed: number;
}

export const PLAIN_LOOP_DEFAULTS: PlainLoopOptions = { warmup: 30, warmupMs: 200, timed: 40 };

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
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

/** Times `invoke` in a plain loop; returns every timed sample (ms). */
export function plainLoop(invoke: () => unknown, options: PlainLoopOptions = PLAIN_LOOP_DEFAULTS, now: () => number = () => performance.now()): number[] {
  const warmupStart = now();
  for (let i = 0; i < options.warmup || now() - warmupStart < options.warmupMs; i++) invoke();
  const samples: number[] = [];
  for (let i = 0; i < options.timed; i++) {
    const start = now();
    invoke();
    samples.push(now() - start);
  }
  return samples;
}

export interface PlainLoopJob {
  workloadId: string;
  label: string;
  expected: number;
  options: PlainLoopOptions;
}

export interface PlainLoopOutcome {
  medianMs?: number;
  samples?: number;
  error?: string;
}

/** Prepares the lab's approach, checks its first output like the lab does, then runs the plain loop. */
export async function runPlainLoop(workloads: readonly Workload[], job: PlainLoopJob, platform: Platform, config: BenchConfig): Promise<PlainLoopOutcome> {
  const workload = workloads.find((w) => w.id === job.workloadId);
  const approach = workload?.approaches(config).find((a) => (a.label ?? a.name) === job.label);
  if (!workload || !approach) return { error: `no approach ${job.label} in ${job.workloadId}` };
  const prepared = await approach.prepare({ platform, config, signal: new AbortController().signal });
  try {
    if (prepared.kind !== 'timed') return { error: 'not a timed approach' };
    const { invoke } = targetOf(prepared);
    const mismatch = compareCheck(job.expected, await prepared.check(invoke()), workload.tolerance ?? 0);
    if (mismatch) return { error: mismatch };
    const samples = plainLoop(invoke, job.options);
    return { medianMs: median(samples), samples: samples.length };
  } finally {
    await prepared.dispose?.();
  }
}
