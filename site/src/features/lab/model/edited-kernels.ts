/**
 * "Your kernels": the Wasm suite's three kernels as the learner edits them in the page (JS source and an
 * AssemblyScript build compiled in the browser), wrapped as ordinary engine workloads so the engine checks
 * and times them like everything else. Plain TypeScript: runs in the page, in a worker and in Node tests.
 */
import { compareCheck } from '../../../../../labs/engine/check.ts';
import { SkipApproach } from '../../../../../labs/index.ts';
import type { Approach, PreparedApproach, RunContext, Workload } from '../../../../../labs/index.ts';
import { checksumBytes } from '../../../../../labs/kernels/checksum.ts';
import { lcgBytes } from '../../../../../labs/kernels/inputs.ts';
import * as reference from '../../../../../labs/kernels/wasm-kernels.ts';
import { KernelModule } from '../../../../../labs/wasm/loader.ts';

export const KERNEL_IDS = ['leibniz-pi', 'blur3x3', 'fnv1a'] as const;
export type KernelId = (typeof KERNEL_IDS)[number];
export type KernelSize = 'small' | 'medium' | 'large';

/** `large` is what the engine's own Wasm suite uses. */
export const KERNEL_SIZES: Record<KernelSize, { terms: number; side: number; bytes: number; label: string }> = {
  small: { terms: 200_000, side: 256, bytes: 256 << 10, label: 'small (200k terms, 256×256 image, 256 KiB)' },
  medium: { terms: 1_000_000, side: 512, bytes: 1 << 20, label: 'medium (1M terms, 512×512 image, 1 MiB)' },
  large: { terms: 5_000_000, side: 1024, bytes: 4 << 20, label: 'large (5M terms, 1024×1024 image, 4 MiB; the suite’s sizes)' },
};

/** What the learner's JS module may export (missing exports are reported, not guessed). */
export interface JsKernels {
  leibnizPi?: (terms: number) => number;
  blur3x3?: (src: Uint8Array, dst: Uint8Array, width: number, height: number) => void;
  fnv1a?: (bytes: Uint8Array) => number;
}

export const KERNEL_TITLES: Record<KernelId, string> = { 'leibniz-pi': 'Leibniz series for pi', blur3x3: '3x3 blur', fnv1a: 'FNV-1a checksum' };

/** Imports JS source as an ES module (a data: URL works in browsers, workers and Node alike). */
export async function loadJsKernels(source: string): Promise<JsKernels> {
  const url = `data:text/javascript;charset=utf-8,${encodeURIComponent(source)}`;
  return (await import(/* @vite-ignore */ url)) as JsKernels;
}

interface Runnable {
  run(): unknown;
  check(output: unknown): number;
  dispose?(): void;
}

/** One kernel at one size: its reference value, and how to run it as JS or from a kernel module. */
export interface KernelHarness {
  id: KernelId;
  tolerance: number;
  params: Record<string, number>;
  expected(): number;
  js(kernels: JsKernels): Runnable;
  wasm(module: KernelModule): Runnable;
}

function needExport<K extends keyof JsKernels>(kernels: JsKernels, name: K): NonNullable<JsKernels[K]> {
  const f = kernels[name];
  if (typeof f !== 'function') throw new Error(`your JS does not export a function named ${name}`);
  return f as NonNullable<JsKernels[K]>;
}

