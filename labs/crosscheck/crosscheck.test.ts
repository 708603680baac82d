/**
 * The interleaved cross-check: which worker is asked for a slice when, what happens to a failing approach,
 * and that no worker outlives runCrosscheck. Fake workers for the order and the arithmetic; real worker
 * threads with fnv1a (tiny slices) for the end-to-end run. No timing asserts.
 */
import { describe, expect, it } from 'vitest';
import { createNodePlatform } from '../engine/platform-node.ts';
import type { PreparedApproach, Workload } from '../engine/types.ts';
import { ALL_WORKLOADS } from '../index.ts';
import { FreshPlainLoopWorker, runCrosscheck, type PlainLoopWorker, type SpawnPlainLoopWorker } from './crosscheck.ts';
import type { PlainLoopJob, PlainLoopOptions } from './plain-loop.ts';

const platform = createNodePlatform({ disableNative: true });
const LOOP: PlainLoopOptions = { warmup: 1, warmupMs: 0, slices: 3, sliceMs: 1 };

const timed = (): Promise<PreparedApproach> => Promise.resolve({ kind: 'timed', async: false, run: () => 0, check: () => 0 });
function fakeWorkload(labels: string[]): Workload {
  return {
    id: 'fake',
    suite: 'wasm',
    title: 'fake',
    description: 'fake',
    params: {},
    isolate: true,
    expected: () => 0,
    approaches: () => [
      ...labels.map((label, i) => ({ name: label, ...(i === 0 ? { baseline: true } : {}), prepare: timed })),
      { name: 'native', requires: ['native' as const], prepare: timed },
    ],
  };
}

interface Script {
  /** Error instead of 'ready'. */
  notReady?: string;
  /** The samples of slice k (k from 0); a thrown error for a failing slice. */
  slice?: (k: number) => number[];
}

/** Fake workers: log every request, answer from the script. */
function fakes(scripts: Record<string, Script>) {
  const log: string[] = [];
  const open = new Set<string>();
  const spawn: SpawnPlainLoopWorker = (job: PlainLoopJob): PlainLoopWorker => {
    const script = scripts[job.label] ?? {};
    let k = 0;
    log.push(`spawn ${job.label}`);
    open.add(job.label);
    return {
      ready: () => Promise.resolve(script.notReady ? { error: script.notReady } : { warmupCalls: job.warmup }),
      slice: () => {
        log.push(job.label);
        return Promise.resolve().then(() => (script.slice ?? (() => [1]))(k++));
      },
      close: () => {
        if (open.delete(job.label)) log.push(`close ${job.label}`);
        return Promise.resolve();
      },
    };
  };
  return { log, open, spawn };
}

