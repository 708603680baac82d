/**
 * The Wasm suite: three kernels (float loop, image blur, byte hash) as JS, Rust Wasm, Rust Wasm SIMD,
 * AssemblyScript and native; and the JS/Wasm boundary (call cost, copying in and out).
 */
import { checksumBytes } from '../kernels/checksum.ts';
import { lcgBytes } from '../kernels/inputs.ts';
import { blur3x3, bump, fnv1a, invertBytes, leibnizPi } from '../kernels/wasm-kernels.ts';
import type { NativeRequest } from '../engine/platform.ts';
import { registerIsolatable } from '../engine/isolatable.ts';
import { SkipApproach } from '../engine/runner.ts';
import type { Approach, KernelCall, PreparedApproach, RunContext, Workload } from '../engine/types.ts';
import { KernelModule } from './loader.ts';
import type { WasmArtifactName } from './manifest.ts';

export const WASM_KERNEL_APPROACHES = ['JS', 'Rust Wasm', 'Rust Wasm SIMD', 'AssemblyScript', 'native'] as const;

const WASM_BUILDS: ReadonlyArray<{ approach: string; artifact: WasmArtifactName }> = [
  { approach: 'Rust Wasm', artifact: 'rust' },
  { approach: 'Rust Wasm SIMD', artifact: 'rust-simd' },
  { approach: 'AssemblyScript', artifact: 'assemblyscript' },
];

async function loadModule(ctx: RunContext, artifact: WasmArtifactName): Promise<KernelModule> {
  return KernelModule.instantiate(await ctx.platform.loadWasm(artifact));
}

/**
 * A kernel approach is one call, `fn(...args)`: the JS kernel from kernels/wasm-kernels.ts or the wasm
 * export itself. `run` is that call and nothing else; the cross-check's plain loop calls `call` directly.
 */
export interface KernelRun {
  run(): unknown;
  call: KernelCall;
  check(output: unknown): number;
  dispose?(): void;
}

function kernelCall<A extends unknown[]>(fn: (...args: A) => unknown, args: A, check: (output: unknown) => number, dispose?: () => void): KernelRun {
  return { run: () => fn(...args), call: { fn: fn as KernelCall['fn'], args }, check, ...(dispose ? { dispose } : {}) };
}

/** How one kernel runs in JS, in a wasm module, and natively. Inputs are built once and cached. */
interface KernelSpec {
  id: string;
  title: string;
  description: string;
  params: Record<string, number>;
  tolerance?: number;
  js(): KernelRun;
  wasm(module: KernelModule): KernelRun;
  native: Omit<NativeRequest, 'timeMs' | 'warmupMs' | 'minSamples'>;
}

const SIZES = { terms: 5_000_000, width: 1024, height: 1024, hashBytes: 4 << 20 } as const;
const memo = <T>(make: () => T) => {
  let value: T | undefined;
  return () => (value ??= make());
};
const image = memo(() => lcgBytes(SIZES.width * SIZES.height));
const hashInput = memo(() => lcgBytes(SIZES.hashBytes));
const asNumber = (x: unknown) => x as number;

const KERNELS: KernelSpec[] = [
  {
    id: 'leibniz-pi',
    title: 'Numeric loop: Leibniz series for pi',
    description: `4 Σ (-1)^k / (2k+1) over ${SIZES.terms.toLocaleString('en')} terms (f64 divisions). The SIMD build sums two lanes separately, so floats are compared with a relative tolerance of 1e-9.`,
    params: { terms: SIZES.terms },
    tolerance: 1e-9,
    js: () => kernelCall(leibnizPi, [SIZES.terms], asNumber),
    wasm: (m) => kernelCall(m.exports.leibniz_pi, [SIZES.terms], asNumber),
    native: { kernel: 'leibniz_pi', size: SIZES.terms },
  },
  {
    id: 'blur3x3',
    title: '3x3 blur of a greyscale image',
    description: `[1 2 1; 2 4 2; 1 2 1]/16 over a ${SIZES.width}x${SIZES.height} 8-bit image in linear memory (input copied in once, not timed). Checked exactly, through the FNV-1a of the output.`,
    params: { width: SIZES.width, height: SIZES.height },
    js() {
      const out = new Uint8Array(SIZES.width * SIZES.height);
      return kernelCall(blur3x3, [image(), out, SIZES.width, SIZES.height], () => checksumBytes(out));
    },
    wasm(m) {
      const n = SIZES.width * SIZES.height;
      const src = m.copyIn(image());
      const dst = m.alloc(n);
      return kernelCall(m.exports.blur3x3, [src, dst, SIZES.width, SIZES.height], () => checksumBytes(m.bytes(dst, n)), () => {
        m.exports.dealloc(dst, n);
        m.exports.dealloc(src, n);
      });
    },
    native: { kernel: 'blur3x3', width: SIZES.width, height: SIZES.height },
  },
  {
    id: 'fnv1a',
    title: 'Checksum: FNV-1a over bytes',
    description: `32-bit FNV-1a over ${SIZES.hashBytes >> 20} MiB in linear memory. A serial dependency chain: SIMD cannot help, and the SIMD build runs the same scalar code.`,
    params: { bytes: SIZES.hashBytes },
    js: () => kernelCall(fnv1a, [hashInput()], asNumber),
    wasm(m) {
      const ptr = m.copyIn(hashInput());
      // The export returns a signed i32; the check (not the timed call) makes it unsigned.
      return kernelCall(m.exports.fnv1a, [ptr, SIZES.hashBytes], (x) => (x as number) >>> 0, () => m.exports.dealloc(ptr, SIZES.hashBytes));
    },
    native: { kernel: 'fnv1a', size: SIZES.hashBytes },
  },
];

