import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { Group, Panel, Separator } from 'react-resizable-panels';
import type { Lesson } from '../../../../contracts/lesson-schema.ts';
import { isRustLessonOwnedPath } from '../../../../contracts/lesson-paths.ts';
import { getRuntime, getRustRuntime, playgroundConsent, progressStore, runtimeController, workbookStorage } from '../../app/runtime.ts';
import { rustAvailability } from '../../runtime/rust-availability.ts';
import { ConfirmDialog } from '../../shared/ConfirmDialog.tsx';
import { useStore } from '../../shared/use-store.ts';
import { lessonTimeoutSeconds } from '../../../../contracts/timeouts.ts';
import { isLessonOwnedPath, LessonSession } from '../../session/lesson-session.ts';
import { RUST_SCRIPTS, RustSession, rustStorageKey } from '../../session/rust-session.ts';
import type { TrackSession } from '../../session/track-session.ts';
import type { CargoDiagnostic } from '../../runtime/types.ts';
import { CheckResult } from './CheckResult.tsx';
import { OutputPane } from './OutputPane.tsx';
import { PreviewPane } from './PreviewPane.tsx';
import { RuntimeNotice } from './RuntimeBadge.tsx';
import { BuildProgressBar, ProblemsList, RustToolchainNotice } from './RustTrack.tsx';
import { TrackTabs, type Track } from './TrackTabs.tsx';

// Monaco is a few MB: only lesson pages load it, and the page shows its text first.
const CodeEditor = lazy(() => import('../editor/CodeEditor.tsx').then((m) => ({ default: m.CodeEditor })));

/**
 * The right-hand side of a lesson: the exercise, the editable project, and what it does when run.
 * With a Rust exercise (rust-exercise/), a "Track" switch picks the TypeScript project or the Rust
 * crate; each track keeps its own files, runs, check result and progress mark.
 */
export function Workspace({
  lesson,
  track = 'typescript',
  onTrack,
  exerciseSlot = null,
}: {
  lesson: Lesson;
  track?: Track;
  onTrack?: (track: Track) => void;
  /** Where the exercise's steps go (under the article, beside the editor); without one, above the toolbar. */
  exerciseSlot?: HTMLElement | null;
}) {
  const session = useMemo(
    () =>
      new LessonSession(
        {
          id: lesson.id,
          starter: lesson.starter,
          solution: lesson.solution,
          timeouts: { run: lessonTimeoutSeconds(lesson, 'run'), check: lessonTimeoutSeconds(lesson, 'check') },
          scripts: { run: lesson.scripts.run, check: shownCommand(lesson.scripts.check) },
        },
        getRuntime,
        workbookStorage,
      ),
    [lesson],
  );
  const rustSession = useMemo(
    () =>
      lesson.rustExercise
        ? new RustSession(
            {
              id: lesson.id,
              starter: lesson.rustExercise.starter,
              solution: lesson.rustExercise.solution,
              // Cargo builds before it runs: the first build of a lesson's dependencies takes a while.
              timeouts: { run: Math.max(120, lessonTimeoutSeconds(lesson, 'run')), check: Math.max(180, lessonTimeoutSeconds(lesson, 'check')) },
              scripts: RUST_SCRIPTS,
            },
            getRustRuntime,
            workbookStorage,
          )
        : null,
    [lesson],
  );
  const [loaded, setLoaded] = useState(false);
  const [rustLoaded, setRustLoaded] = useState(false);
  // The shown track's toolbar sits on the row of the track tabs: the height goes to the editor.
  const [toolbarSlot, setToolbarSlot] = useState<HTMLElement | null>(null);

  useEffect(() => {
    void runtimeController.start();
    void session.load().then(() => setLoaded(true));
    void rustSession?.load().then(() => setRustLoaded(true));
    const flush = () => {
      void session.flush();
      void rustSession?.flush();
    };
    const onVisibility = () => document.visibilityState === 'hidden' && flush();
    addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
      session.dispose();
      rustSession?.dispose();
    };
  }, [session, rustSession]);

  const allProgress = useStore(progressStore);
  const selection = useStore(runtimeController.selection);
  const runtimeUsable = selection.runtime !== null || selection.status.state === 'booting';
  const shown: Track = rustSession && track === 'rust' ? 'rust' : 'typescript';

  const tsOrder = useMemo(() => orderFiles(lesson.meta.exercise.open, lesson.starter), [lesson]);

  return (
    <section className="workspace" aria-label="Exercise workspace">
      <RuntimeNotice />
      <div className="workspace-head">
        {rustSession && <TrackTabs track={shown} onTrack={(t) => onTrack?.(t)} />}
        <div className="toolbar-slot" ref={setToolbarSlot} />
      </div>
      <div role={rustSession ? 'tabpanel' : undefined} id={rustSession ? `track-panel-${shown}` : undefined} aria-labelledby={rustSession ? `track-tab-${shown}` : undefined} className="track-panel">
        {shown === 'rust' && rustSession && lesson.rustExercise ? (
          <RustPanel lesson={lesson} session={rustSession} loaded={rustLoaded} progress={allProgress[rustStorageKey(lesson.id)]} exerciseSlot={exerciseSlot} toolbarSlot={toolbarSlot} />
        ) : (
          <TrackPanel
            lesson={lesson}
            session={session}
            loaded={loaded}
            exerciseHtml={lesson.html.exercise}
            order={tsOrder}
            readOnly={isLessonOwnedPath}
            progress={allProgress[lesson.id]}
            runnable={runtimeUsable}
            preview={lesson.meta.exercise.preview}
            modelRoot={lesson.id}
            exerciseSlot={exerciseSlot}
            toolbarSlot={toolbarSlot}
          />
        )}
      </div>
    </section>
  );
}

