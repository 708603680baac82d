/**
 * The inside of an isolate: finds one approach again by workload id and index among the built-in
 * workloads, then prepares, checks and times it with the same `measureApproach` the engine uses in its
 * own isolate. Platform-independent; isolate-worker.node.ts is the Node entry (the job comes as
 * workerData), isolate-worker.browser.ts the Web Worker entry (the job and the page's .wasm bytes come as
 * one message, below). Both run `runIsolateJob` and nothing else, so warm-up and timing are the same.
 */
import { ALL_WORKLOADS } from '../index.ts';
import type { WasmArtifactName } from '../wasm/manifest.ts';
import { IsolateUnavailable } from './isolatable.ts';
import type { Platform } from './platform.ts';
import { measureApproach } from './runner.ts';
import type { IsolateJob, Measured } from './types.ts';

export async function runIsolateJob(job: IsolateJob, platform: Platform, signal: AbortSignal): Promise<Measured> {
  const workload = ALL_WORKLOADS.find((w) => w.id === job.workloadId);
  if (!workload) return { error: `isolate: no built-in workload ${job.workloadId}` };
  const approach = workload.approaches(job.config)[job.approachIndex];
  const label = approach ? (approach.label ?? approach.name) : undefined;
  if (!approach || label !== job.label) return { error: `isolate: approach ${job.approachIndex} of ${job.workloadId} is ${label ?? 'missing'}, not ${job.label}` };
  return measureApproach(workload, approach, { platform, config: job.config, signal }, job.expected);
}

// ------------------------------------------------------------------ message protocol (Web Worker isolates)

/** Each artifact as the page fetched it (once): its bytes, or why it could not be fetched. */
export type IsolateWasm = Partial<Record<WasmArtifactName, { bytes: ArrayBuffer } | { error: string }>>;

/**
 * Host → isolate, once, after 'ready'. Isolate → host: 'ready' when its modules have loaded, then one
 * 'measured'. A worker that fails before 'ready' never started (IsolateUnavailable: the runner falls back
 * to its own isolate); one that fails after it failed the approach.
 */
export type ToIsolate = { type: 'start'; job: IsolateJob; wasm: IsolateWasm };
export type FromIsolate = { type: 'ready' } | { type: 'measured'; outcome: Measured };

/**
 * The platform inside a browser isolate: the .wasm bytes the page posted, nothing else. An isolated
 * approach (the Wasm suite) needs only `loadWasm`; the rest says plainly that it is not there.
 */
export function isolatePlatform(wasm: IsolateWasm): Platform {
  const none = { available: false, reason: 'not inside an isolate' } as const;
  return {
    name: 'browser',
    isolationUnavailable: 'already inside an isolate',
    describe: () => Promise.reject(new Error('an isolate measures one approach; the run is described by the page')),
    capabilities: async () => ({ workers: none, sharedMemory: none, http: none, native: none }),
    createKernelWorker() {
      throw new Error('no kernel workers inside an isolate');
    },
    async loadWasm(name: WasmArtifactName) {
      const loaded = wasm[name];
      if (!loaded) throw new Error(`${name}.wasm was not sent to the isolate`);
      if ('error' in loaded) throw new Error(loaded.error);
      return loaded.bytes;
    },
  };
}

/** What an isolate worker's global scope offers (a DedicatedWorkerGlobalScope, or a MessagePort in tests). */
export interface IsolateScope {
  postMessage(message: FromIsolate): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToIsolate>) => void): void;
}

/** The isolate side: says 'ready', measures the one job it is sent, posts the outcome. */
export function serveIsolate(scope: IsolateScope): void {
  let started = false;
  scope.addEventListener('message', ({ data }) => {
    if (started || data?.type !== 'start') return;
    started = true;
    void runIsolateJob(data.job, isolatePlatform(data.wasm), new AbortController().signal)
      .catch((error: unknown): Measured => ({ error: error instanceof Error ? error.message : String(error) }))
      .then((outcome) => scope.postMessage({ type: 'measured', outcome }));
  });
  scope.postMessage({ type: 'ready' });
}

/** A started isolate worker, seen from the host. */
export interface IsolateHandle {
  post(message: ToIsolate): void;
  onMessage(listener: (message: FromIsolate) => void): void;
  /** Errors the worker reports (a script that failed to load, an uncaught exception). */
  onError(listener: (message: string) => void): void;
  terminate(): void;
}

/**
 * The host side of one isolate: waits for 'ready', sends the job, resolves with the outcome, and
 * terminates the worker whatever happens. Cancelling resolves `{ error: 'cancelled' }` at once.
 */
export function superviseIsolate(handle: IsolateHandle, start: ToIsolate, signal: AbortSignal): Promise<Measured> {
  return new Promise<Measured>((resolve, reject) => {
    let ready = false;
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      handle.terminate();
      finish();
    };
    const onAbort = () => settle(() => resolve({ error: 'cancelled' }));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    handle.onMessage((message) => {
      if (message.type === 'ready' && !ready) {
        ready = true;
        handle.post(start);
      } else if (message.type === 'measured') settle(() => resolve(message.outcome));
    });
    handle.onError((message) =>
      settle(() => reject(ready ? new Error(`isolate worker failed: ${message}`) : new IsolateUnavailable(`the isolate worker did not start (${message})`))),
    );
  });
}
