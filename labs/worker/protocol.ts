/**
 * Messages between the engine and a kernel worker, and the layout of the shared control block used by the
 * SharedArrayBuffer + Atomics mode.
 */

export type KernelWorkerRequest =
  /** postMessage mode: `numbers` is this worker's slice, copied by structured clone on every request. */
  | { type: 'count-primes'; id: number; numbers: Uint32Array }
  /**
   * SharedArrayBuffer mode: attach once, then serve jobs announced through the control block (no messages
   * per job). The worker blocks in Atomics.wait between jobs, so it handles no more messages after this.
   */
  | { type: 'attach-shared'; numbers: SharedArrayBuffer; control: SharedArrayBuffer; slot: number }
  /** Keep one core busy with CPU work in `sliceMs` chunks until terminated (event-loop workload). */
  | { type: 'burn'; sliceMs: number };

export type KernelWorkerReply =
  | { type: 'count'; id: number; count: number }
  | { type: 'attached'; slot: number }
  | { type: 'burning' }
  | { type: 'error'; message: string };

/** Int32 indices in the control block. Ranges for slot i live at RANGES + 2i (start) and RANGES + 2i + 1 (end). */
export const CONTROL = {
  /** Bumped by the main thread to start a job; workers Atomics.wait on it. */
  generation: 0,
  /** Set to 1 (then generation bumped) to make workers leave their loop. */
  stop: 1,
  /** Workers add 1 when done; the main thread waits until it equals the worker count. */
  done: 2,
  /** Workers add their prime counts here. */
  result: 3,
  ranges: 4,
} as const;

export function controlBlockLength(slots: number): number {
  return CONTROL.ranges + 2 * slots;
}
