/* global self, caches, fetch, URL, Response */
/**
 * The workbook's service worker (written to dist/sw.js by site/build/service-worker-plugin.ts, which
 * fills in PRECACHE and VERSION). What it buys: the app shell, Monaco, its TypeScript worker, the
 * lesson types and every lesson work offline once a page has been opened (a workshop on a flaky
 * Wi-Fi, a train), and a second page never re-downloads the editor.
 *   - /assets/ (hashed, immutable): from the cache, else the network (and cached).
 *   - pages (navigations): always the network first, so a rebuilt site's index.html is never served
 *     stale; the cached copy only when the network fails.
 *   - /api/, /preview/ and anything else: not intercepted.
 * A new build has a new VERSION: its worker takes over at once and drops the old caches.
 */
const VERSION = '__VERSION__';
const PRECACHE = /** @type {string[]} */ (JSON.parse('__PRECACHE__'));
const CACHE = `workbook-${VERSION}`;
const SHELL = '/index.html';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([SHELL, ...PRECACHE]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('workbook-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      caches.open(CACHE).then(async (cache) => {
        const hit = await cache.match(request, { ignoreSearch: true });
        if (hit) return hit;
        const response = await fetch(request);
        if (response.ok) await cache.put(request, response.clone());
        return response;
      }),
    );
    return;
  }
  if (request.mode === 'navigate' && !url.pathname.startsWith('/api/') && !url.pathname.startsWith('/preview/')) {
    event.respondWith(
      fetch(request).catch(async () => {
        const cache = await caches.open(CACHE);
        return (await cache.match(SHELL)) ?? Response.error();
      }),
    );
  }
});
