/**
 * The concurrency suite: I/O-bound requests (timers and real HTTP), CPU-bound prime counting over workers,
 * and event-loop latency while CPU work runs on the main thread or in a worker.
 */
import { lcgOddIntegers } from '../kernels/inputs.ts';
import { burnCpu, countPrimes } from '../kernels/primes.ts';
import type { LatencyServer } from '../engine/platform.ts';
import { SkipApproach } from '../engine/runner.ts';
import type { Approach, BenchConfig, PreparedApproach, RunContext, Workload } from '../engine/types.ts';
import { runAllAtOnce, runBoundedPool, runSequential, type RequestFn } from './io.ts';
import { ask, createCopyingPool, createSharedPool } from './workers.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------- I/O bound

const IO = { requests: 24, latencyMs: 5, poolSize: 4 } as const;

type Transport = 'timers' | 'http';

/** A request function plus its cleanup; HTTP needs the platform's latency server. */
async function openTransport(transport: Transport, ctx: RunContext, latencyMs: number): Promise<{ request: () => Promise<number>; close(): Promise<void> }> {
  if (transport === 'timers') {
    return { request: () => sleep(latencyMs).then(() => 1), close: async () => {} };
  }
  if (!ctx.platform.startLatencyServer) throw new SkipApproach('no HTTP server on this platform');
  const server: LatencyServer = await ctx.platform.startLatencyServer();
  const url = `${server.url}?ms=${latencyMs}`;
  return {
    request: async () => {
      const response = await fetch(url);
      return (await response.text()) === 'ok' ? 1 : 0;
    },
    close: () => server.close(),
  };
}

function ioApproach(name: string, transport: Transport, drive: (request: RequestFn) => Promise<number>, extra: Partial<Approach> = {}): Approach {
  return {
    name,
    ...extra,
    ...(transport === 'http' ? { requires: ['http'] } : {}),
    async prepare(ctx): Promise<PreparedApproach> {
      const { request, close } = await openTransport(transport, ctx, IO.latencyMs);
      return { kind: 'timed', async: true, run: () => drive(request), check: (n) => n as number, dispose: close };
    },
  };
}

function ioWorkload(transport: Transport): Workload {
  return {
    id: `io-${transport}`,
    suite: 'concurrency',
    title: transport === 'timers' ? 'I/O-bound: simulated requests (timers)' : 'I/O-bound: local HTTP requests',
    description:
      transport === 'timers'
        ? `${IO.requests} requests that each wait ${IO.latencyMs} ms on a timer.`
        : `${IO.requests} GET requests with fetch to a server on 127.0.0.1 that answers after ${IO.latencyMs} ms.`,
    params: { transport, requests: IO.requests, latencyMs: IO.latencyMs },
    expected: () => IO.requests,
    approaches: () => [
      ioApproach('sequential', transport, (r) => runSequential(IO.requests, r), { baseline: true }),
      ioApproach('Promise.all', transport, (r) => runAllAtOnce(IO.requests, r)),
      ioApproach('bounded pool', transport, (r) => runBoundedPool(IO.requests, IO.poolSize, r), { label: `bounded pool k=${IO.poolSize}`, params: { k: IO.poolSize } }),
    ],
  };
}

// ---------------------------------------------------------------------------------------------- CPU bound

const CPU = { numbers: 120_000, bits: 20 } as const;
let cachedNumbers: Uint32Array | undefined;
const primeInput = () => (cachedNumbers ??= lcgOddIntegers(CPU.numbers, CPU.bits));

function workerCounts(config: BenchConfig): number[] {
  // 4 on a 2-core machine shows what oversubscription costs; quick runs keep 1 and 2.
  return config.profile === 'quick' ? [1, 2] : [1, 2, 4];
}

function workersApproach(workers: number, transfer: 'postMessage' | 'SharedArrayBuffer', baseline = false): Approach {
  return {
    name: 'workers',
    label: `workers ×${workers} ${transfer}`,
    params: { workers, transfer },
    baseline,
    requires: transfer === 'SharedArrayBuffer' ? ['workers', 'sharedMemory'] : ['workers'],
    async prepare(ctx): Promise<PreparedApproach> {
      const pool = transfer === 'postMessage' ? createCopyingPool(ctx.platform, primeInput(), workers) : await createSharedPool(ctx.platform, primeInput(), workers);
      return { kind: 'timed', async: true, run: () => pool.countPrimes(), check: (n) => n as number, dispose: () => pool.dispose() };
    },
  };
}

