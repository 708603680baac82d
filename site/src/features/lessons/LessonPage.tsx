import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { lessonSummaries, loadLesson } from 'virtual:lessons';
import type { Lesson } from '../../../../contracts/lesson-schema.ts';
import { rememberedTrack, rememberTrack, type Track } from '../workspace/TrackTabs.tsx';
import { Workspace } from '../workspace/Workspace.tsx';
import { LessonArticle } from './LessonArticle.tsx';
import { LessonList } from './LessonList.tsx';
import { LessonTools } from '../lesson-tools/LessonTools.tsx';
import { InstructorNotes } from '../instructor/InstructorPanel.tsx';

export function LessonPage() {
  const { slug = '' } = useParams();
  // The loaded lesson with the slug it belongs to: while another slug loads, nothing stale shows.
  const [loaded, setLoaded] = useState<{ slug: string; lesson: Lesson | null }>();
  const lesson = loaded?.slug === slug ? loaded.lesson : undefined;
  // The TypeScript project or the Rust crate: the workspace and the hints follow the same choice.
  const [track, setTrack] = useState<Track>(rememberedTrack);
  // The exercise's steps are shown under the article, beside the editor (the workspace puts them there).
  const [exerciseSlot, setExerciseSlot] = useState<HTMLElement | null>(null);
  const chooseTrack = (t: Track) => {
    setTrack(t);
    rememberTrack(t);
  };
  const shownTrack: Track = lesson?.rustExercise && track === 'rust' ? 'rust' : 'typescript';

  useEffect(() => {
    let live = true;
    void loadLesson(slug).then((l) => live && setLoaded({ slug, lesson: l ?? null }));
    return () => {
      live = false;
    };
  }, [slug]);

  useEffect(() => {
    if (lesson) document.title = `${lesson.meta.title} · Rust Backend Workbook`;
  }, [lesson]);

  if (lesson === null) {
    return (
      <main className="not-found">
        <h1>No lesson called “{slug}”</h1>
        <p>Pick one from the list:</p>
        <LessonList />
      </main>
    );
  }
  const index = lessonSummaries.findIndex((l) => l.slug === slug);
  const prev = lessonSummaries[index - 1];
  const next = lessonSummaries[index + 1];
  return (
    <main className="lesson-page">
      <aside className="lesson-sidebar">
        <LessonList currentSlug={slug} compact />
      </aside>
      <div className="lesson-reading">
        <div className="lesson-reading-scroll">
          {lesson && <LessonTools key={lesson.id} lesson={lesson} track={shownTrack} />}
          {lesson ? <LessonArticle lesson={lesson} track={shownTrack} /> : <p className="muted">Loading the lesson…</p>}
          {lesson && <InstructorNotes lesson={lesson} />}
          <nav className="prev-next" aria-label="Previous and next lesson">
            {prev ? <Link to={`/lessons/${prev.slug}`}>← {prev.title}</Link> : <span />}
            {next ? <Link to={`/lessons/${next.slug}`}>{next.title} →</Link> : <span />}
          </nav>
        </div>
        <div className="exercise-slot" ref={setExerciseSlot} />
      </div>
      {lesson && <Workspace key={lesson.id} lesson={lesson} track={shownTrack} onTrack={chooseTrack} exerciseSlot={exerciseSlot} />}
    </main>
  );
}
