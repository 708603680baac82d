import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.js';
import { InvalidInputError } from '../src/errors.js';
import { toErrorResponse } from '../src/http-errors.js';
import { BrokenStore, MemoryStore, type UserStore } from '../src/store.js';
import { UserService } from '../src/users.js';

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
  const created = await call('POST', '/users', JSON.stringify({ name: '  Linus ', email: 'linus@example.com' }));
  assert.equal(created.status, 201, `POST /users with a new email should answer 201, got ${created.status}: ${created.text}`);
  assert.deepEqual(
    { name: created.json?.name, email: created.json?.email },
    { name: 'Linus', email: 'linus@example.com' },
    `POST /users should store and answer the trimmed name and the email it was given, got ${created.text}`,
  );
});

test('a request the client got wrong answers 400 with the reason', async () => {
  const badId = await call('GET', '/users/abc');
  assert.equal(badId.status, 400, `GET /users/abc should answer 400 (invalid id), got ${badId.status}: throw an InvalidInputError`);
  assert.equal(badId.json?.error?.code, 'invalid_input', `the error code for a bad id should be "invalid_input", body was ${badId.text}`);
  assert.match(badId.json?.error?.message ?? '', /id/, 'a 400 should tell the client what is wrong (mention the id)');

  const badEmail = await call('POST', '/users', JSON.stringify({ name: 'Ken', email: 'not-an-email' }));
  assert.equal(badEmail.status, 400, `POST /users with a malformed email should answer 400, got ${badEmail.status}`);
  assert.match(badEmail.json?.error?.message ?? '', /email/, 'the 400 for a malformed email should mention the email');

  const badName = await call('POST', '/users', JSON.stringify({ name: '   ', email: 'ken@example.com' }));
  assert.equal(badName.status, 400, `POST /users with a blank name should answer 400, got ${badName.status}`);
  assert.equal(badName.json?.error?.code, 'invalid_input', `the error code for a blank name should be "invalid_input", body was ${badName.text}`);
  assert.match(badName.json?.error?.message ?? '', /name/, 'the 400 for a blank name should mention the name');
});

test('InvalidInputError names the field that is wrong (id, name or email)', async () => {
  const service = new UserService(new MemoryStore());
  const cases: [string, () => Promise<unknown>][] = [
    ['id', () => service.getUser('abc')],
    ['name', () => service.createUser({ name: '', email: 'ken@example.com' })],
    ['email', () => service.createUser({ name: 'Ken', email: 'not-an-email' })],
  ];
  for (const [field, run] of cases) {
    const err = await run().then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof InvalidInputError, `a bad ${field} should throw an InvalidInputError, got ${String(err)}`);
    assert.equal(err.field, field, `the InvalidInputError for a bad ${field} should have field "${field}" (new InvalidInputError('${field}', message)), got "${err.field}"`);
  }
});

test('a missing user answers 404 and a taken email answers 409', async () => {
  const missing = await call('GET', '/users/42');
  assert.equal(missing.status, 404, `GET /users/42 should answer 404 (no such user), got ${missing.status}: throw a NotFoundError`);
  assert.equal(missing.json?.error?.code, 'not_found', `the error code for a missing user should be "not_found", body was ${missing.text}`);
  assert.match(missing.json?.error?.message ?? '', /42/, `the 404 should tell the client which user is missing (mention 42), body was ${missing.text}`);

  const taken = await call('POST', '/users', JSON.stringify({ name: 'Ada again', email: 'ada@example.com' }));
  assert.equal(taken.status, 409, `POST /users with an email already registered should answer 409, got ${taken.status}: throw a ConflictError`);
  assert.equal(taken.json?.error?.code, 'conflict', `the error code for a taken email should be "conflict", body was ${taken.text}`);
  assert.match(taken.json?.error?.message ?? '', /ada@example\.com/, `the 409 should say which email is taken, body was ${taken.text}`);
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

test('a store failure in createUser is wrapped with context too, keeping the cause', async () => {
  const failure = new Error('connect ECONNREFUSED 10.0.4.12:5432');
  // Each store call fails in turn: the email lookup (BrokenStore), then the insert (lookup works).
  const insertFails: UserStore = {
    find: async () => undefined,
    findByEmail: async () => undefined,
    insert: async () => {
      throw failure;
    },
  };
  const broken = new BrokenStore();
  for (const [what, store, original] of [
    ['checking whether the email is taken', broken, broken.failure],
    ['inserting the new user', insertFails, failure],
  ] as const) {
    const err = await new UserService(store).createUser({ name: 'Ken', email: 'ken@example.com' }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof Error, `createUser should reject when the store fails while ${what}`);
    assert.ok(err !== original, `when the store fails while ${what}, throw a new Error that says what the service was doing, not the store's error itself`);
    assert.ok(err.message.trim() !== '' && err.message !== original.message, `the error thrown while ${what} should say what the service was doing, it says "${err.message}"`);
    assert.equal(err.cause, original, `the error thrown while ${what} should keep the store's error as its \`cause\``);
  }
});

test('toErrorResponse never passes on the message of an unexpected error', () => {
  for (const thrown of [new Error('SELECT * FROM users WHERE password = ...'), new TypeError("Cannot read properties of undefined (reading 'id')"), 'a string']) {
    const { status, body } = toErrorResponse(thrown);
    assert.equal(status, 500, `toErrorResponse(${String(thrown)}) should be a 500, got ${status}`);
    assert.equal(body.error.message, 'internal server error', `toErrorResponse(${String(thrown)}) should answer "internal server error", not "${body.error.message}"`);
  }
});
