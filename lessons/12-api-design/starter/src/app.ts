import http from 'node:http';
import { openapi } from './openapi.js';
import { findUser, listUsers, toV1 } from './users.js';

const HOME = `<!doctype html>
<html><head><meta charset="utf-8"><title>Users API</title></head><body>
<h1>Users API</h1>
<ul>
  <li><a href="/v1/users">GET /v1/users</a>: all users (v1 shape)</li>
  <li><a href="/v1/users/1">GET /v1/users/1</a>: one user (v1 shape)</li>
  <li><a href="/v2/users/1">GET /v2/users/1</a>: one user (v2 shape)</li>
  <li><a href="/openapi.json">GET /openapi.json</a>: the OpenAPI 3 contract of both versions</li>
</ul>
</body></html>
`;

export function createApp(): http.Server {
  return http.createServer((req, res) => {
    const send = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': `${type}; charset=utf-8` });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET') return send(405, { error: 'method not allowed' });

    if (path === '/') return send(200, HOME, 'text/html');
    if (path === '/openapi.json') return send(200, openapi);

    // ---- v1: frozen ----
    if (path === '/v1/users') return send(200, listUsers().map(toV1));
    const v1 = /^\/v1\/users\/(\d+)$/.exec(path);
    if (v1) {
      const user = findUser(Number(v1[1]));
      return user ? send(200, toV1(user)) : send(404, { error: 'user not found' });
    }

    // ---- v2 ----
    // TODO: GET /v2/users/:id (see the exercise)

    return send(404, { error: 'not found' });
  });
}
