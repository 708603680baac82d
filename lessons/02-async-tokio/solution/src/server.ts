import http from 'node:http';
import { findUser, LOOKUP_DELAY_MS } from './users.js';

const HOME = `<!doctype html>
<title>Lesson 02: async lookups</title>
<h1>User lookups</h1>
<p>Every lookup takes ${LOOKUP_DELAY_MS} ms, like a query to a remote database.</p>
<ul>
  <li><a href="/users/1">GET /users/1</a>: one user as JSON (ids 1 to 5 exist)</li>
  <li><a href="/users?ids=1,2,3,4,5">GET /users?ids=1,2,3,4,5</a>: several users, with the time it took</li>
  <li><a href="/health">GET /health</a>: answers at once, unless something is blocking the event loop</li>
</ul>`;

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export function createServer(): http.Server {
  return http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');

    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(HOME);
      return;
    }
    if (url.pathname === '/health') {
      sendJson(res, 200, { ok: true });
      return;
    }

    const one = /^\/users\/(\d+)$/.exec(url.pathname);
    if (one) {
      const user = await findUser(Number(one[1]));
      if (user) sendJson(res, 200, user);
      else sendJson(res, 404, { error: `no user with id ${one[1]}` });
      return;
    }

    // The lookups do not depend on each other: start them all, then wait for all of them.
    if (url.pathname === '/users') {
      const started = performance.now();
      const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean).map(Number);
      const users = await Promise.all(ids.map((id) => findUser(id)));
      sendJson(res, 200, { users, ms: Math.round(performance.now() - started) });
      return;
    }

    sendJson(res, 404, { error: 'not found' });
  });
}
