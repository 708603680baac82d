/** Web Worker entry (module worker, bundled by Vite through `new URL(..., import.meta.url)`). */
import { handleKernelRequest } from './kernel-worker-core.ts';
import type { KernelWorkerReply, KernelWorkerRequest } from './protocol.ts';

// The repo's TS lib is DOM, not WebWorker, so describe the little of the worker scope that is used.
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<KernelWorkerRequest>) => void) | null;
  postMessage(message: KernelWorkerReply): void;
};
scope.onmessage = (event) => handleKernelRequest(event.data, (reply) => scope.postMessage(reply));
