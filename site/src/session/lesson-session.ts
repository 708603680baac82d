import { formatTranspileProblems, toRunnableFiles } from '../../../contracts/project-files.ts';
import { createStore } from '../runtime/store.ts';
import { parseTestReport, type TestReport } from '../../../contracts/test-report.ts';
import type { ProjectFiles, RunExit, RunHandle, Runtime, RunEvents, ScriptName } from '../runtime/types.ts';
import type { WorkbookStorage } from './persistence.ts';

/**
 * Everything a lesson page does, without React: the learner's files (saved as they change), running
 * and stopping the project, the output, the preview URL and the check result. Views subscribe to its
 * stores; tests drive it directly.
 */
export interface SessionLesson {
  id: string;
  starter: ProjectFiles;
  solution: ProjectFiles;
  timeouts: { run: number; check: number };
  /** The lesson's scripts, shown as the command line of each run. */
  scripts: { run: string; check: string };
}

/** `stale`: the code was edited after this result; it says what the code was, not what it is. */
export type CheckState =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'done'; report: TestReport; exit: RunExit; stale?: boolean }
  | { state: 'error'; message: string; stale?: boolean };

export type ProcessState = { run: boolean; check: boolean; queued?: number };

// What the Output pane keeps: enough to scroll back through a run, small enough to re-render.
const OUTPUT_KEEP = 128 * 1024;
// Output arrives in many small chunks; publishing each would re-render the pane per chunk.
const OUTPUT_PUBLISH_MS = 50;
const SAVE_DELAY_MS = 250;

/**
 * Files the learner cannot change: the exercise's tests and the manifest (scripts and dependencies
 * are the lesson's). They always come from the current lesson, so a fixed test reaches everyone.
 */
export function isLessonOwnedPath(path: string): boolean {
  return path.startsWith('test/') || path === 'package.json';
}

export class LessonSession {
  readonly files = createStore<ProjectFiles>({});
  readonly output = createStore('');
  readonly preview = createStore<string | null>(null);
  readonly check = createStore<CheckState>({ state: 'idle' });
  readonly processes = createStore<ProcessState>({ run: false, check: false });
  readonly restored = createStore(false);
  private handles: Partial<Record<ScriptName, RunHandle>> = {};
  /** Scripts between the button press and a process handle (mount, npm install, queue). */
  private starting: Partial<Record<ScriptName, { cancelled: boolean }>> = {};
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private pendingOutput = '';
  private outputTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped when the files are replaced wholesale: results computed for older files are dropped. */
  private generation = 0;
  private disposed = false;
  /** Show solution was used since the last Reset (kept with the saved files). */
  private solutionShown = false;

  constructor(
    readonly lesson: SessionLesson,
    private readonly getRuntime: () => Promise<Runtime | { error: string }>,
    private readonly storage: WorkbookStorage,
  ) {}

  async load(): Promise<void> {
    this.disposed = false;
    const saved = await this.storage.loadLesson(this.lesson.id).catch(() => undefined);
    const starterPaths = Object.keys(this.lesson.starter);
    // Files the lesson no longer has are dropped; files it gained, and the files it owns, come from
    // the current starter.
    const mine = (p: string) => (isLessonOwnedPath(p) ? undefined : saved?.files[p]);
    const files = Object.fromEntries(starterPaths.map((p) => [p, mine(p) ?? this.lesson.starter[p]!]));
    this.files.set(files);
    this.solutionShown = saved?.solutionShown === true;
    this.restored.set(starterPaths.some((p) => mine(p) !== undefined && mine(p) !== this.lesson.starter[p]));
  }