const cpuWorkload: Workload = {
  id: 'cpu-primes',
  suite: 'concurrency',
  title: 'CPU-bound: prime counting over workers',
  description: `Trial-division prime count over ${CPU.numbers.toLocaleString('en')} odd integers below 2^${CPU.bits}, split evenly over n workers. postMessage copies each worker's slice per job; SharedArrayBuffer shares one array and signals jobs with Atomics.`,
  params: { numbers: CPU.numbers },
  expected: () => countPrimes(primeInput()),
  approaches(config) {
    const counts = workerCounts(config);
    const approaches: Approach[] = [workersApproach(1, 'postMessage', true)];
    approaches.push({
      name: 'main thread',
      async prepare(): Promise<PreparedApproach> {
        return { kind: 'timed', async: false, run: () => countPrimes(primeInput()), check: (n) => n as number };
      },
    });
    for (const n of counts) if (n !== 1) approaches.push(workersApproach(n, 'postMessage'));
    for (const n of counts) approaches.push(workersApproach(n, 'SharedArrayBuffer'));
    return approaches;
  },
};

// -------------------------------------------------------------------------------------- event-loop blocking

const LOOP = { sliceMs: 10, tickMs: 1, concurrent: 8 } as const;

/** Keeps the main thread busy: `sliceMs` of CPU work per macrotask, back to back, until stopped. */
function blockMainThread(sliceMs: number): () => void {
  let stopped = false;
  const slice = () => {
    if (stopped) return;
    burnCpu(sliceMs);
    setTimeout(slice, 0);
  };
  setTimeout(slice, 0);
  return () => {
    stopped = true;
  };
}

type Load = 'idle' | 'main thread' | 'worker';

function loopApproach(load: Load, transport: Transport): Approach {
  return {
    name: load,
    baseline: load === 'idle',
    requires: [...(load === 'worker' ? (['workers'] as const) : []), ...(transport === 'http' ? (['http'] as const) : [])],
    params: load === 'idle' ? {} : { sliceMs: LOOP.sliceMs },
    async prepare(ctx): Promise<PreparedApproach> {
      const { request, close } = await openTransport(transport, ctx, transport === 'timers' ? LOOP.tickMs : 0);
      let stopLoad = () => Promise.resolve();
      if (load === 'main thread') {
        const stop = blockMainThread(LOOP.sliceMs);
        stopLoad = async () => stop();
      } else if (load === 'worker') {
        const worker = ctx.platform.createKernelWorker();
        await ask(worker, { type: 'burn', sliceMs: LOOP.sliceMs }, (r): r is { type: 'burning' } => r.type === 'burning');
        stopLoad = () => worker.terminate();
      }
      return {
        kind: 'timed',
        async: true,
        run: request,
        check: (n) => n as number,
        async dispose() {
          await stopLoad();
          await close();
        },
      };
    },
  };
}

function eventLoopWorkload(transport: Transport): Workload {
  return {
    id: `event-loop-${transport}`,
    suite: 'concurrency',
    title: transport === 'timers' ? 'Event-loop blocking: timer ticks' : 'Event-loop blocking: HTTP requests',
    description:
      (transport === 'timers' ? `${LOOP.tickMs} ms timer ticks` : 'requests to an in-process HTTP server that answers at once') +
      `, ${LOOP.concurrent} in flight, while ${LOOP.sliceMs} ms slices of CPU work run on the main thread, in a worker, or not at all. One sample = one request; compare p99.`,
    params: { transport, concurrent: LOOP.concurrent },
    unit: 'request',
    compareBy: 'p99',
    bench: { concurrency: 'task', threshold: LOOP.concurrent },
    expected: () => 1,
    approaches: () => [loopApproach('idle', transport), loopApproach('main thread', transport), loopApproach('worker', transport)],
  };
}

export const concurrencyWorkloads: Workload[] = [
  ioWorkload('timers'),
  ioWorkload('http'),
  cpuWorkload,
  eventLoopWorkload('timers'),
  eventLoopWorkload('http'),
];
