/**
 * Types shared by the benchmark engine, the workload definitions, the CLI and (later) the /lab page.
 * Plain TypeScript: no React, no Node or DOM imports.
 */
import type { Platform } from './platform.ts';

export type Suite = 'concurrency' | 'wasm';
export type ParamValue = number | string | boolean;
export type Params = Record<string, ParamValue>;

/** What an approach needs from the platform; a missing capability turns its result into a skip. */
export type Capability = 'workers' | 'sharedMemory' | 'http' | 'native';
export type Capabilities = Record<Capability, { available: boolean; reason?: string }>;

export interface BenchConfig {
  /** 'quick' lets workloads pick fewer variants (e.g. fewer worker counts); sizes stay the same. */
  profile: 'default' | 'quick';
  /** tinybench `time`: minimum measuring time per approach, ms. */
  timeMs: number;
  /** tinybench `warmupTime`, ms (warmup is always on). */
  warmupMs: number;
  /** tinybench `iterations`: minimum samples per approach. */
  minSamples: number;
  /** Relative margin of error (%) above which a result is flagged 'high-rme'. */
  rmeThreshold: number;
}

/** All times in milliseconds. */
export interface LatencyStats {
  mean: number;
  /**
   * The 10th percentile, where the samples were kept: interleaved workloads (the Wasm suite) and native.
   * What the Wasm suite's ratios use (see CompareBy).
   */
  p10?: number;
  p50: number;
  p99: number;
  /** Sample standard deviation. */
  sd: number;
  /** Relative margin of error, % (95% confidence, Student's t). */
  rme: number;
  min: number;
  max: number;
}

/**
 * Which latency statistic ratios use: 'p10' for the Wasm suite's CPU kernels, whose time on a shared
 * machine only ever grows with what else runs (labs/README.md, "Why the 10th percentile"); 'p99' for the
 * event-loop workloads; 'mean' for the rest. 'p50' (the median) is what earlier reports used.
 */
export type CompareBy = 'mean' | 'p10' | 'p50' | 'p99';

export type ResultFlag = 'high-rme' | 'coarse-timer' | 'few-samples' | 'timer-saturated' | 'cpu-starved' | 'unstable-ratio';

export interface BenchResult {
  suite: Suite;
  /** Workload id, e.g. 'fnv1a'. */
  workload: string;
  /** Approach name, e.g. 'Rust Wasm SIMD' or 'bounded pool'. Not unique: params tell variants apart. */
  approach: string;
  /** Short display name of this variant, e.g. 'workers ×2 SharedArrayBuffer'. */
  label: string;
  /** Workload params merged with the approach's own. */
  params: Params;
  /** True when the output matched the JS reference and timings were taken. */
  ok: boolean;
  /** True when the approach could not run here (missing capability or tool); `error` says why. */
  skipped?: boolean;
  error?: string;
  /** What one sample is: one call/iteration of the approach, or one request (event-loop workloads). */
  unit: 'iteration' | 'request';
  samples: number;
  latency: LatencyStats | null;
  /** Operations (samples) per second. */
  throughput: { mean: number } | null;
  /**
   * CPU time of this process (all threads) / wall time while the approach was measured, including
   * warmup; only where the platform can tell (Node) and only for in-process approaches. About 1 for
   * single-threaded work; n workers on n free cores approach n.
   */
  coresUsed?: number;
  baseline: boolean;
  /** Which latency statistic ratios use. */
  compareBy: CompareBy;
  /** baseline[compareBy] / this[compareBy]: above 1 means faster than the baseline. */
  vsBaseline: number | null;
  flags: ResultFlag[];
  /**
   * Where it was measured, for workloads that ask for isolation: true = in a fresh worker of its own;
   * false = the platform could not, so it shared the engine's isolate with the approaches before it.
   * Absent for workloads that do not ask (I/O, workers, native).
   */
  isolated?: boolean;
  /** With `isolated: false`: why not (no Web Workers, the isolate worker did not load, no `openIsolate`). */
  isolationReason?: string;
  /**
   * With `npm run bench -- --repeat N`: `vsBaseline` across the N runs (spread = (max - min) / median).
   * `vsBaseline` is then the median; the 'unstable-ratio' flag marks a spread above 10 %.
   */
  ratioRuns?: { runs: number[]; median: number; min: number; max: number; spread: number };
  /**
   * Latency quantiles p0, p1, …, p100 (101 values, ms) for workloads whose samples are requests
   * (`unit: 'request'`, the event-loop workloads), so a page can draw the distribution. Absent otherwise.
   */
  distribution?: number[];
}

