/**
 * Isolates: one approach prepared, checked and measured slice by slice (engine/session.ts) in a fresh
 * isolate of its own. The inside finds the approach again by workload id and index among the built-in
 * workloads and runs the same `openLocalSession` the engine uses in its own isolate, so warm-up and timing
 * are the same. `serveIsolate` is the isolate's side of the message protocol below, run by both entries:
 * isolate-worker.node.ts (a worker thread) and isolate-worker.browser.ts (a module Web Worker);
 * `superviseIsolate` is the host's side, used by both platforms.
 */
import { ALL_WORKLOADS } from '../index.ts';
import type { WasmArtifactName } from '../wasm/manifest.ts';
import { IsolateUnavailable } from './isolatable.ts';
import type { Platform } from './platform.ts';
import { openLocalSession } from './session.ts';
import type { ApproachSession, IsolateJob, Measured, OpenedSession, SliceOutcome, SliceRequest } from './types.ts';

export async function openIsolateJob(job: IsolateJob, platform: Platform, signal: AbortSignal): Promise<OpenedSession> {
  const workload = ALL_WORKLOADS.find((w) => w.id === job.workloadId);
  if (!workload) return { failed: { error: `isolate: no built-in workload ${job.workloadId}` } };
  const approach = workload.approaches(job.config)[job.approachIndex];
  const label = approach ? (approach.label ?? approach.name) : undefined;
  if (!approach || label !== job.label) return { failed: { error: `isolate: approach ${job.approachIndex} of ${job.workloadId} is ${label ?? 'missing'}, not ${job.label}` } };
  return openLocalSession(workload, approach, { platform, config: job.config, signal }, job.expected);
}

// ------------------------------------------------------------------ message protocol

/** Each artifact as the page fetched it (once): its bytes, or why it could not be fetched. */
export type IsolateWasm = Partial<Record<WasmArtifactName, { bytes: ArrayBuffer } | { error: string }>>;

/**
 * Host → isolate: 'start' once, after 'ready'; then 'slice' (one at a time, each answered by 'sliced');
 * then 'close', answered by 'closed' once the approach is disposed. Isolate → host: 'ready' when its
 * modules have loaded; 'opened' with `failed` when the approach will not be measured (skip, failed check).
 * A worker that fails before 'ready' never started (IsolateUnavailable: the runner falls back to its own
 * isolate); one that fails after it failed the approach.
 */
export type ToIsolate = { type: 'start'; job: IsolateJob; wasm: IsolateWasm } | { type: 'slice'; request: SliceRequest } | { type: 'close' };
export type FromIsolate =
  | { type: 'ready' }
  | { type: 'opened'; failed?: Measured }
  | { type: 'sliced'; outcome: SliceOutcome }
  | { type: 'closed'; error?: string };

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

/**
 * The isolate side: says 'ready', opens the one job it is sent, measures a slice for every 'slice' and
 * disposes the approach on 'close'. Messages are handled one after the other, in order.
 * `platformFor` builds the platform the approach runs on: by default the posted .wasm bytes (browser).
 */
export function serveIsolate(scope: IsolateScope, platformFor: (wasm: IsolateWasm) => Platform = isolatePlatform): void {
  let opening: Promise<OpenedSession> | undefined;
  const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
  const handle = async (data: ToIsolate | undefined): Promise<void> => {
    if (data?.type === 'start' && !opening) {
      opening = openIsolateJob(data.job, platformFor(data.wasm), new AbortController().signal).catch((error: unknown) => ({ failed: { error: messageOf(error) } }));
      const opened = await opening;
      scope.postMessage('failed' in opened ? { type: 'opened', failed: opened.failed } : { type: 'opened' });
    } else if (data?.type === 'slice') {
      const opened = await opening;
      const outcome: SliceOutcome =
        opened && 'session' in opened
          ? await opened.session.slice(data.request).catch((error: unknown) => ({ error: messageOf(error) }))
          : { error: 'no approach is open in this isolate' };
      scope.postMessage({ type: 'sliced', outcome });
    } else if (data?.type === 'close') {
      const opened = await opening;
      const error = opened && 'session' in opened ? await opened.session.close().catch(messageOf) : undefined;
      scope.postMessage(error === undefined ? { type: 'closed' } : { type: 'closed', error });
    }
  };
  let queue = Promise.resolve();
  scope.addEventListener('message', ({ data }) => {
    queue = queue.then(() => handle(data));
  });
  scope.postMessage({ type: 'ready' });
}

