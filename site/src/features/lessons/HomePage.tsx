import { Link } from 'react-router';
import { LessonList } from './LessonList.tsx';
import { ProgressOverview } from '../progress-io/ProgressOverview.tsx';

export function HomePage() {
  return (
    <main className="home">
      <section className="hero">
        <h1>Rust backend practices, practised in TypeScript</h1>
        <p>
          Each lesson takes one practice from Rust backend development — async I/O, typed errors, newtypes and more —
          explains it with a Rust listing that really compiles, and gives you a small Node backend to change until its
          check passes. Your edits are saved in this browser.
        </p>
        <p className="muted">
          Comparing approaches? The <Link to="/lab">benchmark lab</Link> measures concurrency and WebAssembly options.
        </p>
        <p className="muted">
          Running a workshop? Plan the day on the <Link to="/schedule">workshop schedule</Link>.
        </p>
      </section>
      <ProgressOverview />
      <h2 className="list-heading">Lessons</h2>
      <LessonList />
    </main>
  );
}
