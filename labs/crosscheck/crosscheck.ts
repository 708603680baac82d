/**
 * `npm run bench -- --crosscheck`: every approach of the isolating (Wasm-suite) workloads, except native,
 * measured again by the plain loop of plain-loop.ts. Per workload, each approach gets a fresh worker thread
 * (a new V8 isolate) of its own, started and warmed up one after the other; all of them stay alive while
 * the host asks them for short slices in turn — round r asks the live workers in the order (r + i) mod n,
 * one at a time, each slice awaited before the next. The machine's speed drifts over seconds, so slices of
 * all approaches interleaved over the same seconds compare like with like; the figure of an approach is the
 * 10th percentile of all its samples pooled (as in the lab). Every worker is closed at the end, also on an error or abort. Node only.
 */
import { Worker } from 'node:worker_threads';
import { resolveConfig } from '../engine/config.ts';
import type { Platform } from '../engine/platform.ts';
import type { Workload } from '../engine/types.ts';
import type { PlainMeasurement } from './compare.ts';
import { messageOf, PLAIN_LOOP_DEFAULTS, poolSlices, sliceOrder, type PlainLoopJob, type PlainLoopOptions, type PlainLoopReply, type PlainLoopRequest } from './plain-loop.ts';

const bootstrapUrl = new URL('../worker/node-bootstrap.mjs', import.meta.url);
const entryUrl = new URL('./plain-loop-worker.node.ts', import.meta.url);
const CLOSE_TIMEOUT_MS = 5_000;


/** The host's side of one approach's worker. */
export interface PlainLoopWorker {
  /** Settles once the worker has prepared, checked and warmed up its approach, or could not. */
  ready(): Promise<{ warmupCalls: number } | { error: string }>;
  /** One slice's samples (ms); rejects when the worker failed. */
  slice(sliceMs: number): Promise<ArrayLike<number>>;
  /** Disposes the approach and ends the worker; never rejects, and may be called more than once. */
  close(): Promise<void>;
}

export type SpawnPlainLoopWorker = (job: PlainLoopJob) => PlainLoopWorker;

type Reply = PlainLoopReply | { type: 'failed'; error: string };

/** A worker thread running plain-loop-worker.node.ts through worker/node-bootstrap.mjs. */
export class FreshPlainLoopWorker implements PlainLoopWorker {
  private readonly worker: Worker;
  private readonly readyReply: Promise<Reply>;
  private waiting: ((reply: Reply) => void) | null = null;
  private failure: string | null = null;
  private closing: Promise<void> | null = null;
  private exitedFlag = false;

  constructor(job: PlainLoopJob) {
    this.readyReply = new Promise((resolve) => (this.waiting = resolve));
    this.worker = new Worker(bootstrapUrl, { workerData: { entry: entryUrl.href, job } });
    this.worker.on('message', (reply: PlainLoopReply) => this.settle(reply));
    this.worker.once('error', (error) => this.fail(error.message));
    this.worker.once('exit', (code) => {
      this.exitedFlag = true;
      this.fail(`worker exited with code ${code}`);
    });
  }

  /** True once the thread has exited. */
  get exited(): boolean {
    return this.exitedFlag;
  }

  private settle(reply: Reply): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.(reply);
  }

  private fail(error: string): void {
    this.failure ??= error;
    this.settle({ type: 'failed', error: this.failure });
  }

  private request(request: PlainLoopRequest): Promise<Reply> {
    if (this.failure !== null) return Promise.resolve({ type: 'failed', error: this.failure });
    if (this.waiting) return Promise.resolve({ type: 'failed', error: 'the worker is still busy with a request' });
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.worker.postMessage(request);
    });
  }

  async ready(): Promise<{ warmupCalls: number } | { error: string }> {
    const reply = await this.readyReply;
    if (reply.type === 'ready' && 'warmupCalls' in reply) return { warmupCalls: reply.warmupCalls };
    return { error: 'error' in reply ? reply.error : `unexpected reply ${reply.type}` };
  }

  async slice(sliceMs: number): Promise<Float64Array> {
    const reply = await this.request({ type: 'slice', sliceMs });
    if (reply.type === 'slice' && 'samples' in reply) return reply.samples;
    throw new Error('error' in reply ? reply.error : `unexpected reply ${reply.type}`);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      // Let the worker dispose the prepared approach (when it is idle and alive), then end it regardless.
      if (this.failure === null && !this.waiting) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([this.request({ type: 'close' }), new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)))]);
        clearTimeout(timer);
      }
      await this.worker.terminate();
    })().catch(() => undefined);
    return this.closing;
  }
}

