import { createStore } from '../runtime/store.ts';
import type { ProjectFiles, RunExit, RunEvents, RunHandle, TestReport } from '../runtime/types.ts';
import type { EditChannel, SavedMessage, WorkbookStorage } from './persistence.ts';

/** Another tab saved different files for this track: the page asks which version to keep. */
export interface OtherTabEdit {
  savedAt: number;
  /** Their whole set of files (the starter with their changes). */
  files: ProjectFiles;
}

/**
 * What both tracks of a lesson page share, without React: the learner's files (saved as they change,
 * under the track's own storage key), running and stopping, the output, the preview URL, the check
 * result and the track's progress mark. LessonSession (the TypeScript project) and RustSession (the
 * Rust exercise crate) add how a run starts and how a check is read.
 */
export interface TrackLesson {
  id: string;
  starter: ProjectFiles;
  solution: ProjectFiles;
  timeouts: { run: number; check: number };
  /** The command line shown for each run. */
  scripts: { run: string; check: string };
}

/** `stale`: the code was edited after this result; it says what the code was, not what it is. */
export type CheckState =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'done'; report: TestReport; exit: RunExit; stale?: boolean }
  | { state: 'error'; message: string; stale?: boolean };

export type ProcessState = { run: boolean; check: boolean; queued?: number };

export type TrackScript = 'run' | 'check';

/** How a track starts one process, once the runtime is known: an error to show, or a launcher. */
export type Launch = { error: string } | { mount?: () => Promise<void>; launch: (events: RunEvents) => Promise<RunHandle> };

// What the Output pane keeps: enough to scroll back through a run, small enough to re-render.
const OUTPUT_KEEP = 128 * 1024;
// Output arrives in many small chunks; publishing each would re-render the pane per chunk.
const OUTPUT_PUBLISH_MS = 50;
const SAVE_DELAY_MS = 250;

export abstract class TrackSession<R extends object> {
  readonly files = createStore<ProjectFiles>({});
  readonly output = createStore('');
  readonly preview = createStore<string | null>(null);
  readonly check = createStore<CheckState>({ state: 'idle' });
  readonly processes = createStore<ProcessState>({ run: false, check: false });
  readonly restored = createStore(false);
  /** Set when another tab saved files that differ from these; cleared by loadTheirs or keepMine. */
  readonly otherTab = createStore<OtherTabEdit | null>(null);
  private channel: EditChannel | null = null;
  private readonly tab = Math.random().toString(36).slice(2);
  /** Edited since the last save: only then does a save (timer, page hidden) write anything. */
  private dirty = false;
  private handles: Partial<Record<TrackScript, RunHandle>> = {};
  /** Scripts between the button press and a process handle (mount, npm install, queue). */
  private starting: Partial<Record<TrackScript, { cancelled: boolean }>> = {};
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private pendingOutput = '';
  private outputTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped when the files are replaced wholesale: results computed for older files are dropped. */
  protected generation = 0;
  protected disposed = false;
  /** Show solution was used since the last Reset (kept with the saved files). */
  private solutionShown = false;

  constructor(
    readonly lesson: TrackLesson,
    protected readonly getRuntime: () => Promise<R | { error: string }>,
    protected readonly storage: WorkbookStorage,
    /** Where this track's files are saved, and the key of its progress mark. */
    readonly storageKey: string,
  ) {}

  /** Files the learner cannot change (tests, manifest): they always come from the current lesson. */
  abstract isOwned(path: string): boolean;
  /** How a run or check of this track starts on `runtime`. */
  protected abstract prepare(runtime: R, script: TrackScript, onOutput: (chunk: string) => void): Launch | Promise<Launch>;
  /** The check's verdict: from the output it printed (TAP) or from what the runtime reported. */
  protected abstract readReport(output: string): TestReport;
  /** Hides machine-readable lines of a check's output from the Output pane (the report reads them). */
  protected checkOutputFilter(): { push(chunk: string): string; flush(): string } | undefined {
    return undefined;
  }
  /** A check that reported no test at all: what to say instead of "0 passed, 0 failed". */
  protected noTestsMessage(exit: RunExit): string {
    // A check stopped by its time limit did run: its tests hung (an await that never settles, a server left open).
    const prefix = exit.reason === 'timeout' ? 'The tests started but did not finish' : 'The tests did not run';
    return describeExit(exit, prefix);
  }

  async load(): Promise<void> {
    this.disposed = false;
    this.channel?.close();
    this.channel = this.storage.openChannel?.() ?? null;
    this.channel?.onMessage((m) => this.heard(m));
    const saved = await this.storage.loadLesson(this.storageKey).catch(() => undefined);
    const starterPaths = Object.keys(this.lesson.starter);
    // Files the lesson no longer has are dropped; files it gained, and the files it owns, come from
    // the current starter.
    const mine = (p: string) => (this.isOwned(p) ? undefined : saved?.files[p]);
    const files = Object.fromEntries(starterPaths.map((p) => [p, mine(p) ?? this.lesson.starter[p]!]));
    this.files.set(files);
    this.solutionShown = saved?.solutionShown === true;
    this.restored.set(starterPaths.some((p) => mine(p) !== undefined && mine(p) !== this.lesson.starter[p]));
  }

