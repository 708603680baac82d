/**
 * Driving kernel workers from the main thread: request/reply over postMessage, and the
 * SharedArrayBuffer + Atomics job protocol (no message per job). Works with any Platform.
 */
import { splitRange } from '../kernels/primes.ts';
import type { KernelWorker, Platform } from '../engine/platform.ts';
import { CONTROL, controlBlockLength, type KernelWorkerReply, type KernelWorkerRequest } from '../worker/protocol.ts';

const REPLY_TIMEOUT_MS = 60_000;

/** Posts `message` and resolves with the first reply that `accept` takes; rejects on an error reply. */
export function ask<R extends KernelWorkerReply>(worker: KernelWorker, message: KernelWorkerRequest, accept: (reply: KernelWorkerReply) => reply is R): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const timer = setTimeout(() => finish(() => reject(new Error(`worker did not answer ${message.type} within ${REPLY_TIMEOUT_MS} ms`))), REPLY_TIMEOUT_MS);
    const offMessage = worker.onMessage((reply) => {
      if (reply.type === 'error') finish(() => reject(new Error(`worker: ${reply.message}`)));
      else if (accept(reply)) finish(() => resolve(reply));
    });
    const offError = worker.onError((error) => finish(() => reject(error)));
    function finish(settle: () => void) {
      clearTimeout(timer);
      offMessage();
      offError();
      settle();
    }
    worker.post(message);
  });
}

export async function terminateAll(workers: KernelWorker[]): Promise<void> {
  await Promise.all(workers.map((w) => w.terminate()));
}

/** Prime counting over n workers; each request copies the worker's slice (structured clone). */
export function createCopyingPool(platform: Platform, numbers: Uint32Array, workerCount: number) {
  const workers = Array.from({ length: workerCount }, () => platform.createKernelWorker());
  // Separate buffers: cloning a subarray view would copy the whole underlying buffer.
  const slices = splitRange(numbers.length, workerCount).map(([start, end]) => numbers.slice(start, end));
  let nextId = 0;
  return {
    async countPrimes(): Promise<number> {
      const replies = await Promise.all(
        workers.map((worker, i) => {
          const id = ++nextId;
          return ask(worker, { type: 'count-primes', id, numbers: slices[i]! }, (r): r is Extract<KernelWorkerReply, { type: 'count' }> => r.type === 'count' && r.id === id);
        }),
      );
      return replies.reduce((sum, r) => sum + r.count, 0);
    },
    dispose: () => terminateAll(workers),
  };
}

type WaitAsyncResult = { async: false; value: string } | { async: true; value: Promise<string> };
type WaitAsync = (array: Int32Array, index: number, value: number, timeout?: number) => WaitAsyncResult;
// Atomics.waitAsync is ES2024 (Chromium, Node 16+, Safari 16.4+); the repo's TS lib is ES2023.
const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;

/**
 * Resolves once control[index] >= target without blocking the thread (Atomics.wait is not allowed on a
 * browser main thread). Falls back to polling with setTimeout where waitAsync is missing (older Firefox).
 */
export async function waitUntilAtLeast(control: Int32Array, index: number, target: number, timeoutMs = REPLY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = Atomics.load(control, index);
    if (value >= target) return;
    if (Date.now() > deadline) throw new Error(`workers did not finish within ${timeoutMs} ms`);
    if (waitAsync) {
      const result = waitAsync(control, index, value, 1_000);
      if (result.async) await result.value;
    } else {
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
}

/** Prime counting over n workers that read one SharedArrayBuffer; jobs are announced with Atomics. */
export async function createSharedPool(platform: Platform, numbers: Uint32Array, workerCount: number) {
  const shared = new SharedArrayBuffer(numbers.byteLength);
  new Uint32Array(shared).set(numbers);
  const controlBuffer = new SharedArrayBuffer(controlBlockLength(workerCount) * Int32Array.BYTES_PER_ELEMENT);
  const control = new Int32Array(controlBuffer);
  splitRange(numbers.length, workerCount).forEach(([start, end], slot) => {
    control[CONTROL.ranges + 2 * slot] = start;
    control[CONTROL.ranges + 2 * slot + 1] = end;
  });
  const workers = Array.from({ length: workerCount }, () => platform.createKernelWorker());
  try {
    await Promise.all(
      workers.map((worker, slot) =>
        ask(worker, { type: 'attach-shared', numbers: shared, control: controlBuffer, slot }, (r): r is Extract<KernelWorkerReply, { type: 'attached' }> => r.type === 'attached' && r.slot === slot),
      ),
    );
  } catch (error) {
    await terminateAll(workers);
    throw error;
  }
  return {
    async countPrimes(): Promise<number> {
      Atomics.store(control, CONTROL.done, 0);
      Atomics.store(control, CONTROL.result, 0);
      Atomics.add(control, CONTROL.generation, 1);
      Atomics.notify(control, CONTROL.generation);
      await waitUntilAtLeast(control, CONTROL.done, workerCount);
      return Atomics.load(control, CONTROL.result);
    },
    async dispose() {
      Atomics.store(control, CONTROL.stop, 1);
      Atomics.add(control, CONTROL.generation, 1);
      Atomics.notify(control, CONTROL.generation);
      await terminateAll(workers);
    },
  };
}
