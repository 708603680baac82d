import { useEffect, useState } from 'react';
import { lessonSummaries, loadLesson } from 'virtual:lessons';
import type { Lesson } from '../../../../contracts/lesson-schema.ts';
import { openNotesChannel } from './channel.ts';
import { notesHtml } from './notes-html.ts';

/** /notes: the pop-out window with the instructor notes of the lesson the main window shows. */
export default function NotesPage() {
  const [slug, setSlug] = useState(() => new URLSearchParams(location.search).get('lesson') ?? lessonSummaries[0]?.slug ?? '');
  const [lesson, setLesson] = useState<Lesson | null | undefined>();

  useEffect(() => {
    const channel = openNotesChannel((m) => {
      if (m.type === 'showing') setSlug(m.slug);
    });
    channel?.post({ type: 'which' });
    return () => channel?.close();
  }, []);

  useEffect(() => {
    let live = true;
    void loadLesson(slug).then((l) => {
      if (!live) return;
      setLesson(l ?? null);
      document.title = `Notes: ${l?.meta.title ?? slug} · Rust Backend Workbook`;
      history.replaceState(null, '', `/notes?lesson=${encodeURIComponent(slug)}`);
    });
    return () => {
      live = false;
    };
  }, [slug]);

  return (
    <main className="wx-notes-page">
      <p className="muted">Instructor notes — this window follows the lesson shown in the workbook.</p>
      {lesson === undefined && <p className="muted">Loading…</p>}
      {lesson === null && <h1>No lesson called “{slug}”</h1>}
      {lesson && (
        <article>
          <h1>
            {String(lesson.order).padStart(2, '0')} {lesson.meta.title}
          </h1>
          <p className="muted">{lesson.meta.minutes} minutes</p>
          <div className="prose" dangerouslySetInnerHTML={{ __html: notesHtml(lesson.html.instructor, 2) }} />
        </article>
      )}
    </main>
  );
}
