import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createServer } from '../src/server.js';

const server = createServer();
let base = '';

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(base + path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // leave null
  }
  return { status: res.status, text, json };
}

test('GET /users/:id parses the id at the boundary', async () => {
  const found = await call('GET', '/users/1');
  assert.equal(found.status, 200, `GET /users/1 should answer 200, got ${found.status}`);
  for (const raw of ['0', '12abc', '1e3', '-4']) {
    const res = await call('GET', `/users/${raw}`);
    assert.equal(res.status, 400, `GET /users/${raw} should answer 400 (invalid id), got ${res.status}: parse with parseUserId instead of casting`);
    assert.match(res.json?.error ?? '', /user id/, `the 400 for /users/${raw} should carry parseUserId's message, body was ${res.text}`);
  }
  const missing = await call('GET', '/users/99');
  assert.equal(missing.status, 404, `GET /users/99 is a valid id with no user: 404, got ${missing.status}`);
  assert.match(missing.json?.error ?? '', /99/, `the 404 for /users/99 should still answer { "error": "no user with id 99" }, body was ${missing.text}`);
});

test('POST /users rejects an invalid body with the reason', async () => {
  const badEmail = await call('POST', '/users', { name: 'Ken', email: 'ken-at-example.com' });
  assert.equal(badEmail.status, 400, `POST /users with email "ken-at-example.com" should answer 400, got ${badEmail.status}: ${badEmail.text}`);
  assert.match(badEmail.json?.error ?? '', /email/, `the 400 should say what is wrong with the email, body was ${badEmail.text}`);
  const badName = await call('POST', '/users', { name: '   ', email: 'ken@example.com' });
  assert.equal(badName.status, 400, `POST /users with a blank name should answer 400, got ${badName.status}: ${badName.text}`);
  assert.match(badName.json?.error ?? '', /name/, `the 400 should say what is wrong with the name, body was ${badName.text}`);
});

test('POST /users stores the parsed (normalised) values, not the raw input', async () => {
  const created = await call('POST', '/users', { name: ' Linus ', email: ' Linus@Example.COM' });
  assert.equal(created.status, 201, `POST /users with a valid body should answer 201, got ${created.status}: ${created.text}`);
  assert.deepEqual(
    { name: created.json?.name, email: created.json?.email },
    { name: 'Linus', email: 'Linus@example.com' },
    'the stored user should have the parsed name and email (trimmed, domain lower-cased): pass the parsed values on, not the raw ones',
  );
  const again = await call('POST', '/users', { name: 'Ada L.', email: 'ada@EXAMPLE.com ' });
  assert.equal(
    again.status,
    409,
    `"ada@EXAMPLE.com " is the same address as Ada's "ada@example.com": expected 409, got ${again.status}. ` +
      'Validating the raw email and then storing it unchanged lets duplicates in.',
  );
});
