import { useEffect } from 'react';
import { Link } from 'react-router';
import type { Lesson } from '../../../../contracts/lesson-schema.ts';
import { useStore } from '../../shared/use-store.ts';
import { instructorMode, openNotesChannel, setInstructorMode } from './channel.ts';
import { notesHtml } from './notes-html.ts';

/**
 * The "Instructor mode" checkbox (remembered in localStorage) and, when on, "Pop out notes": a window
 * at /notes that follows the lesson this window shows (told over a BroadcastChannel).
 */
export function InstructorToggle({ lesson }: { lesson: Lesson }) {
  const on = useStore(instructorMode);
  const slug = lesson.slug;

  // Tell a notes window which lesson this window shows: now, and whenever one asks.
  useEffect(() => {
    const channel = openNotesChannel((m) => {
      if (m.type === 'which' && document.visibilityState === 'visible') channel?.post({ type: 'showing', slug });
    });
    channel?.post({ type: 'showing', slug });
    return () => channel?.close();
  }, [slug]);

  const popOut = () => {
    window.open(`/notes?lesson=${encodeURIComponent(slug)}`, 'workbook-notes', 'popup,width=520,height=720');
  };

  return (
    <>
      <label className="wx-switch">
        <input type="checkbox" checked={on} onChange={(e) => setInstructorMode(e.target.checked)} /> Instructor mode
      </label>
      {on && (
        <button type="button" onClick={popOut}>
          Pop out notes
        </button>
      )}
      {on && <Link to="/workshop">Workshop page</Link>}
    </>
  );
}

/** Under the lesson, in instructor mode: its instructor notes, open. */
export function InstructorNotes({ lesson }: { lesson: Lesson }) {
  const on = useStore(instructorMode);
  if (!on) return null;
  return (
    <section className="wx-instructor-notes" aria-label="Instructor notes">
      <h2>Instructor notes</h2>
      <div className="prose" dangerouslySetInnerHTML={{ __html: notesHtml(lesson.html.instructor, 3) }} />
    </section>
  );
}
