/**
 * Browser implementation of Platform, for the /lab page: Web Workers (module workers bundled by Vite),
 * the committed .wasm files fetched as assets, no native code. HTTP workloads run only when the page
 * passes the URL of a latency endpoint that answers GET `?ms=N` with "ok" after N ms (e.g. a Vite
 * middleware); otherwise they are reported as skipped.
 *
 * SharedArrayBuffer needs cross-origin isolation (COOP same-origin + COEP require-corp/credentialless);
 * without it the SharedArrayBuffer approaches are skipped and the timer is coarse (100 µs in Chromium).
 *
 * Isolation (`openIsolate`): each approach of an isolatable workload (the Wasm suite) is measured in a new
 * dedicated module worker (isolate-worker.browser.ts; Chromium gives each its own V8 isolate), sent the
 * .wasm bytes this platform fetched once; the workload's workers stay up while their slices are taken in
 * turn (engine/session.ts) and are terminated after. Without Web Workers there is no `openIsolate`; if a
 * worker cannot start, the run falls back to the engine's isolate from then on. The results then say
 * `isolated: false` and why.
 */
import type { WasmArtifactName } from '../wasm/manifest.ts';
import type { KernelWorkerReply, KernelWorkerRequest } from '../worker/protocol.ts';
import { superviseIsolate, type IsolateHandle, type IsolateWasm } from './isolate.ts';
import { IsolateUnavailable } from './isolatable.ts';
import type { KernelWorker, LatencyServer, Platform } from './platform.ts';
import type { Capabilities, IsolateJob, OpenedSession } from './types.ts';

// Literal URLs so Vite sees and emits each asset.
const WASM_URLS: Record<WasmArtifactName, URL> = {
  rust: new URL('../wasm/build/rust.wasm', import.meta.url),
  'rust-simd': new URL('../wasm/build/rust-simd.wasm', import.meta.url),
  assemblyscript: new URL('../wasm/build/assemblyscript.wasm', import.meta.url),
};

function createBrowserKernelWorker(): KernelWorker {
  const worker = new Worker(new URL('../worker/kernel-worker.browser.ts', import.meta.url), { type: 'module' });
  return {
    post: (message: KernelWorkerRequest) => worker.postMessage(message),
    onMessage(listener) {
      const handler = (event: MessageEvent<KernelWorkerReply>) => listener(event.data);
      worker.addEventListener('message', handler);
      return () => worker.removeEventListener('message', handler);
    },
    onError(listener) {
      const handler = (event: ErrorEvent) => listener(new Error(event.message || 'worker error'));
      worker.addEventListener('error', handler);
      return () => worker.removeEventListener('error', handler);
    },
    async terminate() {
      worker.terminate();
    },
  };
}

function startIsolateWorker(): IsolateHandle {
  const worker = new Worker(new URL('./isolate-worker.browser.ts', import.meta.url), { type: 'module' });
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.addEventListener('message', (event) => listener(event.data)),
    onError(listener) {
      // A module script that fails to load fires a plain Event (no message); an uncaught error an ErrorEvent.
      worker.addEventListener('error', (event) => listener((event instanceof ErrorEvent && event.message) || 'the worker script failed to load'));
      worker.addEventListener('messageerror', () => listener('a message could not be read'));
    },
    terminate: () => worker.terminate(),
  };
}

function browserVersion(userAgent: string): string {
  const match = /(Firefox|Edg|Chrome|Version)\/([\d.]+)/.exec(userAgent);
  return match ? `${match[1] === 'Version' ? 'Safari' : match[1]} ${match[2]}` : 'unknown';
}

export interface BrowserPlatformOptions {
  /** A same-origin endpoint for the HTTP workloads (see file comment). */
  latencyServerUrl?: string;
}

export function createBrowserPlatform(options: BrowserPlatformOptions = {}): Platform {
  const isolated = globalThis.crossOriginIsolated === true;
  // Each artifact fetched once: the page's own approaches and every isolate get the same bytes.
  const fetched = new Map<WasmArtifactName, Promise<ArrayBuffer>>();
  const fetchWasm = (name: WasmArtifactName) => {
    let bytes = fetched.get(name);
    if (!bytes) {
      bytes = fetch(WASM_URLS[name]).then((response) => {
        if (!response.ok) throw new Error(`fetching ${name}.wasm failed: HTTP ${response.status}`);
        return response.arrayBuffer();
      });
      // A failed fetch is not kept: the next approach tries again.
      bytes.catch(() => fetched.delete(name));
      fetched.set(name, bytes);
    }
    return bytes;
  };
  const wasmForIsolate = async (): Promise<IsolateWasm> => {
    const names = Object.keys(WASM_URLS) as WasmArtifactName[];
    const settled = await Promise.allSettled(names.map(fetchWasm));
    // postMessage copies the bytes (structured clone), so the cache stays intact.
    return Object.fromEntries(
      settled.map((s, i) => [names[i], s.status === 'fulfilled' ? { bytes: s.value } : { error: s.reason instanceof Error ? s.reason.message : String(s.reason) }]),
    );
  };
  // Set when a worker could not start: the rest of the run then measures in the engine's isolate.
  let unavailable: string | undefined;
  const openIsolate = async (job: IsolateJob, signal: AbortSignal): Promise<OpenedSession> => {
    if (unavailable) throw new IsolateUnavailable(unavailable);
    const wasm = await wasmForIsolate();
    let handle: IsolateHandle;
    try {
      handle = startIsolateWorker();
    } catch (error) {
      unavailable = `a Web Worker could not be started (${error instanceof Error ? error.message : String(error)})`;
      throw new IsolateUnavailable(unavailable);
    }
    try {
      return await superviseIsolate(handle, { type: 'start', job, wasm }, signal);
    } catch (error) {
      if (error instanceof IsolateUnavailable) unavailable = error.message;
      throw error;
    }
  };
  const platform: Platform = {
    name: 'browser',
    async describe() {
      return {
        runtime: 'browser',
        runtimeVersion: browserVersion(navigator.userAgent),
        userAgent: navigator.userAgent,
        cores: navigator.hardwareConcurrency || 1,
        crossOriginIsolated: isolated,
        sharedArrayBuffer: typeof SharedArrayBuffer === 'function' && isolated,
        tools: {},
      };
    },
    async capabilities(): Promise<Capabilities> {
      return {
        workers: typeof Worker === 'function' ? { available: true } : { available: false, reason: 'no Web Workers here' },
        sharedMemory:
          typeof SharedArrayBuffer === 'function' && isolated
            ? { available: true }
            : { available: false, reason: 'SharedArrayBuffer needs a cross-origin isolated page (COOP + COEP headers)' },
        http: options.latencyServerUrl
          ? { available: true }
          : { available: false, reason: 'no local HTTP server in a browser (the page can pass latencyServerUrl)' },
        native: { available: false, reason: 'native code runs only from the Node CLI (npm run bench)' },
      };
    },
    createKernelWorker: createBrowserKernelWorker,
    async loadWasm(name: WasmArtifactName) {
      return (await fetchWasm(name)).slice(0);
    },
  };
  if (typeof Worker === 'function') platform.openIsolate = openIsolate;
  else platform.isolationUnavailable = 'no Web Workers here, so no fresh isolate per approach';
  if (options.latencyServerUrl) {
    const url = options.latencyServerUrl;
    platform.startLatencyServer = async (): Promise<LatencyServer> => ({ url, close: async () => {} });
  }
  return platform;
}