  edit(path: string, text: string) {
    if (this.files.get()[path] === text || isLessonOwnedPath(path)) return;
    this.files.set({ ...this.files.get(), [path]: text });
    const check = this.check.get();
    if ((check.state === 'done' || check.state === 'error') && !check.stale) this.check.set({ ...check, stale: true });
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.flush(), SAVE_DELAY_MS);
  }

  /** Saves now; called on a timer after edits and when the page is hidden or closed. */
  async flush(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const files = this.files.get();
    // Only the learner's own changes are kept; back at the starter, nothing is.
    const changed = Object.fromEntries(Object.entries(files).filter(([p, text]) => !isLessonOwnedPath(p) && text !== this.lesson.starter[p]));
    if (Object.keys(changed).length === 0) {
      await this.storage.clearLesson(this.lesson.id);
      return;
    }
    await this.storage.saveLesson(this.lesson.id, { files: changed, savedAt: Date.now(), ...(this.solutionShown ? { solutionShown: true } : {}) });
    const progress = await this.storage.loadProgress();
    if (!progress[this.lesson.id]) await this.storage.setProgress(this.lesson.id, 'started');
  }

  /** Back to the starter: the edits go, and so does an "in progress" mark; a pass already earned stays. */
  async reset(): Promise<void> {
    await this.replaceFiles({ ...this.lesson.starter });
    this.solutionShown = false;
    await this.storage.clearLesson(this.lesson.id);
    if ((await this.storage.loadProgress())[this.lesson.id] === 'started') await this.storage.clearProgress(this.lesson.id);
    this.restored.set(false);
  }

  async showSolution(): Promise<void> {
    await this.replaceFiles({ ...this.lesson.starter, ...this.lesson.solution });
    this.solutionShown = true;
    await this.flush();
  }

  private async replaceFiles(files: ProjectFiles) {
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
    let tap = '';
    const generation = this.generation;
    this.check.set({ state: 'running' });
    await this.start('check', (chunk) => {
      tap += chunk;
      this.append(chunk);
    }).then((exit) => {
      // Reset or Show solution during the check: its result belongs to files that are gone.
      if (!exit || generation !== this.generation) return;
      const report = parseTestReport(tap);
      if (!report.complete && report.passed + report.failed === 0) {
        // A check stopped by its time limit did run: its tests hung (an await that never settles, a server left open).
        const prefix = exit.reason === 'timeout' ? 'The tests started but did not finish' : 'The tests did not run';
        this.check.set({ state: 'error', message: describeExit(exit, prefix) });
        return;
      }
      this.check.set({ state: 'done', report, exit });
      if (report.complete && report.failed === 0 && report.passed > 0) void this.markPassed();
    });
  }

  /** A pass after Show solution says so; it never takes away a pass the learner earned earlier. */
  private async markPassed() {
    const before = (await this.storage.loadProgress())[this.lesson.id];
    if (before === 'completed') return;
    await this.storage.setProgress(this.lesson.id, this.solutionShown ? 'completed-with-solution' : 'completed');
  }

  async stop(): Promise<void> {
    for (const s of Object.values(this.starting)) if (s) s.cancelled = true;
    await Promise.all(Object.values(this.handles).map((h) => h?.stop()));
  }

  dispose() {
    this.disposed = true;
    void this.flush();
    void this.stop();
  }

  /** Adds to the output; published in batches, at most every OUTPUT_PUBLISH_MS. */
  private append(chunk: string) {
    this.pendingOutput += chunk;
    this.outputTimer ??= setTimeout(() => this.publishOutput(), OUTPUT_PUBLISH_MS);
  }

  private publishOutput() {
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

  private async start(script: ScriptName, onOutput: (chunk: string) => void): Promise<RunExit | undefined> {
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

  private async startProcess(script: ScriptName, onOutput: (chunk: string) => void, starting: { cancelled: boolean }): Promise<RunExit | undefined> {
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
    const { files, problems } = toRunnableFiles(this.files.get());
    if (problems.length) {
      fail(`Your code cannot run until this is fixed:\n${formatTranspileProblems(problems)}`);
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
      await runtime.mount({ lessonId: this.lesson.id, files });
      if (cancelledBeforeStart()) return undefined;
      const events: RunEvents = {
        onOutput,
        onServerReady: (url) => {
          if (script === 'run' && !this.disposed) this.preview.set(url);
        },
        onQueued: (position) => setProcess(true, position),
      };
      const handle = await runtime.run(this.lesson.id, script, events, { timeoutSeconds: this.lesson.timeouts[script] });
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
