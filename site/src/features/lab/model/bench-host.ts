/**
 * Where a run happens. 'main': the engine runs on the page's main thread (the event-loop workloads then
 * measure the thread that paints the page, and the page freezes while a kernel is timed). 'worker': the
 * same engine runs in a dedicated Web Worker (bench.worker.ts) and streams its progress back, so the page
 * stays responsive. 'runner': the local runner runs the engine in Node on this machine (runner-host.ts),
 * native Rust included when it has cargo. Each loads what it needs with import() only when a run starts.
 */
import type { BenchResult, Environment, ProgressEvent, RunReport } from '../../../../../labs/index.ts';
import type { RunRequest } from './run-plan.ts';

export type Where = 'main' | 'worker' | 'runner';

export type ToBenchWorker = { type: 'start'; request: RunRequest } | { type: 'cancel' };
export type FromBenchWorker = { type: 'progress'; event: ProgressEvent } | { type: 'failed'; message: string };

export interface RunHandle {
  cancel(): void;
  done: Promise<RunReport>;
}

/** Runs the engine in this thread; used by the page ('main') and by bench.worker.ts. */
export async function runHere(request: RunRequest, onEvent: (event: ProgressEvent) => void, signal: AbortSignal): Promise<RunReport> {
  const [{ runBenchmarks }, { createBrowserPlatform }, { planWorkloads, configFor }] = await Promise.all([
    import('../../../../../labs/index.ts'),
    import('../../../../../labs/engine/platform-browser.ts'),
    import('./run-plan.ts'),
  ]);
  return runBenchmarks({ platform: createBrowserPlatform(), workloads: planWorkloads(request), config: configFor(request.profile), signal, onProgress: onEvent });
}

function runOnMainThread(request: RunRequest, onEvent: (event: ProgressEvent) => void): RunHandle {
  const controller = new AbortController();
  return { cancel: () => controller.abort(), done: runHere(request, onEvent, controller.signal) };
}

/** How long a worker may take to stop after Cancel before it is terminated (a kernel may be mid-sample). */
const CANCEL_GRACE_MS = 5000;

function runInWorker(request: RunRequest, onEvent: (event: ProgressEvent) => void): RunHandle {
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
  let environment: Environment | undefined;
  const results: BenchResult[] = [];
  let settle: { resolve(report: RunReport): void; reject(error: Error): void } | undefined;
  const done = new Promise<RunReport>((resolve, reject) => {
    settle = { resolve, reject };
  });
  let finished = false;
  const finish = (outcome: RunReport | Error) => {
    if (finished) return;
    finished = true;
    worker.terminate();
    if (outcome instanceof Error) settle?.reject(outcome);
    else settle?.resolve(outcome);
  };
  worker.onmessage = ({ data }: MessageEvent<FromBenchWorker>) => {
    if (data.type === 'failed') return finish(new Error(data.message));
    const event = data.event;
    if (event.type === 'environment') environment = event.environment;
    if (event.type === 'result') results.push(event.result);
    onEvent(event);
    if (event.type === 'done') finish(event.report);
  };
  worker.onerror = (event) => finish(new Error(`the benchmark worker failed: ${event.message || 'unknown error'}`));
  worker.postMessage({ type: 'start', request } satisfies ToBenchWorker);
  return {
    done,
    cancel() {
      worker.postMessage({ type: 'cancel' } satisfies ToBenchWorker);
      // A worker stuck in a long synchronous sample cannot hear the message: stop it, keep what finished.
      setTimeout(() => !finished && void partialReport(request, environment, results).then(finish), CANCEL_GRACE_MS);
    },
  };
}

/** What a stopped worker or runner had reported, shaped like the report the engine would have returned. */
export async function partialReport(request: RunRequest, environment: Environment | undefined, results: BenchResult[]): Promise<RunReport | Error> {
  if (!environment) return new Error('the run was stopped before it measured anything');
  const [{ summarize }, { SCHEMA_VERSION }, { configFor }] = await Promise.all([
    import('../../../../../labs/index.ts'),
    import('../../../../../labs/engine/types.ts'),
    import('./run-plan.ts'),
  ]);
  return { schemaVersion: SCHEMA_VERSION, environment, config: configFor(request.profile), results, summary: summarize(results, environment.cores), aborted: true };
}

function runOnRunner(request: RunRequest, onEvent: (event: ProgressEvent) => void): RunHandle {
  const loading = import('./runner-host.ts').then((host) => host.runOnRunner(request, onEvent));
  return { done: loading.then((handle) => handle.done), cancel: () => void loading.then((handle) => handle.cancel()) };
}

/**
 * The same request `repeat` times, one run after the other, combined by labs/engine/repeat.ts: each ratio
 * becomes the median over the runs and carries its spread ('unstable-ratio' above 10 %). Cancel stops the
 * current run and keeps the finished ones.
 */
export function startRepeatedRun(where: Where, request: RunRequest, repeat: number, onEvent: (event: ProgressEvent) => void): RunHandle {
  if (repeat <= 1) return startRun(where, request, onEvent);
  let current: RunHandle | undefined;
  let cancelled = false;
  const done = (async () => {
    const reports: RunReport[] = [];
    for (let run = 0; run < repeat && !cancelled; run++) {
      current = startRun(where, request, (event) => {
        // The environment once, 'done' only for the combined report.
        if ((event.type === 'environment' && run > 0) || event.type === 'done') return;
        onEvent(event);
      });
      const report = await current.done;
      reports.push(report);
      if (report.aborted) break;
    }
    const { combineRuns } = await import('../../../../../labs/engine/repeat.ts');
    const combined = combineRuns(reports);
    onEvent({ type: 'done', report: combined });
    return combined;
  })();
  return {
    done,
    cancel() {
      cancelled = true;
      current?.cancel();
    },
  };
}

export function startRun(where: Where, request: RunRequest, onEvent: (event: ProgressEvent) => void): RunHandle {
  if (where === 'runner') return runOnRunner(request, onEvent);
  return where === 'worker' ? runInWorker(request, onEvent) : runOnMainThread(request, onEvent);
}