function RustPanel({
  lesson,
  session,
  loaded,
  progress,
  exerciseSlot,
  toolbarSlot,
}: {
  lesson: Lesson;
  session: RustSession;
  loaded: boolean;
  progress: Parameters<typeof CheckResult>[0]['progress'];
  exerciseSlot: HTMLElement | null;
  toolbarSlot: HTMLElement | null;
}) {
  const exercise = lesson.rustExercise!;
  const selection = useStore(runtimeController.selection);
  const consented = useStore(playgroundConsent.store);
  const availability = rustAvailability(selection, consented);
  const diagnostics = useStore(session.diagnostics);
  const build = useStore(session.build);
  const diagnosing = useStore(session.diagnosing);
  const diagnosed = useStore(session.diagnosed);
  const files = useStore(session.files);
  const [reveal, setReveal] = useState<{ path: string; line: number; column: number } | null>(null);
  const order = useMemo(() => orderFiles(exercise.meta.open, exercise.starter), [exercise]);
  const canDiagnose = availability.state === 'local' && availability.runtime.canDiagnose;

  // The first look at the crate on a runner with cargo: check it, which also builds its dependencies
  // (the progress bar) so that Run and Check are quick later.
  useEffect(() => {
    if (loaded && canDiagnose && !session.diagnosed.get()) void session.diagnose();
  }, [loaded, canDiagnose, session]);

  const runnable = availability.state === 'local' || (availability.state === 'playground' && availability.consented) || availability.state === 'pending';
  const open = useCallback((d: CargoDiagnostic) => setReveal({ path: d.file, line: d.line, column: d.column }), []);

  return (
    <TrackPanel
      lesson={lesson}
      session={session}
      loaded={loaded}
      exerciseHtml={exercise.html.exercise}
      order={order}
      readOnly={isRustLessonOwnedPath}
      progress={progress}
      runnable={runnable}
      preview={lesson.meta.exercise.preview}
      previewWhenReady
      modelRoot={`${lesson.id}/rust-exercise`}
      exerciseSlot={exerciseSlot}
      toolbarSlot={toolbarSlot}
      diagnostics={diagnostics}
      reveal={reveal}
      aboveEditor={
        <>
          <RustToolchainNotice availability={availability} files={files} onConsent={(v) => playgroundConsent.set(v)} />
          {build && <BuildProgressBar progress={build} />}
        </>
      }
      belowEditor={canDiagnose || diagnostics.length > 0 ? <ProblemsList diagnostics={diagnostics} known={files} onOpen={open} state={diagnosing ? 'checking' : diagnosed ? 'checked' : 'unknown'} /> : null}
    />
  );
}

