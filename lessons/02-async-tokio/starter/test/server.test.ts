import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer } from '../src/server.js';
import { findUser, LOOKUP_DELAY_MS } from '../src/users.js';

// One lookup takes LOOKUP_DELAY_MS (250 ms). Five of them one after another take at least 1250 ms;
// five at once take a little over 250 ms. The limit sits far from both, for slow shared machines.
const CONCURRENT_LIMIT_MS = LOOKUP_DELAY_MS * 3;

const server = createServer();
let base = '';

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

async function getJson(path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(base + path);
  return { status: res.status, body: await res.json() };
}

test('findUser returns a Promise without holding the thread', async () => {
  const started = performance.now();
  const pending: unknown = findUser(1);
  const heldMs = Math.round(performance.now() - started);
  assert.ok(
    heldMs < LOOKUP_DELAY_MS / 2,
    `calling findUser(1) took ${heldMs} ms before it returned: it still blocks the thread ` +
      '(marking a function async does not help if it waits synchronously inside; wait on a timer instead)',
  );
  assert.ok(pending instanceof Promise, 'findUser(1) should return a Promise, so callers can await it');
  assert.deepEqual(
    await pending,
    { id: 1, name: 'Ada', email: 'ada@example.com' },
    'findUser(1) should resolve to the user with id 1',
  );
});

test('GET /users/:id answers the user as JSON, or 404', async () => {
  const found = await getJson('/users/2');
  assert.equal(found.status, 200, `GET /users/2 should answer 200, got ${found.status}`);
  assert.equal(found.body.name, 'Grace', 'GET /users/2 should answer the user named Grace (did you forget an await?)');
  const missing = await getJson('/users/99');
  assert.equal(missing.status, 404, `GET /users/99 should answer 404 (no such user), got ${missing.status}`);
});

test('five concurrent requests finish in about the time of one', async () => {
  const started = performance.now();
  const answers = await Promise.all([1, 2, 3, 4, 5].map((id) => getJson(`/users/${id}`)));
  const ms = Math.round(performance.now() - started);
  assert.deepEqual(
    answers.map((a) => a.body.id),
    [1, 2, 3, 4, 5],
    'each of GET /users/1..5 should answer its own user',
  );
  assert.ok(
    ms < CONCURRENT_LIMIT_MS,
    `5 concurrent GET /users/:id took ${ms} ms, but one lookup takes ${LOOKUP_DELAY_MS} ms: the requests ` +
      'were served one after another because each lookup blocks the event loop',
  );
});

test('GET /health answers while a slow lookup is in flight', async () => {
  let lookupDoneAt = 0;
  const lookup = fetch(`${base}/users/3`).then(async (res) => {
    await res.arrayBuffer();
    lookupDoneAt = performance.now();
  });
  await sleep(30); // let the lookup start first
  const res = await fetch(`${base}/health`);
  await res.arrayBuffer();
  const healthDoneAt = performance.now();
  await lookup;
  assert.ok(
    healthDoneAt < lookupDoneAt,
    'GET /health had to wait until GET /users/3 finished: while the lookup blocks the event loop, ' +
      'the server cannot answer anybody else',
  );
});

test('GET /users?ids=1,2,3,4,5 runs its lookups concurrently', async () => {
  const started = performance.now();
  const { status, body } = await getJson('/users?ids=1,2,3,4,5');
  const ms = Math.round(performance.now() - started);
  assert.equal(status, 200, `GET /users?ids=1,2,3,4,5 should answer 200, got ${status}`);
  assert.deepEqual(
    (body.users ?? []).map((u: { name?: string }) => u?.name),
    ['Ada', 'Grace', 'Linus', 'Barbara', 'Ken'],
    'the batch should answer the five users in the order asked (an array of Promises serialises as {}: await them)',
  );
  assert.ok(
    ms < CONCURRENT_LIMIT_MS,
    `the batch of 5 took ${ms} ms (one lookup takes ${LOOKUP_DELAY_MS} ms): the lookups ran one after ` +
      'another; start them all and wait for all of them together (Promise.all)',
  );
});
