import http from 'node:http';
import { HOME_PAGE, readBody, sendJson } from './http.js';
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
    // TODO: POST creates a user from the JSON body (201 + Location header; 400 for invalid JSON or fields),
    // and any other method answers 405 with an Allow header. `createUser` below is a start.
  }

  const match = /^\/users\/([^/]+)$/.exec(pathname);
  if (match) {
    // TODO: 400 when the id is invalid, 404 when no user has it, 405 (Allow: GET) for other methods.
    const id = parseId(match[1]!);
    return sendJson(res, 200, store.get(id ?? 0));
  }

  sendJson(res, 404, { error: `no route for ${method} ${pathname}` });
}

/** The `{id}` segment as a user id: digits only and greater than zero, or undefined. */
export function parseId(text: string): number | undefined {
  // TODO: only digits and greater than zero: "abc", "0", "-1", "1.5" and "7abc" are not ids.
  return Number(text);
}

/** Checks a parsed JSON body field by field. Returns the new user, or a message saying what is wrong. */
export function parseNewUser(body: unknown): NewUser | string {
  // TODO: an object with a non-empty "name" (at most 100 characters) and an "email" like a@b.
  return body as NewUser;
}

async function createUser(store: UserStore, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  // TODO: a body that is not JSON should be a 400 (and a too large one a 413, see BodyTooLargeError).
  const body: unknown = JSON.parse(await readBody(req));
  const input = parseNewUser(body);
  if (typeof input === 'string') return sendJson(res, 400, { error: input });
  const user = store.create(input);
  sendJson(res, 201, user, { location: `/users/${user.id}` });
}
