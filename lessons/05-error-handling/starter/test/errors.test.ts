import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.js';
import { toErrorResponse } from '../src/http-errors.js';

const logged: unknown[] = [];
const server = createApp({ log: (err) => logged.push(err) });
let base = '';

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

async function call(method: string, path: string, body?: string) {
  const res = await fetch(base + path, { method, body, headers: { 'content-type': 'application/json' } });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // leave null: the assertions below say what was expected
  }
  return { status: res.status, text, json };
}

test('the happy paths still work', async () => {
  const found = await call('GET', '/users/1');
  assert.equal(found.status, 200, `GET /users/1 should answer 200, got ${found.status}: ${found.text}`);
  assert.equal(found.json?.name, 'Ada', 'GET /users/1 should answer Ada');
  const created = await call('POST', '/users', JSON.stringify({ name: 'Linus', email: 'linus@example.com' }));
  assert.equal(created.status, 201, `POST /users with a new email should answer 201, got ${created.status}: ${created.text}`);
});

test('a request the client got wrong answers 400 with the reason', async () => {
  const badId = await call('GET', '/users/abc');
  assert.equal(badId.status, 400, `GET /users/abc should answer 400 (invalid id), got ${badId.status}: throw an InvalidInputError`);
  assert.equal(badId.json?.error?.code, 'invalid_input', `the error code for a bad id should be "invalid_input", body was ${badId.text}`);
  assert.match(badId.json?.error?.message ?? '', /id/, 'a 400 should tell the client what is wrong (mention the id)');

  const badEmail = await call('POST', '/users', JSON.stringify({ name: 'Ken', email: 'not-an-email' }));
  assert.equal(badEmail.status, 400, `POST /users with a malformed email should answer 400, got ${badEmail.status}`);
  assert.match(badEmail.json?.error?.message ?? '', /email/, 'the 400 for a malformed email should mention the email');
});

test('a missing user answers 404 and a taken email answers 409', async () => {
  const missing = await call('GET', '/users/42');
  assert.equal(missing.status, 404, `GET /users/42 should answer 404 (no such user), got ${missing.status}: throw a NotFoundError`);
  assert.equal(missing.json?.error?.code, 'not_found', `the error code for a missing user should be "not_found", body was ${missing.text}`);

  const taken = await call('POST', '/users', JSON.stringify({ name: 'Ada again', email: 'ada@example.com' }));
  assert.equal(taken.status, 409, `POST /users with an email already registered should answer 409, got ${taken.status}: throw a ConflictError`);
  assert.equal(taken.json?.error?.code, 'conflict', `the error code for a taken email should be "conflict", body was ${taken.text}`);
});

test('a database outage answers a bare 500 that leaks nothing', async () => {
  const res = await call('GET', '/outage/users/1');
  assert.equal(res.status, 500, `GET /outage/users/1 (database down) should answer 500, got ${res.status}: an outage is not the client's fault, nor a missing user`);
  assert.deepEqual(
    res.json,
    { error: { code: 'internal', message: 'internal server error' } },
    `a 500 should answer exactly {"error":{"code":"internal","message":"internal server error"}}, got ${res.text}`,
  );
  assert.doesNotMatch(res.text, /10\.0\.4\.12|postgres|ECONNREFUSED/, 'the 500 body leaks the database address: never send an unexpected error\'s message to the client');
});

test('the outage is logged with context and the original error as its cause', async () => {
  logged.length = 0;
  await call('GET', '/outage/users/2');
  assert.equal(logged.length, 1, `one unexpected error should be logged per failed request, ${logged.length} were`);
  const err = logged[0];
  assert.ok(err instanceof Error, 'the logged value should be an Error');
  assert.match(err.message, /user 2|user with id 2/, `the logged error should say what the service was doing (loading user 2), it says "${err.message}"`);
  assert.ok(err.cause instanceof Error, 'the logged error has no `cause`: wrap the store error with new Error(message, { cause: err }) instead of replacing it');
  assert.match(err.cause.message, /ECONNREFUSED/, 'the cause should be the store\'s original error (ECONNREFUSED …), kept for the logs');
});

test('toErrorResponse never passes on the message of an unexpected error', () => {
  for (const thrown of [new Error('SELECT * FROM users WHERE password = ...'), new TypeError("Cannot read properties of undefined (reading 'id')"), 'a string']) {
    const { status, body } = toErrorResponse(thrown);
    assert.equal(status, 500, `toErrorResponse(${String(thrown)}) should be a 500, got ${status}`);
    assert.equal(body.error.message, 'internal server error', `toErrorResponse(${String(thrown)}) should answer "internal server error", not "${body.error.message}"`);
  }
});