interface TrackPanelProps {
  lesson: Lesson;
  session: TrackSession<object>;
  loaded: boolean;
  exerciseHtml: string;
  order: string[];
  readOnly(path: string): boolean;
  progress: Parameters<typeof CheckResult>[0]['progress'];
  runnable: boolean;
  preview: boolean;
  /** Show the Preview pane once a server is listening, even when the lesson has none by default. */
  previewWhenReady?: boolean;
  modelRoot: string;
  diagnostics?: CargoDiagnostic[];
  reveal?: { path: string; line: number; column: number } | null;
  aboveEditor?: ReactNode;
  belowEditor?: ReactNode;
  exerciseSlot: HTMLElement | null;
  toolbarSlot: HTMLElement | null;
}

/** One track's exercise text, toolbar, editor, check result, output and preview. */
function TrackPanel({ lesson, session, loaded, exerciseHtml, order, readOnly, progress, runnable, preview: previewPane, previewWhenReady = false, modelRoot, diagnostics, reveal, aboveEditor, belowEditor, exerciseSlot, toolbarSlot }: TrackPanelProps) {
  const [confirm, setConfirm] = useState<null | 'reset' | 'solution'>(null);
  const files = useStore(session.files);
  const output = useStore(session.output);
  const preview = useStore(session.preview);
  const check = useStore(session.check);
  const processes = useStore(session.processes);
  const restored = useStore(session.restored);
  const otherTab = useStore(session.otherTab);
  const onChange = useCallback((p: string, text: string) => void session.edit(p, text), [session]);
  const hasPreview = previewPane || (previewWhenReady && preview !== null);
  const runSeconds = useElapsedSeconds(processes.run);
  const checkSeconds = useElapsedSeconds(processes.check);

  const toolbar = (
    <div className="toolbar" role="toolbar" aria-label="Project actions">
      <button type="button" className="primary" onClick={() => void session.run()} disabled={processes.run || !runnable}>
        <span aria-hidden="true">▶</span> Run
      </button>
      <button type="button" onClick={() => void session.stop()} disabled={!processes.run && !processes.check}>
        <span aria-hidden="true">■</span> Stop
      </button>
      <button type="button" className="primary check" onClick={() => void session.runCheck()} disabled={processes.check || !runnable}>
        <span aria-hidden="true">✓</span> Check
      </button>
      <span className="toolbar-spacer" />
      {(processes.run || processes.check) && (
        <span className="elapsed" role="timer" aria-label="Elapsed time">
          {processes.run ? `Running… ${runSeconds} s` : ''}
          {processes.run && processes.check ? ' · ' : ''}
          {processes.check ? `Checking… ${checkSeconds} s` : ''}
        </span>
      )}
      {processes.queued ? <span className="queue-note">Waiting for the runner: position {processes.queued} in the queue</span> : null}
      <button type="button" onClick={() => setConfirm('reset')} disabled={!loaded}>
        Reset
      </button>
      <button type="button" onClick={() => setConfirm('solution')} disabled={!loaded}>
        Show solution
      </button>
    </div>
  );
  const exercise = (
    <details className="exercise-card" open>
      <summary>
        <h2>Exercise</h2>
      </summary>
      <div className="prose exercise-body" dangerouslySetInnerHTML={{ __html: exerciseHtml }} />
    </details>
  );

  return (
    <>
      {exerciseSlot ? createPortal(exercise, exerciseSlot) : exercise}
      {aboveEditor}
      {otherTab && (
        <div className="runtime-notice other-tab-notice" role="alert" aria-label="Edited in another tab">
          <p>
            <strong>Another tab saved different edits to this {session.storageKey.endsWith(':rust') ? 'Rust exercise' : 'lesson'}</strong> at {new Date(otherTab.savedAt).toLocaleTimeString()}. Which version do you want here?
          </p>
          <div className="other-tab-actions">
            <button type="button" onClick={() => session.loadTheirs()}>
              Load their version
            </button>
            <button type="button" onClick={() => void session.keepMine()}>
              Keep mine
            </button>
          </div>
        </div>
      )}
      {toolbarSlot ? createPortal(toolbar, toolbarSlot) : toolbar}
      <Group orientation="vertical" className="work-split" id={`work-split-${modelRoot}`}>
        <Panel id={`editor-${modelRoot}`} defaultSize="76%" minSize="20%" className="work-panel editor-panel">
          {loaded ? (
            <Suspense fallback={<div className="editor editor-loading">Loading the editor…</div>}>
              <CodeEditor
                key={modelRoot}
                lessonId={lesson.id}
                modelRoot={modelRoot}
                files={files}
                order={order}
                readOnly={readOnly}
                onChange={onChange}
                {...(diagnostics ? { diagnostics } : {})}
                {...(reveal !== undefined ? { reveal } : {})}
              />
            </Suspense>
          ) : (
            <div className="editor editor-loading">Loading your files…</div>
          )}
        </Panel>
        <Separator className="work-separator" aria-label="Resize the editor and the output" />
        <Panel id={`run-${modelRoot}`} defaultSize="24%" minSize="12%" className="work-panel run-panel">
          <p className="saved-note">
            {restored ? 'Your saved edits for this lesson are loaded. ' : ''}Edits are saved in this browser as you type.
          </p>
          {belowEditor}
          <CheckResult check={check} progress={progress} />
          <Group orientation="horizontal" className={hasPreview ? 'run-panes with-preview' : 'run-panes'} id={`run-split-${modelRoot}`}>
            <Panel id={`output-${modelRoot}`} minSize="20%" className="work-panel">
              <OutputPane text={output} onClear={() => session.clearOutput()} />
            </Panel>
            {hasPreview && (
              <>
                <Separator className="work-separator vertical" aria-label="Resize the output and the preview" />
                <Panel id={`preview-${modelRoot}`} minSize="20%" className="work-panel">
                  <PreviewPane url={preview} />
                </Panel>
              </>
            )}
          </Group>
        </Panel>
      </Group>
      <ConfirmDialog
        open={confirm === 'reset'}
        title="Reset to the starter code?"
        body="Your edits to this lesson's files will be replaced by the starter code. This cannot be undone."
        confirm="Reset files"
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          setConfirm(null);
          void session.reset();
        }}
      />
      <ConfirmDialog
        open={confirm === 'solution'}
        title="Load the solution?"
        body="The solution's files replace yours in the editor. Try the hints first: working it out is how it sticks. Use Reset to go back to the starter."
        confirm="Load solution"
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          setConfirm(null);
          void session.showSolution();
        }}
      />
    </>
  );
}

/** Whole seconds since `active` became true (0 while inactive): a silent program visibly runs. */
function useElapsedSeconds(active: boolean): number {
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    if (!active) return;
    const start = Date.now();
    const timer = setInterval(() => setElapsed(Math.floor((Date.now() - start) / 1000)), 1000);
    return () => {
      clearInterval(timer);
      setElapsed(0);
    };
  }, [active]);
  return active ? elapsed : 0;
}

/** The check command without the reporter flags the page needs and the learner does not. */
function shownCommand(command: string): string {
  return command.replace(/ --test-reporter=\S+ --test-reporter-destination=\S+/g, '').replace(/ --test-reporter=\S+/g, '');
}

/** The exercise's `open` files first, then sources, tests, the rest. */
function orderFiles(open: string[], starter: Record<string, string>): string[] {
  const rest = Object.keys(starter)
    .filter((p) => !open.includes(p))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return [...open, ...rest];
}

function rank(path: string) {
  if (path.startsWith('src/')) return 0;
  if (path.startsWith('test/') || path.startsWith('tests/')) return 1;
  return 2;
}
