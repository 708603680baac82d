/**
 * The cross-check must time the lab's own kernels: the very JS functions of kernels/wasm-kernels.ts and the
 * exports of the wasm instance the lab's `prepare` created — no copy that could drift. No timing asserts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveConfig } from '../engine/config.ts';
import { createNodePlatform } from '../engine/platform-node.ts';
import type { TimedApproach } from '../engine/types.ts';
import { ALL_WORKLOADS } from '../index.ts';
import * as kernels from '../kernels/wasm-kernels.ts';
import { median, openPlainLoop, poolSlices, quantile, servePlainLoop, sliceOrder, targetOf, timeSlice, warmUp, type PlainLoopRequest, type PlainLoopSession } from './plain-loop.ts';

const platform = createNodePlatform({ disableNative: true });
const config = resolveConfig();
const ctx = { platform, config, signal: new AbortController().signal };

const JS_KERNEL: Record<string, unknown> = { 'leibniz-pi': kernels.leibnizPi, blur3x3: kernels.blur3x3, fnv1a: kernels.fnv1a };
const EXPORT: Record<string, string> = { 'leibniz-pi': 'leibniz_pi', blur3x3: 'blur3x3', fnv1a: 'fnv1a' };

afterEach(() => vi.restoreAllMocks());

describe('the cross-check plain loop', () => {
  it('calls the same JS kernel functions and wasm exports as the lab', async () => {
    const instantiate = vi.spyOn(WebAssembly, 'instantiate');
    for (const workload of ALL_WORKLOADS.filter((w) => w.id in JS_KERNEL)) {
      for (const approach of workload.approaches(config).filter((a) => a.name !== 'native')) {
        instantiate.mockClear();
        const prepared = (await approach.prepare(ctx)) as TimedApproach;
        const { call } = targetOf(prepared);
        expect(call, `${workload.id}/${approach.name} is one kernel call`).toBe(prepared.call);
        if (approach.name === 'JS') {
          expect(call?.fn).toBe(JS_KERNEL[workload.id]);
        } else {
          // The export of the instance this very prepare() created from the approach's artifact.
          const created = (await instantiate.mock.results[0]!.value) as WebAssembly.WebAssemblyInstantiatedSource;
          expect(call?.fn).toBe(created.instance.exports[EXPORT[workload.id]!]);
        }
        // And the lab's timed run() is that same call: same output.
        expect(await prepared.check(prepared.run())).toBe(await prepared.check(targetOf(prepared).invoke()));
        await prepared.dispose?.();
      }
    }
  }, 60_000);

  it('invokes fn(...args) directly, not the approach run(): warm-up calls, then one timed sample per call', () => {
    const fn = vi.fn((a: number, b: number) => a + b);
    const run = vi.fn();
    const prepared: TimedApproach = { kind: 'timed', async: false, run, call: { fn: fn as never, args: [2, 3] }, check: (x) => x as number };
    const { invoke } = targetOf(prepared);
    let t = 0;
    expect(warmUp(invoke, { warmup: 3, warmupMs: 0 }, () => (t += 1))).toBe(3);
    // The fake clock advances 1.5 per reading and each call reads it before and after: every sample is 1.5,
    // and the slice's end readings are 3, 6, 9 and 12 ms after its start (1.5), so 10 ms take 4 calls.
    t = 0;
    const samples = timeSlice(invoke, 10, () => (t += 1.5));
    expect(samples).toEqual([1.5, 1.5, 1.5, 1.5]);
    expect(fn).toHaveBeenCalledTimes(3 + 4);
    expect(fn).toHaveBeenCalledWith(2, 3);
    expect(run).not.toHaveBeenCalled();
  });

  it('keeps warming up until both the call count and the warm-up time are reached', () => {
    // Each call takes 1 ms on the fake clock.
    let t = 0;
    const fn = vi.fn(() => (t += 1));
    const clock = () => t;
    expect(warmUp(fn, { warmup: 2, warmupMs: 10 }, clock)).toBe(10);
    t = 0;
    expect(warmUp(fn, { warmup: 20, warmupMs: 10 }, clock)).toBe(20);
    expect(fn).toHaveBeenCalledTimes(30);
  });

  it('times a slice for at least sliceMs, and at least one call', () => {
    const fn = vi.fn();
    let t = 0;
    // Each call takes 2 ms on the fake clock (before, after); 7 ms need 4 calls (ends at 2, 4, 6, 8 after the start).
    const clock = () => {
      t += 1;
      return t;
    };
    expect(timeSlice(fn, 7, clock)).toHaveLength(4);
    fn.mockClear();
    expect(timeSlice(fn, 0, clock)).toHaveLength(1);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('rotates the order of the slices round by round', () => {
    expect(sliceOrder(0, 3)).toEqual([0, 1, 2]);
    expect(sliceOrder(1, 3)).toEqual([1, 2, 0]);
    expect(sliceOrder(2, 3)).toEqual([2, 0, 1]);
    expect(sliceOrder(3, 3)).toEqual([0, 1, 2]);
    expect(sliceOrder(5, 1)).toEqual([0]);
    expect(sliceOrder(0, 0)).toEqual([]);
  });

  it('takes quantiles by linear interpolation between order statistics, as the lab does', () => {
    expect(quantile([5, 1, 3], 0.1)).toBeCloseTo(1.4, 12);
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([7], 0.1)).toBe(7);
    expect(quantile([], 0.1)).toBeNaN();
  });

  it('pools all slices: the p10 and median of every sample, not of slice medians', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    // Slice medians 1, 1 and 10 (median 1); pooled, 9 samples of which the middle one is 2.
    const pooled = poolSlices([[1, 1, 2], [2, 1, 2], [10, 10, 10]]);
    expect(pooled).toEqual({ p10Ms: 1, medianMs: 2, calls: 9, sliceMediansMs: [1, 2, 10] });
    expect(poolSlices([new Float64Array([5]), new Float64Array([1, 3])])).toEqual({ p10Ms: expect.closeTo(1.4, 12), medianMs: 3, calls: 3, sliceMediansMs: [5, 2] });
    expect(poolSlices([]).medianMs).toBeNaN();
    expect(poolSlices([]).p10Ms).toBeNaN();
  });

  it('uses no tinybench', () => {
    const files = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(files).toEqual(expect.arrayContaining(['compare.ts', 'crosscheck.ts', 'plain-loop-worker.node.ts', 'plain-loop.ts']));
    for (const file of files) {
      expect(readFileSync(new URL(file, import.meta.url), 'utf8'), file).not.toMatch(/from ['"]tinybench['"]/);
    }
  });

  it('refuses to time an approach whose output does not match', async () => {
    const invoked = vi.fn();
    const opened = await openPlainLoop(ALL_WORKLOADS, { workloadId: 'fnv1a', label: 'Rust Wasm', expected: 1, warmup: 5, warmupMs: 0 }, platform, config, () => (invoked(), 0));
    expect(opened).toEqual({ error: expect.stringMatching(/output mismatch/) as unknown });
    // Refused before the warm-up: the clock was never read.
    expect(invoked).not.toHaveBeenCalled();
    const missing = await openPlainLoop(ALL_WORKLOADS, { workloadId: 'fnv1a', label: 'ghost', expected: 1, warmup: 0, warmupMs: 0 }, platform, config);
    expect(missing).toEqual({ error: 'no approach ghost in fnv1a' });
  });

  it('posts every slice as a copy and never transfers a buffer (a detach would slow typed-array kernels)', async () => {
    const posted: unknown[][] = [];
    let listener: ((request: PlainLoopRequest) => void) | undefined;
    const port = {
      postMessage: (...args: unknown[]) => void posted.push(args),
      on: (_event: 'message', l: (request: PlainLoopRequest) => void) => void (listener = l),
    };
    const taken = [0.5, 0.25];
    const session: PlainLoopSession = { warmupCalls: 7, slice: () => taken, dispose: vi.fn(async () => undefined) };
    servePlainLoop(port, session);
    listener!({ type: 'slice', sliceMs: 25 });
    listener!({ type: 'close' });
    await vi.waitFor(() => expect(posted.at(-1)?.[0]).toEqual({ type: 'closed' }));
    expect(posted.map((args) => args[0])).toEqual([
      { type: 'ready', warmupCalls: 7 },
      { type: 'slice', samples: Float64Array.from(taken) },
      { type: 'closed' },
    ]);
    // One argument each: no transfer list.
    for (const args of posted) expect(args).toHaveLength(1);
    expect(session.dispose).toHaveBeenCalledOnce();
  });

  it('answers every request of a worker whose approach could not be opened with its error', () => {
    const posted: unknown[] = [];
    let listener: ((request: PlainLoopRequest) => void) | undefined;
    servePlainLoop({ postMessage: (m) => void posted.push(m), on: (_e, l) => void (listener = l) }, { error: 'output mismatch' });
    listener!({ type: 'slice', sliceMs: 25 });
    expect(posted).toEqual([{ type: 'ready', error: 'output mismatch' }, { type: 'slice', error: 'output mismatch' }]);
  });
});
