/**
 * The cross-check must time the lab's own kernels: the very JS functions of kernels/wasm-kernels.ts and the
 * exports of the wasm instance the lab's `prepare` created — no copy that could drift. No timing asserts.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveConfig } from '../engine/config.ts';
import { createNodePlatform } from '../engine/platform-node.ts';
import type { TimedApproach } from '../engine/types.ts';
import { ALL_WORKLOADS } from '../index.ts';
import * as kernels from '../kernels/wasm-kernels.ts';
import { plainLoop, runPlainLoop, targetOf } from './plain-loop.ts';

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

  it('invokes fn(...args) directly, not the approach run(), warm-up plus timed times', () => {
    const fn = vi.fn((a: number, b: number) => a + b);
    const run = vi.fn();
    const prepared: TimedApproach = { kind: 'timed', async: false, run, call: { fn: fn as never, args: [2, 3] }, check: (x) => x as number };
    let t = 0;
    const samples = plainLoop(targetOf(prepared).invoke, { warmup: 3, warmupMs: 0, timed: 4 }, () => (t += 1.5));
    expect(fn).toHaveBeenCalledTimes(7);
    expect(fn).toHaveBeenCalledWith(2, 3);
    expect(run).not.toHaveBeenCalled();
    expect(samples).toEqual([1.5, 1.5, 1.5, 1.5]);
  });

  it('keeps warming up until both the call count and the warm-up time are reached', () => {
    const fn = vi.fn();
    let t = 0;
    plainLoop(fn, { warmup: 2, warmupMs: 10, timed: 1 }, () => (t += 1));
    // Warm-up: clock starts at 1, each check adds 1, until 10 ms have passed → 9 calls; then 1 timed.
    expect(fn.mock.calls.length).toBeGreaterThan(3);
  });

  it('uses no tinybench', () => {
    for (const file of ['plain-loop.ts', 'plain-loop-worker.node.ts', 'crosscheck.ts']) {
      expect(readFileSync(new URL(file, import.meta.url), 'utf8'), file).not.toMatch(/from ['"]tinybench['"]/);
    }
  });

  it('refuses to time an approach whose output does not match', async () => {
    const outcome = await runPlainLoop(ALL_WORKLOADS, { workloadId: 'fnv1a', label: 'Rust Wasm', expected: 1, options: { warmup: 0, warmupMs: 0, timed: 1 } }, platform, config);
    expect(outcome.error).toMatch(/output mismatch/);
    expect(outcome.medianMs).toBeUndefined();
  });
});