export function kernelHarness(id: KernelId, size: KernelSize): KernelHarness {
  const { terms, side, bytes } = KERNEL_SIZES[size];
  if (id === 'leibniz-pi') {
    return {
      id,
      tolerance: 1e-9,
      params: { terms },
      expected: () => reference.leibnizPi(terms),
      js: (k) => ({ run: () => needExport(k, 'leibnizPi')(terms), check: (x) => x as number }),
      wasm: (m) => ({ run: () => m.exports.leibniz_pi(terms), check: (x) => x as number }),
    };
  }
  if (id === 'blur3x3') {
    const image = lcgBytes(side * side);
    return {
      id,
      tolerance: 0,
      params: { width: side, height: side },
      expected() {
        const out = new Uint8Array(image.length);
        reference.blur3x3(image, out, side, side);
        return checksumBytes(out);
      },
      js(k) {
        const blur = needExport(k, 'blur3x3');
        const out = new Uint8Array(image.length);
        return { run: () => (blur(image, out, side, side), out), check: (o) => checksumBytes(o as Uint8Array) };
      },
      wasm(m) {
        const src = m.copyIn(image);
        const dst = m.alloc(image.length);
        return {
          run: () => m.exports.blur3x3(src, dst, side, side),
          check: () => checksumBytes(m.bytes(dst, image.length)),
          dispose: () => (m.exports.dealloc(dst, image.length), m.exports.dealloc(src, image.length)),
        };
      },
    };
  }
  const data = lcgBytes(bytes);
  return {
    id,
    tolerance: 0,
    params: { bytes },
    expected: () => reference.fnv1a(data),
    js: (k) => ({ run: () => needExport(k, 'fnv1a')(data), check: (x) => x as number }),
    wasm(m) {
      const ptr = m.copyIn(data);
      return { run: () => m.exports.fnv1a(ptr, bytes) >>> 0, check: (x) => x as number, dispose: () => m.exports.dealloc(ptr, bytes) };
    },
  };
}

/** Runs a kernel once and compares it with the reference: null when it matches, else why not. */
export function checkOnce(harness: KernelHarness, runnable: Runnable): string | null {
  try {
    return compareCheck(harness.expected(), runnable.check(runnable.run()), harness.tolerance);
  } finally {
    runnable.dispose?.();
  }
}

export interface EditedKernelsSpec {
  kernels: KernelId[];
  size: KernelSize;
  /** The learner's JS module source; absent when it failed its check (the approach is then skipped). */
  jsSource?: string;
  /** The learner's AssemblyScript build; absent when it did not compile or failed its check. */
  asWasm?: Uint8Array;
  /** Why an edited approach is left out, shown in its result. */
  jsProblem?: string;
  asProblem?: string;
}

export const EDITED_APPROACHES = ['JS reference', 'your JS', 'AssemblyScript (shipped)', 'your AssemblyScript'] as const;

function timed(runnable: Runnable): PreparedApproach {
  return { kind: 'timed', async: false, run: runnable.run, check: runnable.check, ...(runnable.dispose ? { dispose: runnable.dispose } : {}) };
}

export function editedWorkloadId(id: KernelId): string {
  return `yours-${id}`;
}

/** Engine workloads for the edited kernels: reference JS (baseline), your JS, shipped AS, your AS. */
export function editedWorkloads(spec: EditedKernelsSpec): Workload[] {
  return spec.kernels.map((id) => {
    const harness = kernelHarness(id, spec.size);
    const yoursJs: Approach = {
      name: 'your JS',
      async prepare(): Promise<PreparedApproach> {
        if (spec.jsSource === undefined) throw new SkipApproach(spec.jsProblem ?? 'your JS is not ready');
        return timed(harness.js(await loadJsKernels(spec.jsSource)));
      },
    };
    const shippedAs: Approach = {
      name: 'AssemblyScript (shipped)',
      async prepare(ctx: RunContext): Promise<PreparedApproach> {
        return timed(harness.wasm(await KernelModule.instantiate(await ctx.platform.loadWasm('assemblyscript'))));
      },
    };
    const yoursAs: Approach = {
      name: 'your AssemblyScript',
      async prepare(): Promise<PreparedApproach> {
        if (!spec.asWasm) throw new SkipApproach(spec.asProblem ?? 'your AssemblyScript is not compiled');
        return timed(harness.wasm(await KernelModule.instantiate(spec.asWasm)));
      },
    };
    const jsReference: Approach = {
      name: 'JS reference',
      baseline: true,
      async prepare(): Promise<PreparedApproach> {
        return timed(harness.js(reference));
      },
    };
    return {
      id: editedWorkloadId(id),
      suite: 'wasm',
      title: `Your kernels: ${KERNEL_TITLES[id]}`,
      description: `Your edited JS and AssemblyScript ${KERNEL_TITLES[id]} against the reference JS and the shipped AssemblyScript build, ${KERNEL_SIZES[spec.size].label}.`,
      params: { ...harness.params, size: spec.size },
      ...(harness.tolerance ? { tolerance: harness.tolerance } : {}),
      expected: () => harness.expected(),
      approaches: () => [jsReference, yoursJs, shippedAs, yoursAs],
    };
  });
}
