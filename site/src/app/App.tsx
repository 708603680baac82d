import { lazy, Suspense } from 'react';
import { Link, Outlet, createBrowserRouter } from 'react-router';
import { RuntimeBadge } from '../features/workspace/RuntimeBadge.tsx';
import { ThemeToggle } from '../shared/ThemeToggle.tsx';

// Each page is its own chunk: a lesson does not load the home page's code, nor the home page a lesson's.
const HomePage = lazy(() => import('../features/lessons/HomePage.tsx').then((m) => ({ default: m.HomePage })));
const LessonPage = lazy(() => import('../features/lessons/LessonPage.tsx').then((m) => ({ default: m.LessonPage })));
const LabPage = lazy(() => import('../features/lab/LabPage.tsx'));
const SchedulePage = lazy(() => import('../features/schedule/SchedulePage.tsx'));
const NotesPage = lazy(() => import('../features/instructor/NotesPage.tsx'));
const WorkshopPage = lazy(() => import('../features/workshop/WorkshopPage.tsx'));

function Shell() {
  return (
    <div className="app">
      <header className="app-header">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">Rs</span> Rust Backend Workbook
        </Link>
        <nav aria-label="Sections" className="sections">
          <Link to="/">Lessons</Link>
          <Link to="/lab">Benchmark lab</Link>
        </nav>
        <RuntimeBadge />
        <ThemeToggle />
      </header>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <Outlet />
      </Suspense>
    </div>
  );
}

export const router = createBrowserRouter([
  // The pop-out instructor notes: a window of its own, without the header.
  {
    path: '/notes',
    element: (
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <NotesPage />
      </Suspense>
    ),
  },
  {
    element: <Shell />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/lessons/:slug', element: <LessonPage /> },
      { path: '/lab', element: <LabPage /> },
      { path: '/schedule', element: <SchedulePage /> },
      { path: '/workshop', element: <WorkshopPage /> },
      { path: '*', element: <HomePage /> },
    ],
  },
]);
