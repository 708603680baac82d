/**
 * The correctness check re-run on every edit: the learner's JS and AssemblyScript kernels each run once on
 * the chosen size and are compared with the JS reference, exactly as the engine does before timing.
 * Runs in a worker (kernel-check.worker.ts), so a kernel that never returns cannot freeze the page.
 */
import { KernelModule } from '../../../../../labs/wasm/loader.ts';
import type { AscDiagnostic, AscOutcome } from './compile-assemblyscript.ts';
import { checkOnce, KERNEL_IDS, kernelHarness, loadJsKernels, type KernelId, type KernelSize } from './edited-kernels.ts';

export interface KernelCheckRequest {
  id: number;
  jsSource: string;
  asSource: string;
  size: KernelSize;
}

export interface KernelVerdict {
  kernel: KernelId;
  ok: boolean;
  /** 'matches the reference' or the mismatch / exception. */
  message: string;
}

export interface SideReport {
  /** Set when nothing could be checked (syntax error, compile error, missing exports). */
  error?: string;
  verdicts: KernelVerdict[];
}

export type FromCheckWorker = { type: 'phase'; id: number; phase: CheckPhase } | { type: 'report'; report: KernelCheckReport };

export interface KernelCheckReport {
  id: number;
  size: KernelSize;
  js: SideReport;
  as: SideReport & { diagnostics: AscDiagnostic[]; compileMs?: number; wasm?: Uint8Array };
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function verdict(kernel: KernelId, run: () => string | null): KernelVerdict {
  try {
    const problem = run();
    return { kernel, ok: problem === null, message: problem ?? 'matches the reference' };
  } catch (e) {
    return { kernel, ok: false, message: `threw: ${message(e)}` };
  }
}

export async function checkJs(source: string, size: KernelSize): Promise<SideReport> {
  let kernels;
  try {
    kernels = await loadJsKernels(source);
  } catch (e) {
    return { error: `your JS does not load: ${message(e)}`, verdicts: [] };
  }
  return { verdicts: KERNEL_IDS.map((id) => verdict(id, () => { const h = kernelHarness(id, size); return checkOnce(h, h.js(kernels)); })) };
}

export async function checkWasm(wasm: Uint8Array, size: KernelSize): Promise<SideReport> {
  const verdicts: KernelVerdict[] = [];
  for (const id of KERNEL_IDS) {
    let module: KernelModule;
    try {
      module = await KernelModule.instantiate(wasm); // a fresh instance per kernel: no state carries over
    } catch (e) {
      return { error: message(e), verdicts: [] };
    }
    verdicts.push(verdict(id, () => { const h = kernelHarness(id, size); return checkOnce(h, h.wasm(module)); }));
  }
  return { verdicts };
}

/** 'running': learner code runs now (may never return); 'compiling': asc works (slow on first load, but finite). */
export type CheckPhase = 'running' | 'compiling';

export async function checkKernels(
  request: KernelCheckRequest,
  compile: (source: string) => Promise<AscOutcome>,
  onPhase: (phase: CheckPhase) => void = () => {},
): Promise<KernelCheckReport> {
  onPhase('running');
  const js = await checkJs(request.jsSource, request.size);
  let compiled: AscOutcome;
  try {
    onPhase('compiling');
    compiled = await compile(request.asSource);
  } catch (e) {
    compiled = { diagnostics: [], error: `the AssemblyScript compiler failed: ${message(e)}`, ms: 0 };
  }
  const as: KernelCheckReport['as'] = { diagnostics: compiled.diagnostics, compileMs: compiled.ms, verdicts: [] };
  if (compiled.error || !compiled.wasm) as.error = compiled.error ?? 'no module';
  else {
    onPhase('running');
    Object.assign(as, await checkWasm(compiled.wasm, request.size), { wasm: compiled.wasm });
  }
  return { id: request.id, size: request.size, js, as };
}
