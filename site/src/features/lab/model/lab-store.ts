/**
 * The lab page's state and actions, outside React: settings, the current run and its progress, the run
 * history (IndexedDB), comparison picks, import outcome and baseline choices. Components read it with
 * useStore and call the actions; the engine itself is labs/, reached through bench-host.ts.
 */
import type { BenchResult, Capabilities, Environment, ProgressEvent } from '../../../../../labs/index.ts';
import { createStore, type Store } from '../../../runtime/store.ts';
import { startRepeatedRun, type RunHandle, type Where } from './bench-host.ts';
import { KERNEL_IDS, type KernelId } from './edited-kernels.ts';
import { deleteEntry, loadHistory, newEntryId, saveEntry, type HistoryEntry } from './history.ts';
import type { KernelLab } from './kernel-store.ts';
import { parseReportFile } from './report-file.ts';
import type { LabReport } from './report-schema.ts';
import type { RunRequest } from './run-plan.ts';
import type { RunnerChoice } from './runner-choice.ts';
import { loadSettings, sanitizeSettings, saveSettings, type LabSettings } from './settings.ts';

export interface RunStatus {
  state: 'idle' | 'running' | 'cancelling' | 'done' | 'cancelled' | 'failed';
  done: number;
  total: number;
  /** 'fnv1a · Rust Wasm' while an approach is measured. */
  current?: string;
  message?: string;
  /** Wall time of the finished run, ms, and how many results got figures. */
  elapsedMs?: number;
  timed?: number;
}

export interface LabState {
  settings: LabSettings;
  capabilities: Capabilities | null;
  /** Whether the local runner can run the suites in Node (null while asking). */
  runner: RunnerChoice | null;
  /** This page's environment, measured on load (each run captures its own). */
  pageEnvironment: Environment | null;
  run: RunStatus;
  /** Results streaming in during a run, with the run's environment. */
  live: { environment?: Environment; results: BenchResult[] };
  shownId: string | null;
  history: HistoryEntry[];
  /** Set when history cannot be read or written (the runs still show, they are just not kept). */
  historyProblem?: string;
  compare: { a: string | null; b: string | null };
  importNote?: { tone: 'error' | 'ok'; text: string };
  /** Workload id → approach label chosen as the baseline for ratios. */
  baselines: Record<string, string>;
}

