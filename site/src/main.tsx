import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { router } from './app/App.tsx';
import { readToken } from './runtime/choose-runtime.ts';
import './styles.css';

// Keep the runner token (from the URL npm start printed) and take it out of the address bar,
// so it does not end up in bookmarks, screenshots or shared links.
readToken(location, localStorage);
const url = new URL(location.href);
if (url.searchParams.has('token')) {
  url.searchParams.delete('token');
  history.replaceState(history.state, '', url);
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);

// The service worker (site/build/service-worker.js): offline use and no re-download of the editor.
// Registered after the page has loaded, so its precache does not compete with the page's own requests.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined));
}