export interface CrosscheckOptions {
  platform: Platform;
  workloads: readonly Workload[];
  loop?: PlainLoopOptions;
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
  /** Starts the worker of one approach; a fresh worker thread unless a test says otherwise. */
  spawn?: SpawnPlainLoopWorker;
}

interface Entry {
  label: string;
  baseline: boolean;
  worker: PlainLoopWorker | null;
  slices: ArrayLike<number>[];
  error?: string;
}

/** One workload: start and warm up a worker per approach, then the interleaved slices. Null when aborted. */
async function measureWorkload(
  workloadId: string,
  approaches: ReadonlyArray<{ label: string; baseline: boolean }>,
  expected: number,
  loop: PlainLoopOptions,
  spawn: SpawnPlainLoopWorker,
  signal: AbortSignal,
  progress: (line: string) => void,
): Promise<PlainMeasurement[] | null> {
  const entries: Entry[] = approaches.map((a) => ({ ...a, worker: null, slices: [] }));
  const failed = (entry: Entry, error: string) => {
    entry.error = error;
    progress(`[plain loop] ${workloadId} · ${entry.label}: FAILED: ${error}`);
    return entry.worker?.close();
  };
  try {
    // One after the other, so no warm-up shares the machine with another.
    for (const entry of entries) {
      if (signal.aborted) return null;
      entry.worker = spawn({ workloadId, label: entry.label, expected, warmup: loop.warmup, warmupMs: loop.warmupMs });
      const ready = await entry.worker.ready();
      if ('error' in ready) await failed(entry, ready.error);
    }
    let live = entries.filter((e) => e.error === undefined);
    progress(`[plain loop] ${workloadId}: ${live.length} worker${live.length === 1 ? '' : 's'} ready; ${loop.slices} rounds of one slice of ≥ ${loop.sliceMs} ms each`);
    for (let round = 0; round < loop.slices && live.length > 0; round++) {
      for (const i of sliceOrder(round, live.length)) {
        if (signal.aborted) return null;
        const entry = live[i]!;
        try {
          entry.slices.push(await entry.worker!.slice(loop.sliceMs));
        } catch (error) {
          await failed(entry, `slice ${round + 1}: ${messageOf(error)}`);
        }
      }
      live = live.filter((e) => e.error === undefined);
    }
  } finally {
    await Promise.all(entries.map((e) => e.worker?.close()));
  }
  return entries.map((entry): PlainMeasurement => {
    const pooled = poolSlices(entry.slices);
    if (entry.error === undefined) progress(`[plain loop] ${workloadId} · ${entry.label}: p10 ${pooled.p10Ms.toFixed(4)} ms, median ${pooled.medianMs.toFixed(4)} ms over ${pooled.calls} calls in ${entry.slices.length} slices`);
    return {
      workload: workloadId,
      label: entry.label,
      baseline: entry.baseline,
      p10Ms: entry.error === undefined ? pooled.p10Ms : Number.NaN,
      medianMs: entry.error === undefined ? pooled.medianMs : Number.NaN,
      calls: pooled.calls,
      sliceMediansMs: pooled.sliceMediansMs,
      ...(entry.error !== undefined ? { error: entry.error } : {}),
    };
  });
}

export async function runCrosscheck(options: CrosscheckOptions): Promise<{ measurements: PlainMeasurement[]; errors: string[] }> {
  const config = resolveConfig();
  const loop = options.loop ?? PLAIN_LOOP_DEFAULTS;
  const spawn = options.spawn ?? ((job: PlainLoopJob) => new FreshPlainLoopWorker(job));
  const progress = options.onProgress ?? (() => undefined);
  const measurements: PlainMeasurement[] = [];
  const errors: string[] = [];
  const ctx = { platform: options.platform, config, signal: options.signal ?? new AbortController().signal };
  for (const workload of options.workloads) {
    if (!workload.isolate) continue;
    if (ctx.signal.aborted) break;
    const approaches = workload
      .approaches(config)
      .filter((a) => !(a.requires ?? []).includes('native'))
      .map((a) => ({ label: a.label ?? a.name, baseline: a.baseline === true }));
    const expected = await workload.expected(ctx);
    const rows = await measureWorkload(workload.id, approaches, expected, loop, spawn, ctx.signal, progress);
    if (rows === null) break;
    measurements.push(...rows);
    for (const row of rows) if (row.error !== undefined) errors.push(`${row.workload}/${row.label}: ${row.error}`);
  }
  return { measurements, errors };
}
