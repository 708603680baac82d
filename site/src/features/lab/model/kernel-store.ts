/**
 * The kernel editors' state: the two sources (kept in localStorage), and the correctness check that
 * re-runs in a worker after each edit. A check that does not return in time (an endless loop) ends the
 * worker; until a later check finishes, the edited kernels stay out of runs.
 */
import { createStore, type ReadableStore } from '../../../runtime/store.ts';
import type { EditedKernelsSpec, KernelId, KernelSize } from './edited-kernels.ts';
import type { FromCheckWorker, KernelCheckReport, KernelCheckRequest } from './kernel-check.ts';
import { DEFAULT_AS_SOURCE, DEFAULT_JS_SOURCE } from './kernel-sources.ts';

export type KernelPart = 'js' | 'as';

export interface KernelLabState {
  js: string;
  as: string;
  size: KernelSize;
  status: 'checking' | 'done' | 'timeout';
  /** The last finished check and what it checked. */
  report?: KernelCheckReport;
  checked?: { js: string; as: string; size: KernelSize };
}

/** How long learner code may run in one check phase before it counts as an endless loop. */
export const CHECK_TIMEOUT_MS = 10_000;
/** asc and Binaryen load on the first compile (~15 MB of JS): slow on a busy machine, but finite. */
const COMPILE_TIMEOUT_MS = 180_000;
const DEBOUNCE_MS = 500;
const KEY = 'workbook-lab-kernels-v1';

export interface KernelLab {
  store: ReadableStore<KernelLabState>;
  edit(part: KernelPart, text: string): void;
  reset(part: KernelPart): void;
  setSize(size: KernelSize): void;
  /** Runs the first check (once; later checks follow edits). Loads asc in a worker, so only on demand. */
  start(): void;
  /** Resolves when no check is pending (after start). */
  whenChecked(): Promise<void>;
  /** What a run should use: sources that passed through a finished check, or why not. */
  editedSpec(kernels: KernelId[]): EditedKernelsSpec;
  dispose(): void;
}

function loadSources(): { js: string; as: string } {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as { js?: unknown; as?: unknown } | null;
    return { js: typeof saved?.js === 'string' ? saved.js : DEFAULT_JS_SOURCE, as: typeof saved?.as === 'string' ? saved.as : DEFAULT_AS_SOURCE };
  } catch {
    return { js: DEFAULT_JS_SOURCE, as: DEFAULT_AS_SOURCE };
  }
}

export function createKernelLab(size: KernelSize): KernelLab {
  const store = createStore<KernelLabState>({ ...loadSources(), size, status: 'checking' });
  let worker: Worker | undefined;
  let inFlight: { id: number; timer: ReturnType<typeof setTimeout> } | undefined;
  let queued = false;
  let debounce: ReturnType<typeof setTimeout> | undefined;
  let nextId = 1;
  let sent: KernelLabState['checked'];

  const stopStuckCheck = () => {
    // Learner code is still running: only terminating the worker stops it.
    worker?.terminate();
    worker = undefined;
    inFlight = undefined;
    const again = queued; // an edit arrived meanwhile: check that one in a fresh worker
    queued = false;
    store.update((s) => ({ ...s, status: again ? 'checking' : 'timeout' }));
    if (again) send();
  };

  const onReply = ({ data }: MessageEvent<FromCheckWorker>) => {
    if (!inFlight) return;
    if (data.type === 'phase') {
      if (data.id !== inFlight.id) return;
      clearTimeout(inFlight.timer);
      inFlight.timer = setTimeout(stopStuckCheck, data.phase === 'running' ? CHECK_TIMEOUT_MS : COMPILE_TIMEOUT_MS);
      return;
    }
    if (data.report.id !== inFlight.id) return;
    clearTimeout(inFlight.timer);
    inFlight = undefined;
    store.update((s) => ({ ...s, report: data.report, checked: sent, status: queued ? 'checking' : 'done' }));
    if (queued) {
      queued = false;
      send();
    }
  };

  function send() {
    const { js, as, size } = store.get();
    worker ??= new Worker(new URL('./kernel-check.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = onReply;
    const id = nextId++;
    sent = { js, as, size };
    // Until the worker reports its first phase, allow for its own start-up.
    inFlight = { id, timer: setTimeout(stopStuckCheck, COMPILE_TIMEOUT_MS) };
    worker.postMessage({ id, jsSource: js, asSource: as, size } satisfies KernelCheckRequest);
  }

  const schedule = (delay: number) => {
    clearTimeout(debounce);
    store.update((s) => (s.status === 'checking' ? s : { ...s, status: 'checking' }));
    debounce = setTimeout(() => {
      if (inFlight) queued = true;
      else send();
    }, delay);
  };

  const save = () => {
    const { js, as } = store.get();
    try {
      localStorage.setItem(KEY, JSON.stringify({ js, as }));
    } catch {
      // not remembered; the editors still hold the text
    }
  };

  let started = false;
  return {
    store,
    start() {
      if (started) return;
      started = true;
      schedule(0);
    },
    whenChecked() {
      this.start();
      return new Promise<void>((resolve) => {
        if (store.get().status !== 'checking') return resolve();
        const stop = store.subscribe((s) => {
          if (s.status === 'checking') return;
          stop();
          resolve();
        });
      });
    },
    edit(part, text) {
      if (store.get()[part] === text) return;
      store.update((s) => ({ ...s, [part]: text }));
      save();
      if (started) schedule(DEBOUNCE_MS);
      else this.start();
    },
    reset(part) {
      this.edit(part, part === 'js' ? DEFAULT_JS_SOURCE : DEFAULT_AS_SOURCE);
    },
    setSize(size) {
      if (store.get().size === size) return;
      store.update((s) => ({ ...s, size }));
      if (started) schedule(0);
    },
    editedSpec(kernels) {
      const s = store.get();
      const current = s.status === 'done' && s.checked?.js === s.js && s.checked.as === s.as && s.checked.size === s.size;
      const spec: EditedKernelsSpec = { kernels, size: s.size };
      if (!current || !s.report) {
        const why = s.status === 'timeout' ? `the last check did not finish within ${CHECK_TIMEOUT_MS / 1000} s (an endless loop?)` : 'the check of your edit has not finished yet';
        return { ...spec, jsProblem: why, asProblem: why };
      }
      if (s.report.js.error) spec.jsProblem = s.report.js.error;
      else spec.jsSource = s.js;
      if (s.report.as.wasm) spec.asWasm = s.report.as.wasm;
      else spec.asProblem = s.report.as.error ?? 'your AssemblyScript did not compile';
      return spec;
    },
    dispose() {
      clearTimeout(debounce);
      if (inFlight) clearTimeout(inFlight.timer);
      inFlight = undefined;
      queued = false;
      worker?.terminate();
      worker = undefined;
      started = false;
    },
  };
}
