/** Worker that compiles and checks the learner's kernels (kernel-check.ts); one compile is cached. */
import { compileAssemblyScript, type AscOutcome } from './compile-assemblyscript.ts';
import { checkKernels, type FromCheckWorker, type KernelCheckRequest } from './kernel-check.ts';

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<KernelCheckRequest>) => void) | null;
  postMessage(message: FromCheckWorker): void;
};

let cache: { source: string; outcome: Promise<AscOutcome> } | undefined;
function compileCached(source: string): Promise<AscOutcome> {
  if (cache?.source !== source) cache = { source, outcome: compileAssemblyScript(source) };
  return cache.outcome;
}

scope.onmessage = ({ data }) => {
  const onPhase = (phase: 'running' | 'compiling') => scope.postMessage({ type: 'phase', id: data.id, phase });
  void checkKernels(data, compileCached, onPhase).then((report) => scope.postMessage({ type: 'report', report }));
};
