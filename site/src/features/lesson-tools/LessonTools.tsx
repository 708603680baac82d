import { useEffect, useRef, useState } from 'react';
import type { Lesson } from '../../../../contracts/lesson-schema.ts';
import { isRustLessonOwnedPath } from '../../../../contracts/lesson-paths.ts';
import { workbookStorage } from '../../app/runtime.ts';
import { isLessonOwnedPath } from '../../session/lesson-session.ts';
import { rustStorageKey } from '../../session/rust-session.ts';
import { downloadBlob } from '../../shared/download.ts';
import { InstructorToggle } from '../instructor/InstructorPanel.tsx';
import type { SharedFiles, ShareTrack } from '../share/share-codec.ts';
import { isShareHash } from '../share/share-hash.ts';
import { ShortcutsHelp } from '../shortcuts/ShortcutsHelp.tsx';
import { rememberTrack } from '../workspace/TrackTabs.tsx';

const keyOf = (lesson: Lesson, track: ShareTrack) => (track === 'rust' ? rustStorageKey(lesson.id) : lesson.id);
// The workspace saves 250 ms after the last keystroke: wait for it before reading what is saved.
const settle = () => new Promise((r) => setTimeout(r, 350));

async function changedFiles(lesson: Lesson, track: ShareTrack) {
  const saved = await workbookStorage.loadLesson(keyOf(lesson, track)).catch(() => undefined);
  return saved?.files ?? {};
}

function editablePaths(lesson: Lesson, track: ShareTrack): ReadonlySet<string> | null {
  if (track === 'rust') return lesson.rustExercise ? new Set(Object.keys(lesson.rustExercise.starter).filter((p) => !isRustLessonOwnedPath(p))) : null;
  return new Set(Object.keys(lesson.starter).filter((p) => !isLessonOwnedPath(p)));
}

// The share codec (zod, fflate) and the zip writer load when they are used, not with the lesson page.
const shareCodec = () => import('../share/share-codec.ts');
const projectZipModule = () => import('../download/project-zip.ts');

async function readShareHash(lesson: Lesson, hash: string): Promise<{ pending: SharedFiles | null; message: { ok: boolean; text: string } | null }> {
  const { decodeShare } = await shareCodec();
  const result = decodeShare(hash, { lesson: lesson.id, editable: (t) => editablePaths(lesson, t) });
  return result.ok ? { pending: result.shared, message: null } : { pending: null, message: { ok: false, text: `The share link was not loaded: ${result.reason}` } };
}

/**
 * A lesson page's tools above the article: Instructor mode, Download project, Copy share link and the
 * keyboard shortcuts; and, when the page was opened with a share link, the question whether to load it.
 */
export function LessonTools({ lesson, track }: { lesson: Lesson; track: ShareTrack }) {
  // Opened with a share link: read once, when the tools for this lesson appear (they are keyed by lesson).
  const [opened] = useState(() => (isShareHash(location.hash) ? location.hash : null));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [pending, setPending] = useState<SharedFiles | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (!opened) return;
    // The hash has been read: a reload or a copied address must not ask again.
    history.replaceState(history.state, '', location.pathname + location.search);
    let live = true;
    void readShareHash(lesson, opened).then((read) => {
      if (!live) return;
      setPending(read.pending);
      setMessage(read.message);
    });
    return () => {
      live = false;
    };
  }, [lesson, opened]);

  useEffect(() => {
    const d = dialog.current;
    if (pending && d && !d.open) d.showModal();
  }, [pending]);

  const download = async () => {
    await settle();
    const { projectFolderName, projectZip } = await projectZipModule();
    const zip = projectZip(lesson, track, await changedFiles(lesson, track));
    downloadBlob(`${projectFolderName(lesson, track)}.zip`, new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
  };

  const share = async () => {
    await settle();
    const files = await changedFiles(lesson, track);
    const { encodeShare } = await shareCodec();
    const enc = encodeShare({ lesson: lesson.id, track, files });
    if (!enc.ok) {
      setLink(null);
      setMessage({ ok: false, text: enc.reason });
      return;
    }
    const url = `${location.origin}${location.pathname}${enc.hash}`;
    setLink(url);
    const n = Object.keys(files).length;
    const what = n === 0 ? 'no changed files (the starter)' : `${n} changed file${n > 1 ? 's' : ''}`;
    try {
      await navigator.clipboard.writeText(url);
      setMessage({ ok: true, text: `Link copied: it holds ${what} of the ${track === 'rust' ? 'Rust' : 'TypeScript'} track.` });
    } catch {
      setMessage({ ok: true, text: `Copy the link below: it holds ${what}.` });
    }
  };

  const load = async () => {
    if (!pending) return;
    const key = keyOf(lesson, pending.track);
    await workbookStorage.saveLesson(key, { files: pending.files, savedAt: Date.now() });
    if (!(await workbookStorage.loadProgress())[key] && Object.keys(pending.files).length) await workbookStorage.setProgress(key, 'started');
    rememberTrack(pending.track);
    dialog.current?.close();
    // The workspace reads saved files when it starts: start it afresh on the shared ones.
    location.reload();
  };

  const cancel = () => {
    dialog.current?.close();
    setPending(null);
  };

  return (
    <div className="wx-lesson-tools" role="group" aria-label="Lesson tools">
      <div className="wx-lesson-tools-row">
        <InstructorToggle lesson={lesson} />
        <span className="wx-spacer" />
        <button type="button" onClick={() => void download()}>
          Download project
        </button>
        <button type="button" onClick={() => void share()}>
          Copy share link
        </button>
        <ShortcutsHelp />
      </div>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'wx-ok' : 'wx-bad'}>
          {message.text}
        </p>
      )}
      {link && <input className="wx-share-link" readOnly aria-label="Share link" value={link} onFocus={(e) => e.target.select()} />}
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby="wx-share-title" onCancel={cancel}>
        <h2 id="wx-share-title">Load the shared files?</h2>
        <p>
          This link holds {pending ? Object.keys(pending.files).length : 0} changed file(s) of the {pending?.track === 'rust' ? 'Rust' : 'TypeScript'} track of this
          lesson. Loading them replaces your own edits of that track.
        </p>
        <div className="dialog-buttons">
          <button type="button" onClick={cancel}>
            Keep my files
          </button>
          <button type="button" className="primary" onClick={() => void load()}>
            Load shared files
          </button>
        </div>
      </dialog>
    </div>
  );
}