export const WHERE_LABEL: Record<Where | 'node', string> = { main: 'Main thread', worker: 'Web Worker', runner: 'Local runner (Node)', node: 'Node (npm run bench)' };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function createLab(kernels: KernelLab) {
  const store: Store<LabState> = createStore<LabState>({
    settings: loadSettings(),
    capabilities: null,
    runner: null,
    pageEnvironment: null,
    run: { state: 'idle', done: 0, total: 0 },
    live: { results: [] },
    shownId: null,
    history: [],
    compare: { a: null, b: null },
    baselines: {},
  });
  const patch = (p: Partial<LabState>) => store.update((s) => ({ ...s, ...p }));
  let handle: RunHandle | undefined;

  async function remember(entry: HistoryEntry) {
    store.update((s) => ({ ...s, history: [entry, ...s.history.filter((h) => h.id !== entry.id)] }));
    try {
      await saveEntry(entry);
    } catch (e) {
      patch({ historyProblem: `History is not being saved in this browser (${message(e)}). Export runs you want to keep.` });
    }
  }

  function onProgress(event: ProgressEvent) {
    store.update((s) => {
      if (event.type === 'environment') return { ...s, live: { environment: event.environment, results: [] } };
      if (event.type === 'approach-start') {
        return { ...s, run: { ...s.run, done: event.index, total: event.total, current: `${event.workload} · ${event.approach}` } };
      }
      if (event.type === 'round') {
        return { ...s, run: { ...s.run, current: `${event.workload} · all approaches, round ${event.round} of ${event.rounds}` } };
      }
      if (event.type === 'result') {
        // With repeated runs the same row arrives once per run: the newest replaces the one before.
        const same = (r: BenchResult) => r.workload === event.result.workload && r.label === event.result.label;
        const results = s.live.results.some(same) ? s.live.results.map((r) => (same(r) ? event.result : r)) : [...s.live.results, event.result];
        return { ...s, run: { ...s.run, done: event.index + 1, total: event.total }, live: { ...s.live, results } };
      }
      return s;
    });
  }

  const actions = {
    store: store as Pick<Store<LabState>, 'get' | 'subscribe'>,

    async init() {
      const [{ createBrowserPlatform }, { captureEnvironment }] = await Promise.all([
        import('../../../../../labs/engine/platform-browser.ts'),
        import('../../../../../labs/index.ts'),
      ]);
      const platform = createBrowserPlatform();
      void import('./runner-choice.ts')
        .then(({ probeRunnerChoice }) => probeRunnerChoice())
        .then((runner) => {
          // A remembered choice of the runner falls back to the page when no runner answers now (not saved).
          const { settings } = store.get();
          patch({ runner, ...(!runner.available && settings.where === 'runner' ? { settings: { ...settings, where: 'main' } } : {}) });
        });
      patch({ capabilities: await platform.capabilities(), pageEnvironment: await captureEnvironment(platform) });
      try {
        const history = await loadHistory();
        store.update((s) => ({ ...s, history, shownId: s.shownId ?? history[0]?.id ?? null }));
      } catch (e) {
        patch({ historyProblem: `History is not available in this browser (${message(e)}). Runs show here but are not kept; export the ones you want.` });
      }
    },

    updateSettings(change: Partial<LabSettings>) {
      const settings = sanitizeSettings({ ...store.get().settings, ...change });
      saveSettings(settings);
      patch({ settings });
      if (change.kernelSize) kernels.setSize(change.kernelSize);
    },

    toggleWorkload(key: string, on: boolean) {
      const { workloads } = store.get().settings;
      actions.updateSettings({ workloads: on ? [...new Set([...workloads, key])] : workloads.filter((w) => w !== key) });
    },

    toggleApproach(key: string, on: boolean) {
      const { excluded } = store.get().settings;
      actions.updateSettings({ excluded: on ? excluded.filter((k) => k !== key) : [...new Set([...excluded, key])] });
    },

    async run() {
      const { settings, run } = store.get();
      if (run.state === 'running' || run.state === 'cancelling') return;
      const yours = settings.workloads.filter((k) => k.startsWith('yours-')).map((k) => k.slice('yours-'.length) as KernelId).filter((k) => KERNEL_IDS.includes(k));
      patch({ run: { state: 'running', done: 0, total: 0, ...(yours.length ? { current: 'checking your kernels' } : {}) }, live: { results: [] } });
      // Edited kernels enter a run only after their check has finished (it also proves they return).
      if (yours.length) await kernels.whenChecked();
      if (store.get().run.state !== 'running') return; // cancelled while waiting
      const request: RunRequest = { profile: settings.profile, io: settings.io, workloads: settings.workloads, excluded: settings.excluded, edited: kernels.editedSpec(yours) };
      const where = settings.where;
      const started = performance.now();
      handle = startRepeatedRun(where, request, settings.repeat, onProgress);
      void handle.done.then(
        async (report) => {
          const full: LabReport = { ...report, lab: { where, kernelSize: settings.kernelSize } };
          const entry: HistoryEntry = { id: newEntryId(), savedAt: new Date().toISOString(), origin: 'run', name: `${WHERE_LABEL[where]} · ${settings.profile === 'quick' ? 'quick' : 'standard'} budget${settings.repeat > 1 ? ` · ${settings.repeat} runs` : ''}`, report: full };
          // Put the new run next to the previous one, unless the learner already picked a comparison.
          const previous = store.get().history[0]?.id ?? null;
          const { compare } = store.get();
          if (previous && !compare.a && !compare.b) patch({ compare: { a: previous, b: entry.id } });
          patch({ run: { state: report.aborted ? 'cancelled' : 'done', done: report.results.length, total: store.get().run.total, elapsedMs: performance.now() - started, timed: report.results.filter((r) => r.ok).length }, shownId: entry.id });
          await remember(entry);
        },
        (error: unknown) => patch({ run: { ...store.get().run, state: 'failed', message: message(error) } }),
      ).finally(() => {
        handle = undefined;
      });
    },

    cancel() {
      if (store.get().run.state !== 'running') return;
      if (!handle) return patch({ run: { state: 'cancelled', done: 0, total: 0 } }); // still waiting for the kernel check
      patch({ run: { ...store.get().run, state: 'cancelling' } });
      handle.cancel();
    },

    show(id: string) {
      patch({ shownId: id });
    },

    async remove(id: string) {
      store.update((s) => ({
        ...s,
        history: s.history.filter((h) => h.id !== id),
        shownId: s.shownId === id ? null : s.shownId,
        compare: { a: s.compare.a === id ? null : s.compare.a, b: s.compare.b === id ? null : s.compare.b },
      }));
      await deleteEntry(id).catch(() => {});
    },

    setCompare(side: 'a' | 'b', id: string | null) {
      patch({ compare: { ...store.get().compare, [side]: id } });
    },

    setBaseline(workload: string, label: string) {
      patch({ baselines: { ...store.get().baselines, [workload]: label } });
    },

    /** Validates first; a bad file changes nothing but the message. */
    async importFile(file: File) {
      const outcome = parseReportFile(await file.text(), file.name);
      if (!outcome.ok) return patch({ importNote: { tone: 'error', text: outcome.error } });
      const entry: HistoryEntry = { id: newEntryId(), savedAt: new Date().toISOString(), origin: 'import', name: file.name, report: outcome.report };
      const { shownId, history } = store.get();
      const a = shownId ?? history[0]?.id ?? null;
      patch({
        importNote: { tone: 'ok', text: `Imported ${file.name}: ${outcome.report.results.length} results from ${outcome.report.environment.runtimeVersion}. It is in the history and compared below.` },
        compare: { a, b: entry.id },
      });
      await remember(entry);
    },

    dismissImportNote() {
      patch({ importNote: undefined });
    },

    dispose() {
      handle?.cancel();
    },
  };
  return actions;
}

export type Lab = ReturnType<typeof createLab>;