describe('the interleaved cross-check', () => {
  it('starts one worker per non-native approach, then asks them for slices in rotated order, one at a time', async () => {
    const { log, open, spawn } = fakes({});
    const progress: string[] = [];
    const { measurements, errors } = await runCrosscheck({ platform, workloads: [fakeWorkload(['A', 'B', 'C'])], loop: LOOP, spawn, onProgress: (l) => progress.push(l) });
    expect(log).toEqual(['spawn A', 'spawn B', 'spawn C', 'A', 'B', 'C', 'B', 'C', 'A', 'C', 'A', 'B', 'close A', 'close B', 'close C']);
    expect(open.size).toBe(0);
    expect(errors).toEqual([]);
    expect(measurements.map((m) => [m.label, m.baseline, m.medianMs, m.calls, m.sliceMediansMs])).toEqual([
      ['A', true, 1, 3, [1, 1, 1]],
      ['B', false, 1, 3, [1, 1, 1]],
      ['C', false, 1, 3, [1, 1, 1]],
    ]);
    expect(progress[0]).toBe('[plain loop] fake: 3 workers ready; 3 rounds of one slice of ≥ 1 ms each');
    expect(progress.slice(1)).toEqual([
      '[plain loop] fake · A: p10 1.0000 ms, median 1.0000 ms over 3 calls in 3 slices',
      '[plain loop] fake · B: p10 1.0000 ms, median 1.0000 ms over 3 calls in 3 slices',
      '[plain loop] fake · C: p10 1.0000 ms, median 1.0000 ms over 3 calls in 3 slices',
    ]);
  });

  it('pools every sample of an approach and takes the p10 and the median of the pool', async () => {
    const { spawn } = fakes({ A: { slice: (k) => [[4, 4], [4, 5, 6], [8]][k]! }, B: { slice: (k) => [[1], [3, 2], [2, 9]][k]! } });
    const { measurements } = await runCrosscheck({ platform, workloads: [fakeWorkload(['A', 'B'])], loop: LOOP, spawn });
    expect(measurements[0]).toMatchObject({ label: 'A', p10Ms: 4, medianMs: 4.5, calls: 6, sliceMediansMs: [4, 5, 8] });
    expect(measurements[1]).toMatchObject({ label: 'B', p10Ms: expect.closeTo(1.4, 12), medianMs: 2, calls: 5, sliceMediansMs: [1, 2.5, 5.5] });
  });

  it('goes on with the others when an approach fails to get ready or fails in a slice, and closes it', async () => {
    const { log, open, spawn } = fakes({
      B: { notReady: 'output mismatch: expected 0, got 1' },
      C: {
        slice: (k) => {
          if (k === 1) throw new Error('boom');
          return [2];
        },
      },
    });
    const { measurements, errors } = await runCrosscheck({ platform, workloads: [fakeWorkload(['A', 'B', 'C', 'D'])], loop: LOOP, spawn });
    // B never measures; C is closed right after its failed slice (round 2), and rounds 2 and 3 rotate over
    // the live workers only.
    expect(log).toEqual(['spawn A', 'spawn B', 'close B', 'spawn C', 'spawn D', 'A', 'C', 'D', 'C', 'close C', 'D', 'A', 'A', 'D', 'close A', 'close D']);
    expect(open.size).toBe(0);
    expect(errors).toEqual(['fake/B: output mismatch: expected 0, got 1', 'fake/C: slice 2: boom']);
    expect(measurements.map((m) => [m.label, m.medianMs, m.calls])).toEqual([
      ['A', 1, 3],
      ['B', Number.NaN, 0],
      ['C', Number.NaN, 1],
      ['D', 1, 3],
    ]);
  });

  it('closes every worker when aborted mid-way, and keeps only finished workloads', async () => {
    const controller = new AbortController();
    const { log, open, spawn } = fakes({
      B: {
        slice: () => {
          controller.abort();
          return [1];
        },
      },
    });
    const first = { ...fakeWorkload(['A']), id: 'first' };
    const { measurements } = await runCrosscheck({ platform, workloads: [first, fakeWorkload(['A', 'B'])], loop: LOOP, spawn, signal: controller.signal });
    expect(measurements.map((m) => m.workload)).toEqual(['first']);
    expect(open.size).toBe(0);
    // B's first slice aborts: round 2 is never asked for, and both workers of the second workload are closed.
    expect(log).toEqual(['spawn A', 'A', 'A', 'A', 'close A', 'spawn A', 'spawn B', 'A', 'B', 'close A', 'close B']);
  });

  it('runs real fresh worker threads, reports a failing approach, and leaves none running', async () => {
    const fnv1a = ALL_WORKLOADS.find((w) => w.id === 'fnv1a')!;
    // A ghost approach the worker cannot find in ALL_WORKLOADS: it fails in its worker; the others still run.
    const withGhost: Workload = { ...fnv1a, approaches: (c) => [...fnv1a.approaches(c), { name: 'ghost', prepare: timed }] };
    const workers: FreshPlainLoopWorker[] = [];
    const spawn: SpawnPlainLoopWorker = (job) => {
      const worker = new FreshPlainLoopWorker(job);
      workers.push(worker);
      return worker;
    };
    const { measurements, errors } = await runCrosscheck({ platform, workloads: [withGhost], loop: { warmup: 1, warmupMs: 0, slices: 2, sliceMs: 1 }, spawn });
    expect(workers.length).toBe(measurements.length);
    expect(workers.every((w) => w.exited)).toBe(true);
    expect(errors).toEqual(['fnv1a/ghost: no approach ghost in fnv1a']);
    const ok = measurements.filter((m) => m.error === undefined);
    expect(ok.map((m) => m.label)).toEqual(['JS', 'Rust Wasm', 'Rust Wasm SIMD', 'AssemblyScript']);
    expect(ok[0]?.baseline).toBe(true);
    for (const m of ok) {
      expect(m.sliceMediansMs).toHaveLength(2);
      expect(m.calls).toBeGreaterThanOrEqual(2);
      expect(m.medianMs).toBeGreaterThan(0);
    }
  }, 60_000);
});
