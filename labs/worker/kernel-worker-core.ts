/** What a kernel worker does with each request, independent of the runtime that delivers it. */
import { burnCpu, countPrimes } from '../kernels/primes.ts';
import { CONTROL, type KernelWorkerReply, type KernelWorkerRequest } from './protocol.ts';

/** Serves SharedArrayBuffer jobs until the stop flag is set. Blocks this worker (Atomics.wait) between jobs. */
function serveShared(numbers: Uint32Array, control: Int32Array, slot: number, seenGeneration: number): void {
  let seen = seenGeneration;
  for (;;) {
    Atomics.wait(control, CONTROL.generation, seen);
    seen = Atomics.load(control, CONTROL.generation);
    if (Atomics.load(control, CONTROL.stop) !== 0) return;
    const start = Atomics.load(control, CONTROL.ranges + 2 * slot);
    const end = Atomics.load(control, CONTROL.ranges + 2 * slot + 1);
    Atomics.add(control, CONTROL.result, countPrimes(numbers, start, end));
    Atomics.add(control, CONTROL.done, 1);
    Atomics.notify(control, CONTROL.done);
  }
}

export function handleKernelRequest(request: KernelWorkerRequest, reply: (message: KernelWorkerReply) => void): void {
  try {
    switch (request.type) {
      case 'count-primes':
        reply({ type: 'count', id: request.id, count: countPrimes(request.numbers) });
        return;
      case 'attach-shared': {
        const control = new Int32Array(request.control);
        // Read the generation before saying 'attached': a job announced right after the reply must be seen
        // as a change, or this worker would wait for the next one forever.
        const seen = Atomics.load(control, CONTROL.generation);
        reply({ type: 'attached', slot: request.slot });
        serveShared(new Uint32Array(request.numbers), control, request.slot, seen);
        return;
      }
      case 'burn':
        reply({ type: 'burning' });
        for (;;) burnCpu(request.sliceMs);
    }
  } catch (error) {
    reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}
