import { useState } from 'react';
import type { Lesson } from '../../../../contracts/lesson-schema.ts';
import { ARTICLES } from '../../../../contracts/lesson-paths.ts';
import { notesHtml } from '../instructor/notes-html.ts';

const LISTING_MARK = '<!-- listing -->';

/** The reading side of a lesson: prose with the Rust listing in place, hints one at a time, notes. */
export function LessonArticle({ lesson, track = 'typescript' }: { lesson: Lesson; track?: 'typescript' | 'rust' }) {
  const [before, after = ''] = lesson.html.prose.split(LISTING_MARK);
  return (
    <article className="lesson-article">
      <p className="eyebrow">
        Lesson {String(lesson.order).padStart(2, '0')} · {lesson.meta.minutes} min · from “{ARTICLES[lesson.meta.source.article]}”: {lesson.meta.source.practice}
      </p>
      <h1>{lesson.meta.title}</h1>
      <section className="objectives" aria-label="Objectives">
        <h2>You will be able to</h2>
        <ul>
          {lesson.meta.objectives.map((o) => (
            <li key={o}>{o}</li>
          ))}
        </ul>
      </section>
      <div className="prose" dangerouslySetInnerHTML={{ __html: before ?? '' }} />
      <RustListing lesson={lesson} />
      {after && <div className="prose" dangerouslySetInnerHTML={{ __html: after }} />}
      {track === 'rust' && lesson.rustExercise ? (
        <Hints key="rust" hints={lesson.rustExercise.html.hints} heading="Hints for the Rust exercise" />
      ) : (
        <Hints key="typescript" hints={lesson.html.hints} />
      )}
      <details className="instructor-notes">
        <summary>Instructor notes</summary>
        <div className="prose" dangerouslySetInnerHTML={{ __html: notesHtml(lesson.html.instructor, 3) }} />
      </details>
    </article>
  );
}

function RustListing({ lesson }: { lesson: Lesson }) {
  const [index, setIndex] = useState(0);
  const files = lesson.rust.files;
  const file = files[index] ?? files[0]!;
  return (
    <figure className="rust-listing" aria-label="Rust listing">
      <figcaption>
        <span className="listing-title">Rust listing</span>
        <span className="listing-note">compiles and passes <code>cargo test</code> · lessons/{lesson.id}/rust/</span>
        {lesson.meta.rust.needsCrates.length > 0 && (
          <span className="listing-note">
            needs {lesson.meta.rust.needsCrates.join(', ')} from crates.io: <code>npm run verify:rust</code> builds it wherever crates.io is reachable
            and reports it as skipped offline
          </span>
        )}
      </figcaption>
      {files.length > 1 && (
        <div className="file-tabs" role="tablist" aria-label="Rust files">
          {files.map((f, i) => (
            <button key={f.path} type="button" role="tab" aria-selected={i === index} className={i === index ? 'file-tab active' : 'file-tab'} onClick={() => setIndex(i)}>
              {f.path}
            </button>
          ))}
        </div>
      )}
      {files.length === 1 && <div className="listing-path">{file.path}</div>}
      <div className="listing-code" dangerouslySetInnerHTML={{ __html: file.html }} />
    </figure>
  );
}

function Hints({ hints, heading = 'Hints' }: { hints: string[]; heading?: string }) {
  const [shown, setShown] = useState(0);
  return (
    <section className="hints" aria-labelledby="hints-heading">
      <h2 id="hints-heading">{heading}</h2>
      {hints.slice(0, shown).map((h, i) => (
        <div key={i} className="hint">
          <span className="hint-number">Hint {i + 1}</span>
          <div className="prose" dangerouslySetInnerHTML={{ __html: h }} />
        </div>
      ))}
      {shown < hints.length ? (
        <button type="button" onClick={() => setShown(shown + 1)}>
          Show hint {shown + 1} of {hints.length}
        </button>
      ) : (
        <p className="muted">That is every hint. Still stuck? “Show solution” loads a working answer.</p>
      )}
    </section>
  );
}
