import { useRef, useState } from 'react';
import { lessonSummaries } from 'virtual:lessons';
import { passTimes, progressStore, workbookStorage } from '../../app/runtime.ts';
import { rustStorageKey } from '../../session/rust-session.ts';
import { downloadBlob } from '../../shared/download.ts';
import { useStore } from '../../shared/use-store.ts';
import { PROGRESS_LABEL, type MarkState } from '../lessons/progress-label.ts';
// The file codec (zod) loads when Export or Import is used, not with the home page.
const progressCodec = () => import('./codec.ts');
import { gatherProgress, progressKeys, replaceProgress } from './progress-io.ts';

const ids = lessonSummaries.map((l) => l.id);
const isPass = (m: MarkState | undefined) => m === 'completed' || m === 'completed-with-solution';

function when(ms: number | undefined): string {
  return ms ? new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—';
}

/** The home page's overview: lessons passed (a progressbar named "Progress"), per track, export and import. */
export function ProgressOverview() {
  const progress = useStore(progressStore);
  const times = useStore(passTimes.store);
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const passed = ids.filter((id) => isPass(progress[id])).length;
  const rustPassed = ids.filter((id) => isPass(progress[rustStorageKey(id)])).length;

  const exportAll = async () => {
    const data = await gatherProgress(workbookStorage, passTimes, ids);
    const stamp = new Date().toISOString().slice(0, 10);
    const { encodeProgressFile } = await progressCodec();
    downloadBlob(`workbook-progress-${stamp}.json`, new Blob([encodeProgressFile(data)], { type: 'application/json' }));
    setMessage({ ok: true, text: `Exported the progress and saved edits of ${Object.keys(data.edits).length} track(s).` });
  };

  const importFile = async (file: File) => {
    const { decodeProgressFile, MAX_PROGRESS_FILE_BYTES } = await progressCodec();
    if (file.size > MAX_PROGRESS_FILE_BYTES) {
      setMessage({ ok: false, text: `Nothing was imported: the file is too large (at most ${MAX_PROGRESS_FILE_BYTES / 1024 / 1024} MB).` });
      return;
    }
    const result = decodeProgressFile(await file.text(), new Set(progressKeys(ids)));
    if (!result.ok) {
      setMessage({ ok: false, text: `Nothing was imported: ${result.reason}` });
      return;
    }
    await replaceProgress(workbookStorage, passTimes, ids, result.file);
    const n = Object.values(result.file.progress).filter(isPass).length;
    setMessage({ ok: true, text: `Imported: ${n} passed track(s) and the saved edits of ${Object.keys(result.file.edits).length} track(s).` });
  };

  return (
    <section className="wx-progress" aria-labelledby="wx-progress-heading">
      <h2 id="wx-progress-heading" className="list-heading">
        Your progress
      </h2>
      <div className="wx-progress-row">
        <progress aria-label="Progress" max={ids.length} value={passed} aria-valuemin={0} aria-valuemax={ids.length} aria-valuenow={passed} aria-valuetext={`${passed} of ${ids.length} lessons passed`} />
        <p className="wx-progress-text">
          <strong>
            {passed} of {ids.length} lessons passed
          </strong>{' '}
          (TypeScript track) · {rustPassed} of {ids.length} Rust tracks passed
        </p>
      </div>
      <div className="wx-progress-actions">
        <button type="button" onClick={() => void exportAll()}>
          Export progress
        </button>
        <button type="button" onClick={() => input.current?.click()}>
          Import progress
        </button>
        <input
          ref={input}
          type="file"
          accept="application/json,.json"
          hidden
          aria-label="Progress file"
          data-testid="progress-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void importFile(f);
          }}
        />
      </div>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'wx-ok' : 'wx-bad'}>
          {message.text}
        </p>
      )}
      <details className="wx-progress-details">
        <summary>Progress by lesson and track</summary>
        {/* Scrolls sideways on a narrow screen; focusable so the keyboard can scroll it too. */}
        <div className="wx-table-wrap" tabIndex={0} role="group" aria-label="Progress by lesson and track">
        <table className="wx-table">
          <thead>
            <tr>
              <th scope="col">Lesson</th>
              <th scope="col">TypeScript</th>
              <th scope="col">Last TypeScript pass</th>
              <th scope="col">Rust</th>
              <th scope="col">Last Rust pass</th>
            </tr>
          </thead>
          <tbody>
            {lessonSummaries.map((l) => {
              const ts: MarkState = progress[l.id] ?? 'new';
              const rs: MarkState = progress[rustStorageKey(l.id)] ?? 'new';
              return (
                <tr key={l.id}>
                  <th scope="row">
                    {String(l.order).padStart(2, '0')} {l.title}
                  </th>
                  <td className={`wx-mark-${ts}`}>{PROGRESS_LABEL[ts]}</td>
                  <td>{when(times[l.id])}</td>
                  <td className={`wx-mark-${rs}`}>{PROGRESS_LABEL[rs]}</td>
                  <td>{when(times[rustStorageKey(l.id)])}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        </div>
      </details>
    </section>
  );
}
