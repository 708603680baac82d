import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createServer } from '../src/app.js';

/** Starts a fresh server (fresh store) on a free port for one test. */
async function start(t: { after(fn: () => void | Promise<void>): void }): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function call(base: string, method: string, path: string, body?: string) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The non-empty `error` message of a JSON error body, or undefined. */
function errorOf(r: { json: unknown }): string | undefined {
  const error = (r.json as { error?: unknown } | undefined)?.error;
  return typeof error === 'string' && error.trim() !== '' ? error : undefined;
}

test('GET /users/{id} answers the user as JSON, or 404 when no user has that id', async (t) => {
  const base = await start(t);
  const ok = await call(base, 'GET', '/users/1');
  assert.equal(ok.status, 200, `GET /users/1 should answer 200, got ${ok.status}`);
  assert.match(ok.headers.get('content-type') ?? '', /application\/json/, 'responses must be JSON (content-type: application/json)');
  assert.deepEqual(ok.json, { id: 1, name: 'Ada Lovelace', email: 'ada@example.com' }, 'GET /users/1 should return Ada');

  const missing = await call(base, 'GET', '/users/99');
  assert.equal(missing.status, 404, `GET /users/99 should answer 404 (no such user), got ${missing.status}`);
  assert.ok(errorOf(missing), 'a 404 should still be JSON: {"error": "..."} with a message');
});

test('an id that is not a positive integer is rejected with 400 at the boundary', async (t) => {
  const base = await start(t);
  for (const bad of ['abc', '0', '-1', '1.5', '7abc', '1e3']) {
    const r = await call(base, 'GET', `/users/${bad}`);
    assert.equal(
      r.status,
      400,
      `GET /users/${bad} should answer 400 (invalid id), got ${r.status}: accept digits only and ids above 0 (beware: parseInt("7abc") is 7)`,
    );
    assert.ok(errorOf(r), `the 400 for GET /users/${bad} should be JSON {"error": "..."} saying the id is invalid`);
  }
});

test('POST /users creates a user: 201, a Location header, and the user is then readable', async (t) => {
  const base = await start(t);
  const created = await call(base, 'POST', '/users', JSON.stringify({ name: 'Linus', email: 'linus@example.com' }));
  assert.equal(created.status, 201, `POST /users with a valid body should answer 201 Created, got ${created.status}`);
  const user = created.json as { id?: unknown; name?: unknown } | undefined;
  assert.equal(typeof user?.id, 'number', 'the 201 body should be the new user, with its numeric id');
  assert.equal(user?.name, 'Linus', 'the 201 body should echo the stored name');
  assert.equal(created.headers.get('location'), `/users/${String(user?.id)}`, 'a 201 should carry Location: /users/<new id>');

  const read = await call(base, 'GET', `/users/${String(user?.id)}`);
  assert.equal(read.status, 200, `GET on the new user's Location should answer 200, got ${read.status}`);
  assert.deepEqual(read.json, created.json, 'the stored user should be what POST returned');
});

test('POST /users rejects a bad body with 400 and stores nothing', async (t) => {
  const base = await start(t);
  const bodies: [string, string][] = [
    ['{"name": "Ada"', 'malformed JSON'],
    ['[]', 'a JSON array instead of an object'],
    ['{}', 'no fields at all'],
    ['null', 'JSON null instead of an object'],
    ['{"name": "", "email": "x@example.com"}', 'an empty name'],
    ['{"name": "   ", "email": "x@example.com"}', 'a name of spaces only'],
    ['{"name": "Bob", "email": "bob smith@example.com"}', 'an email with a space before the @'],
    ['{"name": "Bob", "email": "bob@example.com and more"}', 'an email followed by more text'],
    ['{"name": "Bob", "email": ["bob@example.com"]}', 'an email that is an array, not a string'],
    ['{"name": 42, "email": "x@example.com"}', 'a name that is not a string'],
    ['{"name": "Bob", "email": "not-an-email"}', 'an email without @'],
    [JSON.stringify({ name: 'x'.repeat(101), email: 'x@example.com' }), 'a name longer than 100 characters'],
  ];
  for (const [body, what] of bodies) {
    const r = await call(base, 'POST', '/users', body);
    assert.equal(r.status, 400, `POST /users with ${what} should answer 400, got ${r.status}`);
    assert.ok(errorOf(r), `the 400 for ${what} should be JSON {"error": "..."} saying what is wrong`);
  }
  const list = await call(base, 'GET', '/users');
  assert.equal((list.json as unknown[]).length, 2, 'rejected bodies must not create users: /users should still list 2');
});

test('a method the route does not support answers 405 with an Allow header', async (t) => {
  const base = await start(t);
  const del = await call(base, 'DELETE', '/users');
  assert.equal(del.status, 405, `DELETE /users should answer 405 Method Not Allowed, got ${del.status}`);
  assert.match(del.headers.get('allow') ?? '', /GET.*POST|POST.*GET/, 'a 405 on /users should say which methods work: Allow: GET, POST');

  const put = await call(base, 'PUT', '/users/1', '{}');
  assert.equal(put.status, 405, `PUT /users/1 should answer 405, got ${put.status}`);
  assert.equal(put.headers.get('allow'), 'GET', 'a 405 on /users/{id} should carry Allow: GET');
  assert.ok(errorOf(del) && errorOf(put), 'a 405 should be JSON {"error": "..."} too, like every other error');

  const unknown = await call(base, 'GET', '/nope');
  assert.equal(unknown.status, 404, `an unknown path should answer 404, got ${unknown.status}`);
});

test('POST /users stores the trimmed name, accepts exactly 100 characters, and refuses a body too large with 413', async (t) => {
  const base = await start(t);
  const spaced = await call(base, 'POST', '/users', JSON.stringify({ name: '  Grace Hopper  ', email: 'grace@example.com' }));
  assert.equal(spaced.status, 201, `a name with spaces around it is valid (trim it), got ${spaced.status}`);
  assert.equal((spaced.json as { name?: unknown }).name, 'Grace Hopper', 'the stored name should be trimmed');

  const longest = await call(base, 'POST', '/users', JSON.stringify({ name: 'x'.repeat(100), email: 'x@example.com' }));
  assert.equal(longest.status, 201, `a name of exactly 100 characters is allowed ("at most 100"), got ${longest.status}`);

  const huge = await call(base, 'POST', '/users', JSON.stringify({ name: 'x'.repeat(20_000), email: 'x@example.com' }));
  assert.equal(huge.status, 413, `a body over readBody's 16 KiB limit should answer 413 Payload Too Large, got ${huge.status}`);
  assert.ok(errorOf(huge), 'the 413 should be JSON {"error": "..."} too');
});