function kernelWorkload(spec: KernelSpec): Workload {
  const approaches: Approach[] = [
    {
      name: 'JS',
      baseline: true,
      async prepare(): Promise<PreparedApproach> {
        return { kind: 'timed', async: false, ...spec.js() };
      },
    },
    ...WASM_BUILDS.map(({ approach, artifact }): Approach => ({
      name: approach,
      params: { artifact },
      async prepare(ctx): Promise<PreparedApproach> {
        const kernel = spec.wasm(await loadModule(ctx, artifact));
        return { kind: 'timed', async: false, ...kernel };
      },
    })),
    {
      name: 'native',
      requires: ['native'],
      async prepare(ctx): Promise<PreparedApproach> {
        const runNative = ctx.platform.runNative;
        if (!runNative) throw new SkipApproach('no native code on this platform');
        return {
          kind: 'sampled',
          async measure(config, signal) {
            const report = await runNative({ ...spec.native, timeMs: config.timeMs, warmupMs: config.warmupMs, minSamples: config.minSamples }, signal);
            return { samplesMs: report.samples_ms, check: Number(report.check) };
          },
        };
      },
    },
  ];
  return {
    id: spec.id,
    suite: 'wasm',
    isolate: true,
    compareBy: 'p10',
    title: spec.title,
    description: spec.description,
    params: spec.params,
    ...(spec.tolerance !== undefined ? { tolerance: spec.tolerance } : {}),
    expected() {
      const js = spec.js();
      return js.check(js.run());
    },
    approaches: () => approaches,
  };
}

// ------------------------------------------------------------------------------------------- boundary

const CALLS = 10_000;

/** `CALLS` calls of `f` chained through their results, so no call can be skipped. */
function callChain(f: (x: number) => number): number {
  let x = 0;
  for (let i = 0; i < CALLS; i++) x = f(x);
  return x;
}

const callWorkload: Workload = {
  id: 'boundary-call',
  suite: 'wasm',
  isolate: true,
  compareBy: 'p10',
  title: 'Boundary: empty call',
  description: `${CALLS.toLocaleString('en')} chained calls of x => x + 1 per sample: a JS function vs a wasm export. Divide the mean by ${CALLS} for the cost of one call (the JIT may inline the JS one).`,
  params: { callsPerSample: CALLS },
  expected: () => CALLS,
  approaches: () => [
    {
      name: 'JS',
      baseline: true,
      async prepare(): Promise<PreparedApproach> {
        return { kind: 'timed', async: false, run: () => callChain(bump), check: (x) => x as number };
      },
    },
    ...WASM_BUILDS.filter((b) => b.approach !== 'Rust Wasm SIMD').map(({ approach, artifact }): Approach => ({
      name: approach,
      params: { artifact },
      async prepare(ctx): Promise<PreparedApproach> {
        const { exports } = await loadModule(ctx, artifact);
        return { kind: 'timed', async: false, run: () => callChain(exports.bump), check: (x) => x as number };
      },
    })),
  ],
};

const COPY_BYTES = 1 << 20;
const copyInput = memo(() => lcgBytes(COPY_BYTES));

const copyWorkload: Workload = {
  id: 'boundary-copy',
  suite: 'wasm',
  isolate: true,
  compareBy: 'p10',
  title: 'Boundary: copying arrays in and out',
  description: `Invert 1 MiB of bytes (x -> 255 - x): in a JS array, in place in Rust wasm memory, or copying the input into wasm memory and the result back out on every call.`,
  params: { bytes: COPY_BYTES },
  // Check value: FNV-1a of the inverted input (the first run's output).
  expected() {
    const data = copyInput().slice();
    invertBytes(data);
    return checksumBytes(data);
  },
  approaches: () => [
    {
      name: 'JS',
      baseline: true,
      async prepare(): Promise<PreparedApproach> {
        const data = copyInput().slice();
        return { kind: 'timed', async: false, run: () => (invertBytes(data), data), check: (o) => checksumBytes(o as Uint8Array) };
      },
    },
    {
      name: 'in wasm memory',
      params: { artifact: 'rust' },
      async prepare(ctx): Promise<PreparedApproach> {
        const m = await loadModule(ctx, 'rust');
        const ptr = m.copyIn(copyInput());
        return { kind: 'timed', async: false, run: () => m.exports.invert(ptr, COPY_BYTES), check: () => checksumBytes(m.bytes(ptr, COPY_BYTES)) };
      },
    },
    {
      name: 'copy in/out',
      params: { artifact: 'rust' },
      async prepare(ctx): Promise<PreparedApproach> {
        const m = await loadModule(ctx, 'rust');
        const ptr = m.alloc(COPY_BYTES);
        const input = copyInput();
        const output = new Uint8Array(COPY_BYTES);
        return {
          kind: 'timed',
          async: false,
          run() {
            m.bytes(ptr, COPY_BYTES).set(input);
            m.exports.invert(ptr, COPY_BYTES);
            output.set(m.bytes(ptr, COPY_BYTES));
            return output;
          },
          check: (o) => checksumBytes(o as Uint8Array),
        };
      },
    },
  ],
};

export const wasmWorkloads: Workload[] = [...KERNELS.map(kernelWorkload), callWorkload, copyWorkload].map(registerIsolatable);
