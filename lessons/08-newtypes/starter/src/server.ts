import http from 'node:http';
import type { Email, UserId, UserName } from './domain.js';
import { createUser, findUser } from './users.js';

const HOME = `<!doctype html>
<title>Lesson 08: newtypes at the boundary</title>
<h1>Users</h1>
<ul>
  <li><a href="/users/1">GET /users/1</a>: a user (ids 1 and 2 exist)</li>
  <li><a href="/users/0">GET /users/0</a>, <a href="/users/12abc">/users/12abc</a>, <a href="/users/1e3">/users/1e3</a>: should be 400 with a reason</li>
  <li>POST /users with <code>{"name": " Linus ", "email": "Linus@Example.COM"}</code>: 201, stored trimmed with the domain lower-cased</li>
</ul>`;

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown> | undefined> {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function createServer(): http.Server {
  return http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(HOME);
      return;
    }

    // TODO: this is the boundary. Parse the raw id with parseUserId and answer 400 { error } when
    // it is invalid, instead of casting: `as UserId` tells the compiler "trust me" and checks nothing.
    const byId = /^\/users\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && byId) {
      const user = findUser(Number(byId[1]) as UserId);
      if (user) sendJson(res, 200, user);
      else sendJson(res, 404, { error: `no user with id ${byId[1]}` });
      return;
    }

    // TODO: same for the body: parse name and email, answer 400 with the reason, and pass on the
    // parsed values (they are normalised), never the raw ones.
    if (req.method === 'POST' && url.pathname === '/users') {
      const body = await readJson(req);
      if (!body) return sendJson(res, 400, { error: 'request body must be a JSON object' });
      const created = createUser(body.name as UserName, body.email as Email);
      if (created.ok) sendJson(res, 201, created.value);
      else sendJson(res, 409, { error: created.error });
      return;
    }

    sendJson(res, 404, { error: 'not found' });
  });
}
