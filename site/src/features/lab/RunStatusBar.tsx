import type { RunStatus } from './model/lab-store.ts';

/** Progress of the current run with Cancel, or how the last one ended. */
export function RunStatusBar({ run, onCancel }: { run: RunStatus; onCancel: () => void }) {
  if (run.state === 'idle') return null;
  if (run.state === 'failed') {
    return (
      <p className="lab-notice lab-notice-error" role="alert">
        The run failed: {run.message}. Nothing was measured; the history is unchanged.
      </p>
    );
  }
  const active = run.state === 'running' || run.state === 'cancelling';
  if (!active) {
    const n = `${run.done} approach${run.done === 1 ? '' : 'es'}${run.timed !== undefined && run.timed !== run.done ? ` (${run.timed} timed, the others skipped or failed: see the table)` : ''}`;
    const took = run.elapsedMs === undefined ? '' : ` in ${(run.elapsedMs / 1000).toFixed(1)} s`;
    return (
      <p className="lab-notice" role="status">
        {run.state === 'cancelled' ? `Cancelled after ${n}${took}; what finished is shown and kept in the history.` : `Done: ${n} measured${took}, saved in the history.`}
      </p>
    );
  }
  return (
    <div className="lab-progress" role="status">
      <progress aria-label="Benchmark progress" max={Math.max(run.total, 1)} value={run.done} />
      <span className="lab-progress-text">
        {run.state === 'cancelling' ? 'Cancelling after the current approach… ' : ''}
        {run.total > 0 ? `${run.done} of ${run.total}` : 'Starting'}
        {run.current ? ` · ${run.current}` : ''}
      </span>
      <button type="button" onClick={onCancel} disabled={run.state === 'cancelling'}>
        Cancel
      </button>
    </div>
  );
}
