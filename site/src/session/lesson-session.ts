import type * as RunSupportModule from './node-run-support.ts';
import type { TestReport } from '../../../contracts/test-report.ts';
import type { ProjectFiles, Runtime } from '../runtime/types.ts';
import type { WorkbookStorage } from './persistence.ts';
import { TrackSession, type Launch, type TrackLesson, type TrackScript } from './track-session.ts';

export { describeExit, type CheckState, type ProcessState } from './track-session.ts';

/**
 * Everything a lesson page does for its TypeScript project, without React: the learner's files (saved
 * as they change), running and stopping the project, the output, the preview URL and the check
 * result. The shared engine is TrackSession; the Rust track is RustSession. Views subscribe to its
 * stores; tests drive it directly.
 */
export interface SessionLesson extends TrackLesson {
  id: string;
  starter: ProjectFiles;
  solution: ProjectFiles;
  timeouts: { run: number; check: number };
  /** The lesson's scripts, shown as the command line of each run. */
  scripts: { run: string; check: string };
}

/**
 * Files the learner cannot change: the exercise's tests and the manifest (scripts and dependencies
 * are the lesson's). They always come from the current lesson, so a fixed test reaches everyone.
 */
export function isLessonOwnedPath(path: string): boolean {
  return path.startsWith('test/') || path === 'package.json';
}

type RunSupport = typeof RunSupportModule;
let runSupport: Promise<RunSupport> | undefined;
const loadRunSupport = () => (runSupport ??= import('./node-run-support.ts'));

export class LessonSession extends TrackSession<Runtime> {
  /** Set by the first prepare(); readReport and the output filter run only after one. */
  private support: RunSupport | undefined;

  constructor(lesson: SessionLesson, getRuntime: () => Promise<Runtime | { error: string }>, storage: WorkbookStorage) {
    // The TypeScript track keeps the storage key it always had: the lesson id.
    super(lesson, getRuntime, storage, lesson.id);
  }

  isOwned(path: string): boolean {
    return isLessonOwnedPath(path);
  }

  protected async prepare(runtime: Runtime, script: TrackScript): Promise<Launch> {
    let support: RunSupport;
    try {
      support = this.support = await loadRunSupport();
    } catch (e) {
      runSupport = undefined; // try again on the next Run
      return { error: `The workbook could not load what a run needs (${e instanceof Error ? e.message : String(e)}). Reload the page; your edits are kept.` };
    }
    const { formatTranspileProblems, REPORTER_PATH, reporterSource } = support;
    const { files, problems } = support.toRunnableFiles(this.files.get());
    if (problems.length) return { error: `Your code cannot run until this is fixed:\n${formatTranspileProblems(problems)}` };
    // The lessons' check script reports through this file (contracts/node-test-reporter.mjs); it is
    // the workbook's, not the learner's, so it never shows in the editor.
    files[REPORTER_PATH] = reporterSource;
    return {
      mount: () => runtime.mount({ lessonId: this.lesson.id, files }),
      launch: (events) => runtime.run(this.lesson.id, script, events, { timeoutSeconds: this.lesson.timeouts[script] }),
    };
  }

  /** The reporter's JSON lines; TAP from a runner or lesson that predates them. */
  protected readReport(output: string): TestReport {
    return this.supportLoaded().readTestReport(output, { sources: Object.keys(this.files.get()) });
  }

  /** The reporter's lines are hidden from Output; the filter is made on the first chunk (after prepare). */
  protected override checkOutputFilter() {
    let inner: ReturnType<RunSupport['createTestRecordFilter']> | undefined;
    const filter = () => (inner ??= this.supportLoaded().createTestRecordFilter());
    return { push: (chunk: string) => filter().push(chunk), flush: () => (inner ? inner.flush() : '') };
  }

  private supportLoaded(): RunSupport {
    if (!this.support) throw new Error('LessonSession: a report was read before any Run or Check was prepared');
    return this.support;
  }
}
