/**
 * The only door from the engine to runtime-specific things. The workloads use nothing else, so the same
 * definitions run in Node (platform-node.ts, for `npm run bench`) and in a browser (platform-browser.ts).
 */
import type { Capabilities, Environment, IsolateJob, OpenedSession } from './types.ts';
import type { KernelWorkerReply, KernelWorkerRequest } from '../worker/protocol.ts';
import type { WasmArtifactName } from '../wasm/manifest.ts';

/** A started kernel worker (labs/worker/), in either runtime. */
export interface KernelWorker {
  post(message: KernelWorkerRequest): void;
  /** Subscribes to replies; returns the unsubscribe function. */
  onMessage(listener: (reply: KernelWorkerReply) => void): () => void;
  onError(listener: (error: Error) => void): () => void;
  terminate(): Promise<void>;
}

/** A local HTTP endpoint: GET `${url}?ms=N` answers "ok" after N milliseconds. */
export interface LatencyServer {
  url: string;
  close(): Promise<void>;
}

export interface NativeRequest {
  kernel: 'leibniz_pi' | 'blur3x3' | 'fnv1a';
  size?: number;
  width?: number;
  height?: number;
  timeMs: number;
  warmupMs: number;
  minSamples: number;
}

export interface NativeReport {
  kernel: string;
  /** The kernel's check value as printed by Rust (parse with Number()). */
  check: string;
  samples_ms: number[];
}

export interface Platform {
  readonly name: 'node' | 'browser';
  /** Runtime facts for the Environment record (timer resolution and date are added by the engine). */
  describe(): Promise<Omit<Environment, 'timerResolutionMs' | 'date'>>;
  capabilities(): Promise<Capabilities>;
  createKernelWorker(): KernelWorker;
  loadWasm(name: WasmArtifactName): Promise<ArrayBuffer | Uint8Array>;
  /** Present where a local HTTP server can exist (Node) or one was configured (browser). */
  startLatencyServer?(): Promise<LatencyServer>;
  /**
   * CPU time this process has used so far, all threads, in ms (Node: process.cpuUsage). Divided by wall
   * time it shows how many cores an approach really got — on a busy machine, two workers may get one.
   */
  processCpuMs?(): number;
  /**
   * Prepares and checks one approach in a fresh isolate (Node: a new worker thread; browser: a new module
   * Web Worker) and resolves with a session that measures it there slice by slice, or with why it will not
   * be measured. Absent where the platform cannot (a browser without Web Workers): workloads that ask for
   * isolation then run in the engine's own isolate, and their results say `isolated: false` with
   * `isolationUnavailable` as the reason. Rejects with `IsolateUnavailable` (engine/isolatable.ts) when no
   * isolate could be started, which has the same effect.
   */
  openIsolate?(job: IsolateJob, signal: AbortSignal): Promise<OpenedSession>;
  /** Why this platform has no `openIsolate`, for the results' `isolationReason`. */
  isolationUnavailable?: string;
  /** Present where native code can run (Node with cargo). */
  runNative?(request: NativeRequest, signal: AbortSignal): Promise<NativeReport>;
}
