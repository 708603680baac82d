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

export interface IoOptions {
  transport: Transport;
  /** Requests per sample (N). */
  requests: number;
  /** Latency of each request, ms. */
  latencyMs: number;
  /** k: requests in flight for the bounded pool. */
  poolSize: number;
}

export const DEFAULT_IO: Omit<IoOptions, 'transport'> = { requests: 24, latencyMs: 5, poolSize: 4 };

export type Transport = 'timers' | 'http';

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

function ioApproach(name: string, io: IoOptions, drive: (request: RequestFn) => Promise<number>, extra: Partial<Approach> = {}): Approach {
  return {
    name,
    ...extra,
    ...(io.transport === 'http' ? { requires: ['http'] } : {}),
    async prepare(ctx): Promise<PreparedApproach> {
      const { request, close } = await openTransport(io.transport, ctx, io.latencyMs);
      return { kind: 'timed', async: true, run: () => drive(request), check: (n) => n as number, dispose: close };
    },
  };
}

/** The I/O-bound workload; the page can build variants with other N, latency or k. */
export function createIoWorkload(options: Partial<IoOptions> & { transport: Transport }): Workload {
  const io: IoOptions = { ...DEFAULT_IO, ...options };
  const { transport, requests, latencyMs, poolSize } = io;
  const custom = requests !== DEFAULT_IO.requests || latencyMs !== DEFAULT_IO.latencyMs || poolSize !== DEFAULT_IO.poolSize;
  return {
    id: custom ? `io-${transport}-n${requests}-l${latencyMs}-k${poolSize}` : `io-${transport}`,
    suite: 'concurrency',
    title: transport === 'timers' ? 'I/O-bound: simulated requests (timers)' : 'I/O-bound: local HTTP requests',
    description:
      transport === 'timers'
        ? `${requests} requests that each wait ${latencyMs} ms on a timer.`
        : `${requests} GET requests with fetch to a server on 127.0.0.1 that answers after ${latencyMs} ms.`,
    params: { transport, requests, latencyMs },
    expected: () => requests,
    approaches: () => [
      ioApproach('sequential', io, (r) => runSequential(requests, r), { baseline: true }),
      ioApproach('Promise.all', io, (r) => runAllAtOnce(requests, r)),
      ioApproach('bounded pool', io, (r) => runBoundedPool(requests, poolSize, r), { label: `bounded pool k=${poolSize}`, params: { k: poolSize } }),
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
    expectedCores: workers,
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
  createIoWorkload({ transport: 'timers' }),
  createIoWorkload({ transport: 'http' }),
  cpuWorkload,
  eventLoopWorkload('timers'),
  eventLoopWorkload('http'),
];