/** A started isolate worker, seen from the host. */
export interface IsolateHandle {
  post(message: ToIsolate): void;
  onMessage(listener: (message: FromIsolate) => void): void;
  /** Errors the worker reports (a script that failed to load, an uncaught exception, an exit). */
  onError(listener: (message: string) => void): void;
  terminate(): void;
}

/** How long a closing isolate may take to dispose its approach before it is terminated anyway. */
export const CLOSE_TIMEOUT_MS = 10_000;

/**
 * The host side of one isolate: waits for 'ready', sends the job and resolves once the approach is
 * prepared and checked, with a session whose slices and close go to the isolate. The worker is
 * terminated when the session closes, when the approach will not be measured, when it fails, and at once
 * on cancel (a pending slice then resolves `{ error: 'cancelled' }`). A worker that fails before 'ready'
 * rejects with IsolateUnavailable; one that fails later, with an Error (while opening) or as the pending
 * slice's error.
 */
export async function superviseIsolate(handle: IsolateHandle, start: Extract<ToIsolate, { type: 'start' }>, signal: AbortSignal): Promise<OpenedSession> {
  let ready = false;
  let dead: string | undefined;
  let waiter: { type: FromIsolate['type']; resolve: (message: FromIsolate) => void; reject: (error: Error) => void } | undefined;
  const die = (reason: string, error: Error = new Error(reason)) => {
    if (dead !== undefined) return;
    dead = reason;
    signal.removeEventListener('abort', onAbort);
    handle.terminate();
    const pending = waiter;
    waiter = undefined;
    pending?.reject(error);
  };
  const onAbort = () => die('cancelled');
  const next = <T extends FromIsolate['type']>(type: T, send?: ToIsolate): Promise<Extract<FromIsolate, { type: T }>> =>
    new Promise((resolve, reject) => {
      if (dead !== undefined) return reject(new Error(dead));
      waiter = { type, resolve: resolve as (message: FromIsolate) => void, reject };
      if (send) handle.post(send);
    });
  handle.onMessage((message) => {
    if (message.type === 'ready') ready = true;
    if (waiter && message.type === waiter.type) {
      const pending = waiter;
      waiter = undefined;
      pending.resolve(message);
    }
  });
  handle.onError((message) =>
    ready ? die(`isolate worker failed: ${message}`) : die('did not start', new IsolateUnavailable(`the isolate worker did not start (${message})`)),
  );
  if (signal.aborted) {
    die('cancelled');
    return { failed: { error: 'cancelled' } };
  }
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await next('ready');
    const opened = await next('opened', start);
    if (opened.failed) {
      die('closed');
      return { failed: opened.failed };
    }
  } catch (error) {
    if (dead === 'cancelled') return { failed: { error: 'cancelled' } };
    throw error;
  }
  const session: ApproachSession = {
    slice: (request) => next('sliced', { type: 'slice', request }).then(
      (message) => message.outcome,
      (error: Error) => ({ error: error.message }),
    ),
    async close() {
      if (dead !== undefined) return undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const closed = await Promise.race([
          next('closed', { type: 'close' }),
          new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the isolate did not dispose its approach within ${CLOSE_TIMEOUT_MS / 1000} s`)), CLOSE_TIMEOUT_MS))),
        ]);
        return closed.error;
      } catch (error) {
        return dead === 'cancelled' ? undefined : (error as Error).message;
      } finally {
        clearTimeout(timer);
        die('closed');
      }
    },
  };
  return { session };
}