  /** True when the edit changed the files. */
  edit(path: string, text: string): boolean {
    if (this.files.get()[path] === text || this.isOwned(path)) return false;
    this.files.set({ ...this.files.get(), [path]: text });
    const check = this.check.get();
    if ((check.state === 'done' || check.state === 'error') && !check.stale) this.check.set({ ...check, stale: true });
    this.dirty = true;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.flush(), SAVE_DELAY_MS);
    return true;
  }

  /**
   * Saves now, when there is anything new to save; called on a timer after edits and when the page is
   * hidden or closed. A tab that was only looked at never overwrites what another tab saved.
   */
  async flush(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    const files = this.files.get();
    // Only the learner's own changes are kept; back at the starter, nothing is.
    const changed = this.changedFiles(files);
    const savedAt = Date.now();
    this.announce(changed, savedAt);
    if (Object.keys(changed).length === 0) {
      await this.storage.clearLesson(this.storageKey);
      return;
    }
    await this.storage.saveLesson(this.storageKey, { files: changed, savedAt, ...(this.solutionShown ? { solutionShown: true } : {}) });
    const progress = await this.storage.loadProgress();
    if (!progress[this.storageKey]) await this.storage.setProgress(this.storageKey, 'started');
  }

  private changedFiles(files: ProjectFiles): ProjectFiles {
    return Object.fromEntries(Object.entries(files).filter(([p, text]) => !this.isOwned(p) && text !== this.lesson.starter[p]));
  }

  private announce(files: ProjectFiles, savedAt: number) {
    try {
      this.channel?.post({ key: this.storageKey, tab: this.tab, savedAt, files });
    } catch {
      // A closed channel (the page is leaving): nothing to tell.
    }
  }

  /** Another tab saved this track: nothing to do when it saved what this tab has. */
  private heard(m: SavedMessage) {
    if (this.disposed || m.key !== this.storageKey || m.tab === this.tab) return;
    const theirs = { ...this.lesson.starter, ...Object.fromEntries(Object.entries(m.files).filter(([p]) => p in this.lesson.starter && !this.isOwned(p))) };
    const mine = this.files.get();
    const same = Object.keys(theirs).every((p) => theirs[p] === mine[p]);
    this.otherTab.set(same ? null : { savedAt: m.savedAt, files: theirs });
  }

  /** Take the other tab's files (they are already saved); this tab's unsaved edits are dropped. */
  loadTheirs() {
    const other = this.otherTab.get();
    if (!other) return;
    clearTimeout(this.saveTimer);
    this.dirty = false;
    this.files.set(other.files);
    this.otherTab.set(null);
    const check = this.check.get();
    if ((check.state === 'done' || check.state === 'error') && !check.stale) this.check.set({ ...check, stale: true });
  }

  /** Keep this tab's files: saved now, so that they are what the next visit loads (the other tab hears of it). */
  async keepMine() {
    this.otherTab.set(null);
    this.dirty = true;
    await this.flush();
  }

  /** Back to the starter: the edits go, and so does an "in progress" mark; a pass already earned stays. */
  async reset(): Promise<void> {
    await this.replaceFiles({ ...this.lesson.starter });
    this.solutionShown = false;
    this.dirty = false;
    this.announce({}, Date.now());
    await this.storage.clearLesson(this.storageKey);
    if ((await this.storage.loadProgress())[this.storageKey] === 'started') await this.storage.clearProgress(this.storageKey);
    this.restored.set(false);
  }

  async showSolution(): Promise<void> {
    await this.replaceFiles({ ...this.lesson.starter, ...this.lesson.solution });
    this.solutionShown = true;
    this.dirty = true;
    await this.flush();
  }

  protected async replaceFiles(files: ProjectFiles) {
    clearTimeout(this.saveTimer);
    this.generation++;
    this.files.set(files);
    this.check.set({ state: 'idle' });
  }

  async run(): Promise<void> {
    this.preview.set(null);
    await this.start('run', (chunk) => this.append(chunk));
  }

  async runCheck(): Promise<void> {
    let printed = '';
    const generation = this.generation;
    this.check.set({ state: 'running' });
    const filter = this.checkOutputFilter();
    await this.start('check', (chunk) => {
      printed += chunk;
      const shown = filter ? filter.push(chunk) : chunk;
      if (shown) this.append(shown);
    }).then((exit) => {
      const rest = filter?.flush();
      if (rest) this.append(rest);
      // Reset or Show solution during the check: its result belongs to files that are gone.
      if (!exit || generation !== this.generation) return;
      const report = this.readReport(printed);
      if (!report.complete && report.passed + report.failed === 0) {
        this.check.set({ state: 'error', message: this.noTestsMessage(exit) });
        return;
      }
      this.check.set({ state: 'done', report, exit });
      if (report.complete && report.failed === 0 && report.passed > 0) void this.markPassed();
    });
  }

  /**
   * A pass after Show solution says so; it never takes away a pass the learner earned earlier. Every
   * pass is stored, also a repeated one: that is what stamps the time of the last pass (pass-times.ts).
   */
  private async markPassed() {
    const before = (await this.storage.loadProgress())[this.storageKey];
    await this.storage.setProgress(this.storageKey, before === 'completed' || !this.solutionShown ? 'completed' : 'completed-with-solution');
  }

  async stop(): Promise<void> {
    for (const s of Object.values(this.starting)) if (s) s.cancelled = true;
    await Promise.all(Object.values(this.handles).map((h) => h?.stop()));
  }

  dispose() {
    void this.flush().finally(() => {
      this.channel?.close();
      this.channel = null;
    });
    this.disposed = true;
    void this.stop();
  }

  /** Adds to the output; published in batches, at most every OUTPUT_PUBLISH_MS. */
  protected append(chunk: string) {
    this.pendingOutput += chunk;
    this.outputTimer ??= setTimeout(() => this.publishOutput(), OUTPUT_PUBLISH_MS);
  }

  protected publishOutput() {
    clearTimeout(this.outputTimer);
    this.outputTimer = undefined;
    if (!this.pendingOutput) return;
    const next = this.output.get() + this.pendingOutput;
    this.pendingOutput = '';
    this.output.set(next.length > OUTPUT_KEEP ? `[earlier output dropped]\n${next.slice(-OUTPUT_KEEP)}` : next);
  }

  clearOutput() {
    this.pendingOutput = '';
    this.output.set('');
  }

  private async start(script: TrackScript, onOutput: (chunk: string) => void): Promise<RunExit | undefined> {
    if (this.handles[script] || this.starting[script]) return undefined;
    const starting = { cancelled: false };
    this.starting[script] = starting;
    try {
      return await this.startProcess(script, onOutput, starting);
    } finally {
      delete this.starting[script];
      this.publishOutput();
    }
  }

  private async startProcess(script: TrackScript, onOutput: (chunk: string) => void, starting: { cancelled: boolean }): Promise<RunExit | undefined> {
    const setProcess = (running: boolean, queued?: number) =>
      this.processes.set({ ...this.processes.get(), [script]: running, ...(queued ? { queued } : { queued: undefined }) });
    setProcess(true);
    this.append(`${this.output.get() || this.pendingOutput ? '\n' : ''}\u001b[2m$ ${this.lesson.scripts[script]}\u001b[22m\n`);
    const fail = (message: string): RunExit => {
      this.append(`\u001b[31m${message}\u001b[39m\n`);
      if (script === 'check') this.check.set({ state: 'error', message });
      setProcess(false);
      return { code: null, signal: null, reason: 'error', message };
    };
    const runtime = await this.getRuntime();
    if ('error' in runtime) {
      fail(runtime.error);
      return undefined;
    }
    const prepared = await this.prepare(runtime, script, onOutput);
    if ('error' in prepared) {
      fail(prepared.error);
      return undefined;
    }
    const cancelledBeforeStart = () => {
      if (!starting.cancelled) return false;
      this.append(`\u001b[2m[${script} stopped before it started]\u001b[22m\n`);
      if (script === 'check') this.check.set({ state: 'idle' });
      setProcess(false);
      return true;
    };
    try {
      if (cancelledBeforeStart()) return undefined;
      if (prepared.mount) {
        await prepared.mount();
        if (cancelledBeforeStart()) return undefined;
      }
      const events: RunEvents = {
        onOutput,
        onServerReady: (url) => {
          if (script === 'run' && !this.disposed) this.preview.set(url);
        },
        onQueued: (position) => setProcess(true, position),
      };
      const handle = await prepared.launch(events);
      this.handles[script] = handle;
      // Stop pressed (or the page left) while the process was being started.
      if (starting.cancelled) void handle.stop();
      const exit = await handle.exit;
      delete this.handles[script];
      this.append(`\u001b[2m${describeExit(exit, `[${script} finished]`)}\u001b[22m\n`);
      if (script === 'run') this.preview.set(null);
      setProcess(false);
      return exit;
    } catch (e) {
      delete this.handles[script];
      fail(`Could not run the project: ${(e as Error).message}`);
      return undefined;
    }
  }
}

export function describeExit(exit: RunExit, prefix: string): string {
  if (exit.reason === 'stopped') return `${prefix}: stopped.`;
  if (exit.reason && exit.message) return `${prefix}: ${exit.message}${/[.?!]$/.test(exit.message) ? '' : '.'}`;
  if (exit.signal) return `${prefix}: the process was killed by ${exit.signal}.`;
  return `${prefix}: exit code ${exit.code ?? 'unknown'}.`;
}
