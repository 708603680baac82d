import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { Lesson } from '../../../../contracts/lesson-schema.ts';
import { getRuntime, progressStore, runtimeController, workbookStorage } from '../../app/runtime.ts';
import { ConfirmDialog } from '../../shared/ConfirmDialog.tsx';
import { useStore } from '../../shared/use-store.ts';
import { lessonTimeoutSeconds } from '../../../../contracts/timeouts.ts';
import { isLessonOwnedPath, LessonSession } from '../../session/lesson-session.ts';
import { CheckResult } from './CheckResult.tsx';
import { OutputPane } from './OutputPane.tsx';
import { RuntimeNotice } from './RuntimeBadge.tsx';

// Monaco is a few MB: only lesson pages load it, and the page shows its text first.
const CodeEditor = lazy(() => import('../editor/CodeEditor.tsx').then((m) => ({ default: m.CodeEditor })));

/** The right-hand side of a lesson: the exercise, the editable project, and what it does when run. */
export function Workspace({ lesson }: { lesson: Lesson }) {
  const session = useMemo(
    () =>
      new LessonSession(
        {
          id: lesson.id,
          starter: lesson.starter,
          solution: lesson.solution,
          timeouts: { run: lessonTimeoutSeconds(lesson, 'run'), check: lessonTimeoutSeconds(lesson, 'check') },
          scripts: lesson.scripts,
        },
        getRuntime,
        workbookStorage,
      ),
    [lesson],
  );
  const [loaded, setLoaded] = useState(false);
  const [confirm, setConfirm] = useState<null | 'reset' | 'solution'>(null);

  useEffect(() => {
    void runtimeController.start();
    void session.load().then(() => setLoaded(true));
    const flush = () => void session.flush();
    const onVisibility = () => document.visibilityState === 'hidden' && flush();
    addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
      session.dispose();
    };
  }, [session]);

  const files = useStore(session.files);
  const output = useStore(session.output);
  const preview = useStore(session.preview);
  const check = useStore(session.check);
  const processes = useStore(session.processes);
  const restored = useStore(session.restored);
  const progress = useStore(progressStore)[lesson.id];
  const selection = useStore(runtimeController.selection);
  const runtimeUsable = selection.runtime !== null || selection.status.state === 'booting';

  const order = useMemo(() => {
    const open = lesson.meta.exercise.open;
    const rest = Object.keys(lesson.starter)
      .filter((p) => !open.includes(p))
      .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    return [...open, ...rest];
  }, [lesson]);
  const readOnly = useCallback((p: string) => isLessonOwnedPath(p), []);
  const onChange = useCallback((p: string, text: string) => session.edit(p, text), [session]);

  return (
    <section className="workspace" aria-label="Exercise workspace">
      <RuntimeNotice />
      <details className="exercise-card" open>
        <summary>
          <h2>Exercise</h2>
        </summary>
        <div className="prose exercise-body" dangerouslySetInnerHTML={{ __html: lesson.html.exercise }} />
      </details>
      <div className="toolbar" role="toolbar" aria-label="Project actions">
        <button type="button" className="primary" onClick={() => void session.run()} disabled={processes.run || !runtimeUsable}>
          <span aria-hidden="true">▶</span> Run
        </button>
        <button type="button" onClick={() => void session.stop()} disabled={!processes.run && !processes.check}>
          <span aria-hidden="true">■</span> Stop
        </button>
        <button type="button" className="primary check" onClick={() => void session.runCheck()} disabled={processes.check || !runtimeUsable}>
          <span aria-hidden="true">✓</span> Check
        </button>
        <span className="toolbar-spacer" />
        {processes.queued ? <span className="queue-note">Waiting for the runner: position {processes.queued} in the queue</span> : null}
        <button type="button" onClick={() => setConfirm('reset')} disabled={!loaded}>
          Reset
        </button>
        <button type="button" onClick={() => setConfirm('solution')} disabled={!loaded}>
          Show solution
        </button>
      </div>
      {loaded ? (
        <Suspense fallback={<div className="editor editor-loading">Loading the editor…</div>}>
          <CodeEditor lessonId={lesson.id} files={files} order={order} readOnly={readOnly} onChange={onChange} />
        </Suspense>
      ) : (
        <div className="editor editor-loading">Loading your files…</div>
      )}
      <p className="saved-note">
        {restored ? 'Your saved edits for this lesson are loaded. ' : ''}Edits are saved in this browser as you type.
      </p>
      <CheckResult check={check} progress={progress} />
      <div className={lesson.meta.exercise.preview ? 'run-panes with-preview' : 'run-panes'}>
        <OutputPane text={output} onClear={() => session.clearOutput()} />
        {lesson.meta.exercise.preview && (
          <section className="pane preview-pane" aria-labelledby="preview-heading">
            <header className="pane-header">
              <h2 id="preview-heading">Preview</h2>
              {preview && (
                <a href={preview} target="_blank" rel="noreferrer" className="link-button">
                  Open in new tab ↗
                </a>
              )}
            </header>
            {preview ? (
              <iframe title="Preview" src={preview} className="preview-frame" />
            ) : (
              <p className="preview-empty muted">The preview appears here when the server is listening. Press Run.</p>
            )}
          </section>
        )}
      </div>
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
    </section>
  );
}

function rank(path: string) {
  if (path.startsWith('src/')) return 0;
  if (path.startsWith('test/')) return 1;
  return 2;
}
