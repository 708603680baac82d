import { describe, expect, it } from 'vitest';
import { createNodePlatform } from '../engine/platform-node.ts';
import { runBenchmarks } from '../engine/runner.ts';
import type { Approach, PreparedApproach, Workload } from '../engine/types.ts';
import { KernelModule } from './loader.ts';
import { wasmWorkloads } from './workloads.ts';

const platform = createNodePlatform({ disableNative: true });
const FAST = { timeMs: 5, warmupMs: 1, minSamples: 2 };

describe('wasm workloads', () => {
  it('every kernel build agrees with the JS reference (native skipped here; the CLI test runs it)', async () => {
    const report = await runBenchmarks({ platform, workloads: wasmWorkloads, config: FAST });
    const failures = report.results.filter((r) => !r.ok && !r.skipped).map((r) => `${r.workload}/${r.label}: ${r.error}`);
    expect(failures).toEqual([]);
    const kernels = ['leibniz-pi', 'blur3x3', 'fnv1a'];
    for (const id of kernels) {
      expect(report.results.filter((r) => r.workload === id).map((r) => r.approach)).toEqual(['JS', 'Rust Wasm', 'Rust Wasm SIMD', 'AssemblyScript', 'native']);
    }
  }, 60_000);

  it('measures each approach in a fresh isolate where the platform can, and says so where it cannot', async () => {
    const blur = wasmWorkloads.find((w) => w.id === 'blur3x3')!;
    const isolated = await runBenchmarks({ platform, workloads: [blur], approaches: ['JS', 'Rust Wasm', 'native'], config: FAST });
    expect(isolated.results.map((r) => [r.approach, r.ok, r.isolated])).toEqual([['JS', true, true], ['Rust Wasm', true, true], ['native', false, undefined]]);
    const { openIsolate: _, ...shared } = platform;
    const inline = await runBenchmarks({ platform: shared, workloads: [blur], approaches: ['JS', 'Rust Wasm'], config: FAST });
    expect(inline.results.map((r) => [r.approach, r.ok, r.isolated])).toEqual([['JS', true, false], ['Rust Wasm', true, false]]);
  }, 60_000);

  it('rejects a real Rust Wasm kernel wired to the wrong input', async () => {
    const fnv = wasmWorkloads.find((w) => w.id === 'fnv1a')!;
    const wrong: Approach = {
      name: 'Rust Wasm',
      async prepare(ctx): Promise<PreparedApproach> {
        const m = await KernelModule.instantiate(await ctx.platform.loadWasm('rust'));
        const data = new Uint8Array(4 << 20); // zeros instead of the workload's bytes
        const ptr = m.copyIn(data);
        return { kind: 'timed', async: false, run: () => m.exports.fnv1a(ptr, data.length) >>> 0, check: (x) => x as number };
      },
    };
    const workload: Workload = { ...fnv, approaches: () => [wrong] };
    const report = await runBenchmarks({ platform, workloads: [workload], config: FAST });
    expect(report.results[0]).toMatchObject({ ok: false, latency: null });
    expect(report.results[0]?.error).toMatch(/output mismatch/);
  });

  it('refuses a module without the kernel exports', async () => {
    const empty = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
    await expect(KernelModule.instantiate(empty)).rejects.toThrow(/lacks exports: alloc/);
  });
});
