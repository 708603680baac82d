import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createNodePlatform } from '../../../../../labs/engine/platform-node.ts';
import { runBenchmarks } from '../../../../../labs/index.ts';
import { editedWorkloads } from './edited-kernels.ts';
import { checkKernels } from './kernel-check.ts';
import { DEFAULT_AS_SOURCE, DEFAULT_JS_SOURCE } from './kernel-sources.ts';

const platform = createNodePlatform({ disableNative: true });
const FAST = { timeMs: 5, warmupMs: 1, minSamples: 2 };
const shippedAs = () => readFile(new URL('../../../../../labs/wasm/build/assemblyscript.wasm', import.meta.url)).then((b) => new Uint8Array(b));
const offByOne = DEFAULT_JS_SOURCE.replace('return hash >>> 0;', 'return (hash + 1) >>> 0;');

describe('your kernels as engine workloads', () => {
  it('times the starting kernels and rejects an edited one that is off by one', async () => {
    const asWasm = await shippedAs();
    const good = await runBenchmarks({ platform, workloads: editedWorkloads({ kernels: ['fnv1a', 'blur3x3'], size: 'small', jsSource: DEFAULT_JS_SOURCE, asWasm }), config: FAST });
    expect(good.results.filter((r) => !r.ok).map((r) => `${r.workload}/${r.label}: ${r.error}`)).toEqual([]);
    const bad = await runBenchmarks({ platform, workloads: editedWorkloads({ kernels: ['fnv1a'], size: 'small', jsSource: offByOne }), config: FAST });
    const yours = bad.results.find((r) => r.label === 'your JS');
    expect(yours).toMatchObject({ ok: false, latency: null });
    expect(yours?.error).toMatch(/output mismatch/);
    expect(bad.results.find((r) => r.label === 'your AssemblyScript')).toMatchObject({ ok: false, skipped: true });
  }, 60_000);
});

describe('the check on edit', () => {
  it('reports each kernel, a JS module that does not load, and compile errors', async () => {
    const asWasm = await shippedAs();
    const report = await checkKernels({ id: 1, jsSource: offByOne, asSource: DEFAULT_AS_SOURCE, size: 'small' }, async () => ({ wasm: asWasm, diagnostics: [], ms: 1 }));
    expect(report.js.verdicts.map((v) => [v.kernel, v.ok])).toEqual([['leibniz-pi', true], ['blur3x3', true], ['fnv1a', false]]);
    expect(report.as.verdicts.every((v) => v.ok)).toBe(true);
    const broken = await checkKernels({ id: 2, jsSource: 'export function (', asSource: 'x', size: 'small' }, async () => ({ diagnostics: [], error: '1 compile error', ms: 1 }));
    expect(broken.js.error).toMatch(/does not load/);
    expect(broken.as.error).toBe('1 compile error');
  });
});
