import { isRustLessonOwnedPath } from '../../../contracts/lesson-paths.ts';
import { crateIdent } from '../runtime/rust-playground.ts';
import { createStore } from '../runtime/store.ts';
import type { BuildProgress, CargoDiagnostic, ProjectFiles, RunExit, RunHandle, RustRunEvents, RustRuntime, TestReport } from '../runtime/types.ts';
import type { WorkbookStorage } from './persistence.ts';
import { describeExit, TrackSession, type Launch, type TrackLesson, type TrackScript } from './track-session.ts';

/**
 * The Rust track of a lesson page, without React: the lesson's exercise crate (rust-exercise/), saved
 * under `<lessonId>:rust` with its own progress mark. Run is `cargo run`, Check is `cargo test` (its
 * verdict comes as a `test-report` event, not from the output), and while the learner types a
 * debounced `cargo check` (diagnose) keeps the compiler's diagnostics current. Everything else (saving,
 * Reset, Show solution, the check state, progress) is TrackSession's, as for the TypeScript project.
 */
export const RUST_SCRIPTS = { run: 'cargo run', check: 'cargo test' } as const;

/** Quiet time after the last edit before a diagnose run starts. */
export const DIAGNOSE_DELAY_MS = 600;

export function rustStorageKey(lessonId: string): string {
  return `${lessonId}:rust`;
}

export interface RustSessionOptions {
  diagnoseDelayMs?: number;
}

const NO_REPORT: TestReport = { passed: 0, failed: 0, skipped: 0, failures: [], complete: false };

export class RustSession extends TrackSession<RustRuntime> {
  /** rustc's errors and warnings for the crate as it is (the last complete list). */
  readonly diagnostics = createStore<CargoDiagnostic[]>([]);
  /** Dependencies compiling (first use of a lesson), or null. */
  readonly build = createStore<BuildProgress | null>(null);
  readonly diagnosing = createStore(false);
  /** A diagnostics list arrived at least once (before that, "no problems" would say too much). */
  readonly diagnosed = createStore(false);
  private report: TestReport | null = null;
  /** Bumped by every change of the files: diagnostics computed for older files are dropped. */
  private version = 0;
  private diagnoseTimer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: { superseded: boolean; handle?: RunHandle } | undefined;
  private diagnoseAgain = false;
  private readonly diagnoseDelayMs: number;

  constructor(lesson: TrackLesson, getRuntime: () => Promise<RustRuntime | { error: string }>, storage: WorkbookStorage, options: RustSessionOptions = {}) {
    super(lesson, getRuntime, storage, rustStorageKey(lesson.id));
    this.diagnoseDelayMs = options.diagnoseDelayMs ?? DIAGNOSE_DELAY_MS;
  }

  isOwned(path: string): boolean {
    return isRustLessonOwnedPath(path);
  }

  override edit(path: string, text: string): boolean {
    if (!super.edit(path, text)) return false;
    this.version++;
    this.scheduleDiagnose();
    return true;
  }

  protected override async replaceFiles(files: ProjectFiles) {
    await super.replaceFiles(files);
    this.version++;
    this.diagnostics.set([]);
    this.diagnosed.set(false);
    this.scheduleDiagnose();
  }

  /** A diagnose run after DIAGNOSE_DELAY_MS without edits; each edit moves it later. */
  scheduleDiagnose() {
    clearTimeout(this.diagnoseTimer);
    if (this.disposed) return;
    this.diagnoseTimer = setTimeout(() => void this.diagnose(), this.diagnoseDelayMs);
  }

  /**
   * `cargo check --all-targets` on the current files. At most one is in flight: a newer request
   * supersedes it (it is stopped, unless it is compiling dependencies, which a restart would only
   * delay; its diagnostics are dropped either way) and runs once it has ended.
   */
  async diagnose(): Promise<void> {
    clearTimeout(this.diagnoseTimer);
    if (this.disposed) return;
    if (this.inFlight) {
      this.diagnoseAgain = true;
      if (!this.inFlight.superseded) {
        this.inFlight.superseded = true;
        if (!this.build.get()) void this.inFlight.handle?.stop();
      }
      return;
    }
    const run: { superseded: boolean; handle?: RunHandle } = { superseded: false };
    this.inFlight = run;
    const version = this.version;
    try {
      const runtime = await this.getRuntime();
      if ('error' in runtime || !runtime.canDiagnose || run.superseded) return;
      this.diagnosing.set(true);
      const handle = await runtime.runRust(
        this.lesson.id,
        'diagnose',
        this.files.get(),
        {
          onOutput: () => undefined,
          onProgress: (p) => this.onProgress(p),
          onDiagnostics: (d) => {
            if (!run.superseded && version === this.version) this.setDiagnostics(d);
          },
        },
        { timeoutSeconds: this.lesson.timeouts.check },
      );
      run.handle = handle;
      if (run.superseded && !this.build.get()) void handle.stop();
      await handle.exit;
    } catch {
      // A diagnose that cannot start says nothing: Run and Check report the same problem in words.
    } finally {
      this.inFlight = undefined;
      this.diagnosing.set(false);
      this.build.set(null);
      if (this.diagnoseAgain && !this.disposed) {
        this.diagnoseAgain = false;
        void this.diagnose();
      }
    }
  }

  /** The bar is for the lesson's dependencies: the learner's own crate compiling is not news. */
  private onProgress(p: BuildProgress) {
    const own = crateIdent(this.lesson.starter['Cargo.toml'] ?? '');
    if (p.crate.replace(/-/g, '_') === own) return;
    this.build.set(p);
  }

  private setDiagnostics(d: CargoDiagnostic[]) {
    this.diagnostics.set(d);
    this.diagnosed.set(true);
  }

  protected prepare(runtime: RustRuntime, script: TrackScript): Launch {
    const version = this.version;
    if (script === 'check') this.report = null;
    const crate = this.files.get();
    return {
      launch: async (events) => {
        const rustEvents: RustRunEvents = {
          ...events,
          onProgress: (p) => this.onProgress(p),
          onDiagnostics: (d) => {
            if (version === this.version) this.setDiagnostics(d);
          },
          onTestReport: (r) => {
            if (script === 'check') this.report = r;
          },
        };
        this.append(`\u001b[2m(${runtime.rustLabel})\u001b[22m\n`);
        const handle = await runtime.runRust(this.lesson.id, script, crate, rustEvents, { timeoutSeconds: this.lesson.timeouts[script] });
        return { exit: handle.exit.finally(() => this.build.set(null)), stop: () => handle.stop() };
      },
    };
  }

  protected readReport(): TestReport {
    return this.report ?? NO_REPORT;
  }

  protected override noTestsMessage(exit: RunExit): string {
    const errors = this.diagnostics.get().filter((d) => d.severity === 'error').length;
    if (errors > 0 && exit.reason !== 'stopped' && exit.reason !== 'timeout') {
      return `The tests did not run: the crate does not compile (${errors} error${errors === 1 ? '' : 's'}, listed under Problems).`;
    }
    return super.noTestsMessage(exit);
  }

  override dispose() {
    clearTimeout(this.diagnoseTimer);
    super.dispose();
    void this.inFlight?.handle?.stop();
  }
}

export { describeExit };
