import { Link } from 'react-router';
import { lessonSummaries } from 'virtual:lessons';
import { lessonMark, useProgress } from './progress.ts';

/** Every lesson in order, with its progress mark. The landmark is named "Lessons". */
export function LessonList({ currentSlug, compact = false }: { currentSlug?: string; compact?: boolean }) {
  const progress = useProgress();
  return (
    <nav aria-label="Lessons" className={compact ? 'lesson-list compact' : 'lesson-list'}>
      <ol>
        {lessonSummaries.map((l) => {
          const { state, label } = lessonMark(progress, l.id);
          return (
            <li key={l.id} className={`lesson-item progress-${state}`}>
              <Link to={`/lessons/${l.slug}`} aria-current={l.slug === currentSlug ? 'page' : undefined}>
                <span className={`progress-mark mark-${state}`} role="img" aria-label={label} title={label} />
                <span className="lesson-number">{String(l.order).padStart(2, '0')}</span>
                <span className="lesson-title">{l.title}</span>
                {!compact && <span className="lesson-minutes">{l.minutes} min</span>}
              </Link>
              {!compact && <p className="lesson-summary">{l.summary}</p>}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
