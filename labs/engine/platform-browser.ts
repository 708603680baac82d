/**
 * Browser implementation of Platform, for the /lab page: Web Workers (module workers bundled by Vite),
 * the committed .wasm files fetched as assets, no native code. HTTP workloads run only when the page
 * passes the URL of a latency endpoint that answers GET `?ms=N` with "ok" after N ms (e.g. a Vite
 * middleware); otherwise they are reported as skipped.
 *
 * SharedArrayBuffer needs cross-origin isolation (COOP same-origin + COEP require-corp/credentialless);
 * without it the SharedArrayBuffer approaches are skipped and the timer is coarse (100 µs in Chromium).
 */
import type { WasmArtifactName } from '../wasm/manifest.ts';
import type { KernelWorkerReply, KernelWorkerRequest } from '../worker/protocol.ts';
import type { KernelWorker, LatencyServer, Platform } from './platform.ts';
import type { Capabilities } from './types.ts';

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
      const response = await fetch(WASM_URLS[name]);
      if (!response.ok) throw new Error(`fetching ${name}.wasm failed: HTTP ${response.status}`);
      return response.arrayBuffer();
    },
  };
  if (options.latencyServerUrl) {
    const url = options.latencyServerUrl;
    platform.startLatencyServer = async (): Promise<LatencyServer> => ({ url, close: async () => {} });
  }
  return platform;
}