export interface Environment {
  runtime: 'node' | 'browser';
  runtimeVersion: string;
  /** navigator.userAgent in a browser; `node vX (platform arch)` in Node. */
  userAgent: string;
  cores: number;
  cpuModel?: string;
  /** Browser: window.crossOriginIsolated. Node: null (not a Node concept; SharedArrayBuffer is always there). */
  crossOriginIsolated: boolean | null;
  sharedArrayBuffer: boolean;
  /**
   * 1/5/15-minute load averages when the runtime can tell (Node). Above the core count, other processes
   * competed for the CPU during the run, and worker scaling in particular is not to be trusted.
   */
  loadAverage?: number[];
  /** Smallest nonzero step of performance.now() observed, ms. See timer.ts. */
  timerResolutionMs: number;
  /** Tool versions that produced results, e.g. the Wasm compilers from the manifest, cargo. */
  tools: Record<string, string>;
  date: string;
}

/** What measuring one approach produced, before it becomes a BenchResult (serializable: isolates send it). */
export interface Measured {
  stats?: {
    samples: number;
    latency: LatencyStats;
    throughput: { mean: number };
    distribution?: number[];
  };
  coresUsed?: number;
  expectedCores?: number;
  /** tinybench's timer-saturation warning, when it gave one. */
  saturation?: string;
  error?: string;
  skipped?: boolean;
}

/** One approach to measure in a fresh isolate: found again there by workload id and approach index. */
export interface IsolateJob {
  workloadId: string;
  approachIndex: number;
  /** The approach's label, to make sure the isolate found the same one. */
  label: string;
  config: BenchConfig;
  /** The JS reference's check value, computed by the caller. */
  expected: number;
}

/**
 * One slice of an interleaved measurement (engine/session.ts): time the approach for at least `timeMs` and
 * `minSamples` samples; `warmup` on the approach's first slice only.
 */
export interface SliceRequest {
  timeMs: number;
  minSamples: number;
  warmup: boolean;
}

/** What one slice measured (serializable: isolates send it), or why it could not. */
export type SliceOutcome =
  | {
      /** The slice's samples, ms: all of them, or evenly spaced order statistics of them (session.ts). */
      samplesMs: number[];
      /** How many samples were taken, when `samplesMs` keeps fewer. */
      taken?: number;
      /** Process CPU time (all threads) and wall time while the slice ran, where the platform can tell. */
      cpuMs?: number;
      wallMs: number;
      /** tinybench's timer-saturation warning for this slice, when it gave one. */
      saturation?: string;
      expectedCores?: number;
    }
  | { error: string };

/** A prepared and checked approach that measures slice after slice until it is closed. */
export interface ApproachSession {
  slice(request: SliceRequest): Promise<SliceOutcome>;
  /** Disposes the approach (and ends its isolate); resolves with the cleanup's error, if any. */
  close(): Promise<string | undefined>;
}

/** Opening a session: the session, or why the approach will not be measured (a skip, a failed check). */
export type OpenedSession = { session: ApproachSession } | { failed: Measured };

export interface RunContext {
  platform: Platform;
  config: BenchConfig;
  signal: AbortSignal;
}

/** An approach after `prepare`: the engine checks its output, then times it. */
export type PreparedApproach = TimedApproach | SampledApproach;

/**
 * The one function call a kernel approach's `run()` makes: `fn(...args)`, with `fn` the JS kernel itself
 * or the wasm export. The cross-check (labs/crosscheck/) calls exactly this in its plain loop.
 */
export interface KernelCall {
  fn: (...args: never[]) => unknown;
  args: readonly unknown[];
}

