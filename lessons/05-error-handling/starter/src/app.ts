import http from 'node:http';
import { formatErrorChain, InvalidInputError } from './errors.js';
import { toErrorResponse } from './http-errors.js';
import { BrokenStore, MemoryStore } from './store.js';
import { UserService } from './users.js';

const HOME = `<!doctype html>
<title>Lesson 05: errors at the boundary</title>
<h1>Users</h1>
<ul>
  <li><a href="/users/1">GET /users/1</a>: a user (ids 1 and 2 exist)</li>
  <li><a href="/users/abc">GET /users/abc</a>: an invalid id, should be 400</li>
  <li><a href="/users/42">GET /users/42</a>: no such user, should be 404</li>
  <li>POST /users with <code>{"name": "Linus", "email": "linus@example.com"}</code>: 201, or 409 if the email is taken</li>
  <li><a href="/outage/users/1">GET /outage/users/1</a>: the same lookup with the database down, should be a bare 500</li>
</ul>`;

export interface AppOptions {
  /** Where unexpected errors go. Tests pass their own to look at what was logged. */
  log?: (err: unknown) => void;
}

export function createApp({ log = (err) => console.error(formatErrorChain(err)) }: AppOptions = {}) {
  const users = new UserService(new MemoryStore());
  // The same service over a database that is down, so the Preview (and the tests) can show an outage.
  const outage = new UserService(new BrokenStore());
  return http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'GET' && url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(HOME);
        return;
      }
      const byId = /^\/(outage\/)?users\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && byId) {
        const service = byId[1] ? outage : users;
        sendJson(res, 200, await service.getUser(byId[2] ?? ''));
        return;
      }
      if (req.method === 'POST' && url.pathname === '/users') {
        sendJson(res, 201, await users.createUser(await readJson(req)));
        return;
      }
      sendJson(res, 404, { error: { code: 'not_found', message: `no route for ${req.method} ${url.pathname}` } });
    } catch (err) {
      // The one place where errors become HTTP: every route above just throws.
      const { status, body } = toErrorResponse(err);
      if (status >= 500) log(err);
      sendJson(res, status, body);
    }
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidInputError('body', 'request body must be JSON');
  }
}
