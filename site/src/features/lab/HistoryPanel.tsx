import { useRef } from 'react';
import { ExportButtons } from './ExportButtons.tsx';
import { WHERE_LABEL, type Lab, type LabState } from './model/lab-store.ts';

/** Past runs (IndexedDB) and imported reports: show one, pick two to compare, export, delete, import. */
export function HistoryPanel({ lab, state }: { lab: Lab; state: LabState }) {
  const input = useRef<HTMLInputElement>(null);
  const { history, compare, importNote } = state;
  return (
    <section className="lab-section" aria-labelledby="lab-history-title">
      <div className="lab-section-head">
        <h2 id="lab-history-title">History</h2>
        <label className="lab-import">
          <span className="lab-import-label">Import JSON</span>
          <input
            ref={input}
            type="file"
            accept="application/json,.json"
            aria-label="Import JSON report"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void lab.importFile(file).finally(() => { if (input.current) input.current.value = ''; });
            }}
          />
        </label>
      </div>
      <p className="lab-hint">
        Runs are kept in this browser (IndexedDB). Import a report exported here or written by <code>npm run bench -- --json FILE</code> to
        compare a browser with Node and native code.
      </p>
      {importNote && (
        <p className={importNote.tone === 'error' ? 'lab-notice lab-notice-error' : 'lab-notice lab-notice-ok'} role={importNote.tone === 'error' ? 'alert' : 'status'}>
          {importNote.tone === 'error' ? <strong>Import failed. </strong> : null}
          {importNote.text}
          {importNote.tone === 'error' && ' Nothing was changed.'}{' '}
          <button type="button" className="link-button" onClick={lab.dismissImportNote}>dismiss</button>
        </p>
      )}
      {state.historyProblem && <p className="lab-notice lab-notice-warn">{state.historyProblem}</p>}
      {history.length === 0 ? (
        <p className="muted">No runs yet.</p>
      ) : (
        <table className="lab-table lab-history" aria-label="Run history">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Date</th>
              <th scope="col">Where</th>
              <th scope="col">Results</th>
              <th scope="col">Compare</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => {
              const ok = h.report.results.filter((r) => r.ok).length;
              return (
                <tr key={h.id} className={h.id === state.shownId ? 'lab-row-current' : undefined}>
                  <th scope="row">
                    <button type="button" className="link-button" onClick={() => lab.show(h.id)} aria-current={h.id === state.shownId}>
                      {h.name}
                    </button>
                    {h.origin === 'import' && <span className="lab-base-tag">imported</span>}
                  </th>
                  <td>{new Date(h.report.environment.date).toLocaleString()}</td>
                  <td>{h.report.lab ? WHERE_LABEL[h.report.lab.where] : '—'} · {h.report.environment.runtimeVersion}</td>
                  <td>{ok} of {h.report.results.length} timed{h.report.aborted ? ' (cancelled)' : ''}</td>
                  <td className="lab-compare-picks">
                    <label><input type="radio" name="compare-a" checked={compare.a === h.id} onChange={() => lab.setCompare('a', h.id)} /> A</label>
                    <label><input type="radio" name="compare-b" checked={compare.b === h.id} onChange={() => lab.setCompare('b', h.id)} /> B</label>
                  </td>
                  <td className="lab-row-actions">
                    <ExportButtons report={h.report} subject={h.name} />
                    <button type="button" aria-label={`Delete ${h.name}`} onClick={() => void lab.remove(h.id)}>Delete</button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