/** The engine calls `run` under tinybench. Setup belongs in `prepare`, teardown in `dispose`. */
export interface TimedApproach {
  kind: 'timed';
  async: boolean;
  run(): unknown;
  /** Present when `run()` is nothing but one kernel call (the Wasm suite's kernels). */
  call?: KernelCall;
  /** Reduces one output of `run` to the workload's check value (compared with the JS reference). */
  check(output: unknown): number | Promise<number>;
  dispose?(): void | Promise<void>;
}

/** Samples come from outside the JS engine (the native binary); tinybench still computes the statistics. */
export interface SampledApproach {
  kind: 'sampled';
  measure(config: BenchConfig, signal: AbortSignal): Promise<{ samplesMs: number[]; check: number }>;
  dispose?(): void | Promise<void>;
}

export interface Approach {
  name: string;
  /**
   * Cores this approach keeps busy when it gets them (capped at the machine's core count). Defaults to 1
   * for synchronous approaches and to none (no check) for asynchronous ones. See the 'cpu-starved' flag.
   */
  expectedCores?: number;
  /** Display name when params distinguish variants (defaults to name). */
  label?: string;
  params?: Params;
  baseline?: boolean;
  requires?: Capability[];
  prepare(ctx: RunContext): Promise<PreparedApproach>;
}

export interface Workload {
  id: string;
  suite: Suite;
  title: string;
  description: string;
  params: Params;
  unit?: 'iteration' | 'request';
  compareBy?: CompareBy;
  /** Relative tolerance for the check value; 0 (default) means exact. */
  tolerance?: number;
  /** tinybench options for this workload (the event-loop workloads run requests concurrently). */
  bench?: { concurrency?: 'task'; threshold?: number };
  /**
   * Measure each approach in a fresh isolate (a worker of its own) where the platform can
   * (`Platform.openIsolate`), so no other approach can change its JIT state, and measure all approaches
   * interleaved, in short slices taken in turn (engine/session.ts), so that a machine whose speed drifts
   * over seconds slows every approach alike. Only workloads the isolate can find by id (the built-in ones,
   * registered with engine/isolatable.ts) are isolated; copies are interleaved in the engine's isolate.
   */
  isolate?: boolean;
  /** The expected check value, computed with the JS reference implementation. */
  expected(ctx: RunContext): number | Promise<number>;
  /** The approaches for a profile; the first one marked `baseline` is the baseline. */
  approaches(config: BenchConfig): Approach[];
}

export type ProgressEvent =
  | { type: 'environment'; environment: Environment }
  | { type: 'approach-start'; workload: string; approach: string; params: Params; index: number; total: number }
  /** Interleaved workloads (the Wasm suite): round `round` (1-based) of `rounds` is being measured. */
  | { type: 'round'; workload: string; round: number; rounds: number }
  | { type: 'result'; result: BenchResult; index: number; total: number }
  | { type: 'done'; report: RunReport };

export interface AmdahlFit {
  transfer: string;
  /**
   * Fitted serial fraction s (0..1) from the measured times with 2..cores workers; null when no usable
   * point (results flagged cpu-starved are left out: their times measure the machine's load).
   */
  serialFraction: number | null;
  /** Worker counts whose times entered the fit (always with n = 1 as the reference). */
  fittedFrom: number[];
  points: Array<{ workers: number; measuredSpeedup: number | null; amdahlSpeedup: number | null }>;
}

export interface RatioSummary {
  /** Per kernel: JS mean / approach mean (above 1: the approach is faster than JS). */
  jsOverWasm: Array<{ workload: string; approach: string; ratio: number }>;
  /** Per kernel: Wasm mean / native mean (above 1: native is faster). */
  wasmOverNative: Array<{ workload: string; approach: string; ratio: number }>;
  /** Speedup of 2 workers over 1, per transfer mode; `coresUsed` is what the 2-worker run really got. */
  speedupAt2Workers: Array<{ transfer: string; speedup: number; coresUsed?: number; cpuStarved: boolean }>;
  amdahl: AmdahlFit[];
}

export const SCHEMA_VERSION = 1;

export interface RunReport {
  schemaVersion: number;
  environment: Environment;
  config: BenchConfig;
  results: BenchResult[];
  summary: RatioSummary;
  /** True when the run was cancelled through its AbortSignal; results holds what finished. */
  aborted: boolean;
}
