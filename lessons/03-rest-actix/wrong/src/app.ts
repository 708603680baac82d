import http from 'node:http';
import { BodyTooLargeError, HOME_PAGE, readBody, sendJson } from './http.js';
import { UserStore, type NewUser } from './store.js';

/** Builds the server without listening, so tests can start it on port 0. */
export function createServer(store: UserStore = new UserStore()): http.Server {
  return http.createServer((req, res) => {
    handle(store, req, res).catch((e: unknown) => {
      console.error(e);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    });
  });
}

async function handle(store: UserStore, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';

  if (pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(HOME_PAGE);
    return;
  }

  if (pathname === '/users') {
    if (method === 'GET') return sendJson(res, 200, store.list());
    if (method === 'POST') return createUser(store, req, res);
    return sendJson(res, 405, { error: `${method} is not allowed on /users` }, { allow: 'GET, POST' });
  }

  const match = /^\/users\/([^/]+)$/.exec(pathname);
  if (match) {
    if (method !== 'GET') return sendJson(res, 405, { error: `${method} is not allowed on ${pathname}` }, { allow: 'GET' });
    const id = parseId(match[1]!);
    if (id === undefined) return sendJson(res, 400, { error: `invalid user id "${match[1]}": expected a positive integer` });
    const user = store.get(id);
    if (!user) return sendJson(res, 404, { error: `user ${id} not found` });
    return sendJson(res, 200, user);
  }

  sendJson(res, 404, { error: `no route for ${method} ${pathname}` });
}

/** The `{id}` segment as a user id: digits only and greater than zero, or undefined. */
export function parseId(text: string): number | undefined {
  const id = parseInt(text, 10);
  return Number.isNaN(id) ? undefined : id;
}

/** Checks a parsed JSON body field by field. Returns the new user, or a message saying what is wrong. */
export function parseNewUser(body: unknown): NewUser | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body must be a JSON object';
  const { name, email } = body as Record<string, unknown>;
  if (typeof name !== 'string' || name.trim() === '') return '"name" must be a non-empty string';
  if (name.length > 100) return '"name" must be at most 100 characters';
  if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(email)) return '"email" must be an email address';
  return { name: name.trim(), email };
}

async function createUser(store: UserStore, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req));
  } catch (e) {
    if (e instanceof BodyTooLargeError) return sendJson(res, 413, { error: e.message });
    return sendJson(res, 400, { error: 'body is not valid JSON' });
  }
  const input = parseNewUser(body);
  if (typeof input === 'string') return sendJson(res, 400, { error: input });
  const user = store.create(input);
  sendJson(res, 201, user, { location: `/users/${user.id}` });
}
