import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import { createApp } from '../src/app.js';

let server: http.Server;
let base: string;
before(async () => {
  server = createApp();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

async function get(path: string) {
  const res = await fetch(base + path);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, type: String(res.headers.get('content-type')), body };
}

type Schema = { [k: string]: unknown };
/** A small JSON Schema check (the subset OpenAPI docs here use); returns the problems found. */
function validate(doc: Schema, schema: Schema | undefined, value: unknown, at = '$'): string[] {
  if (!schema) return [`${at}: no schema documented`];
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const schemas = (doc.components as Schema | undefined)?.schemas as Record<string, Schema> | undefined;
    return validate(doc, schemas?.[name], value, at);
  }
  const type = schema.type;
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value;
  if (type && !(type === actual || (type === 'number' && actual === 'integer'))) return [`${at}: documented as ${String(type)}, got ${actual}`];
  const problems: string[] = [];
  if (type === 'string' && schema.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(String(value))) problems.push(`${at}: not a date`);
  if (type === 'string' && schema.format === 'date-time' && Number.isNaN(Date.parse(String(value)))) problems.push(`${at}: not a date-time`);
  if (type === 'array') (value as unknown[]).forEach((v, i) => problems.push(...validate(doc, schema.items as Schema, v, `${at}[${i}]`)));
  if (type === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const r of (schema.required ?? []) as string[]) if (!(r in obj)) problems.push(`${at}.${r}: required but missing`);
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) problems.push(...validate(doc, props[k], v, `${at}.${k}`));
      else if (schema.additionalProperties === false) problems.push(`${at}.${k}: not documented`);
    }
  }
  return problems;
}

test('v1 keeps its exact shape: GET /v1/users/1', async () => {
  const { status, body } = await get('/v1/users/1');
  assert.equal(status, 200, `GET /v1/users/1 should answer 200, got ${status}`);
  assert.deepEqual(
    body,
    { id: 1, name: 'Ada Lovelace', email: 'ada@example.com', created: '2015-12-10' },
    'the v1 JSON changed: existing clients parse exactly {id, name: "Given Family", email, created: "YYYY-MM-DD"}; put new shapes in v2',
  );
});

test('v1 list and v1 errors are unchanged', async () => {
  const list = await get('/v1/users');
  assert.ok(Array.isArray(list.body), 'GET /v1/users must still answer a bare JSON array');
  assert.deepEqual(
    Object.keys((list.body as object[])[0] ?? {}).sort(),
    ['created', 'email', 'id', 'name'],
    'each user in GET /v1/users must keep exactly the fields id, name, email, created',
  );
  const missing = await get('/v1/users/99');
  assert.equal(missing.status, 404, 'GET /v1/users/99 should answer 404');
  assert.deepEqual(missing.body, { error: 'user not found' }, 'v1 clients read errors as {"error": "..."}: keep it');
});

test('GET /v2/users/1 answers the new shape', async () => {
  const { status, body } = await get('/v2/users/1');
  assert.equal(status, 200, `GET /v2/users/1 should answer 200, got ${status}`);
  assert.deepEqual(
    body,
    { id: 1, name: { given: 'Ada', family: 'Lovelace' }, email: 'ada@example.com', createdAt: '2015-12-10T09:30:00.000Z' },
    'v2 should answer {id, name: {given, family}, email, createdAt: full ISO 8601 timestamp}',
  );
});

test('v2 errors are problem+json with the right status (404 unknown, 400 malformed id)', async () => {
  for (const [path, status] of [['/v2/users/99', 404], ['/v2/users/abc', 400], ['/v2/users/0', 400]] as const) {
    const res = await get(path);
    assert.equal(res.status, status, `GET ${path} should answer ${status}, got ${res.status}`);
    assert.match(res.type, /^application\/problem\+json/, `GET ${path} should be application/problem+json (RFC 9457), got ${res.type}`);
    const body = res.body as { title?: unknown; status?: unknown };
    assert.equal(body.status, status, `the problem body of GET ${path} should repeat "status": ${status}`);
    assert.equal(typeof body.title, 'string', `the problem body of GET ${path} needs a "title"`);
  }
});

test('v2 answers 400 for every id that is not a positive integer, and only /v2/users/:id exists', async () => {
  for (const raw of ['1a', 'a1', '-1', '1.5']) {
    const res = await get(`/v2/users/${raw}`);
    assert.equal(res.status, 400, `GET /v2/users/${raw} should answer 400 (not a positive integer: match the whole id, from start to end), got ${res.status}`);
  }
  for (const path of ['/v2/users', '/v2/users/1/extra', '/api/v2/users/1', '/nope']) {
    const res = await get(path);
    assert.equal(res.status, 404, `GET ${path} is no route of the API and should answer 404, got ${res.status}: match /^\\/v2\\/users\\/([^/]+)$/ exactly`);
  }
});

test('v2 problem bodies carry all four RFC 9457 members: type, title, status and detail', async () => {
  for (const path of ['/v2/users/99', '/v2/users/abc']) {
    const res = await get(path);
    const body = (res.body ?? {}) as Record<string, unknown>;
    for (const member of ['type', 'title', 'detail']) {
      assert.equal(typeof body[member], 'string', `the problem body of GET ${path} needs a string "${member}" (RFC 9457: type, title, status, detail), body was ${JSON.stringify(res.body)}`);
      assert.notEqual(String(body[member]).trim(), '', `the "${member}" of the problem body of GET ${path} is empty: type is a URI (about:blank when there is no specific one), title a short summary, detail what went wrong this time`);
    }
    assert.equal(typeof body.status, 'number', `the problem body of GET ${path} needs a numeric "status", body was ${JSON.stringify(res.body)}`);
  }
});

test('GET /openapi.json documents every route of both versions', async () => {
  const { status, body } = await get('/openapi.json');
  assert.equal(status, 200, 'GET /openapi.json should answer 200');
  const doc = body as { openapi?: string; paths?: Record<string, { get?: { responses?: Record<string, unknown> } }> };
  assert.match(String(doc.openapi), /^3\./, 'the document should be OpenAPI 3 ("openapi": "3.x")');
  for (const [path, codes] of [['/v1/users', ['200']], ['/v1/users/{id}', ['200', '404']], ['/v2/users/{id}', ['200', '400', '404']]] as const) {
    const responses = doc.paths?.[path]?.get?.responses;
    assert.ok(responses, `paths["${path}"].get is missing from /openapi.json`);
    for (const c of codes) assert.ok(responses[c], `paths["${path}"].get.responses["${c}"] is not documented`);
  }
});

test('what the server answers matches the schemas in /openapi.json', async () => {
  const doc = (await get('/openapi.json')).body as Schema & { paths: Record<string, Record<string, Schema>> };
  const cases: [string, string, string][] = [
    ['/v1/users', '/v1/users', '200'],
    ['/v1/users/2', '/v1/users/{id}', '200'],
    ['/v1/users/99', '/v1/users/{id}', '404'],
    ['/v2/users/2', '/v2/users/{id}', '200'],
    ['/v2/users/99', '/v2/users/{id}', '404'],
    ['/v2/users/abc', '/v2/users/{id}', '400'],
  ];
  for (const [url, path, code] of cases) {
    const res = await get(url);
    const responses = doc.paths?.[path]?.get?.responses as Record<string, Schema> | undefined;
    const content = (responses?.[code]?.content ?? {}) as Record<string, Schema>;
    const media = Object.keys(content).find((m) => res.type.startsWith(m));
    assert.ok(media, `GET ${url} answered ${res.type}, which responses["${code}"] of ${path} does not document`);
    const problems = validate(doc, content[media]!.schema as Schema, res.body);
    assert.deepEqual(problems, [], `GET ${url} does not match its documented schema:\n${problems.join('\n')}`);
  }
});

test('/openapi.json is a complete OpenAPI document: info, a description for each response, the path parameter', async () => {
  type Operation = { parameters?: { name?: unknown; in?: unknown; required?: unknown; schema?: Schema }[]; responses?: Record<string, { description?: unknown }> };
  const doc = (await get('/openapi.json')).body as { info?: { title?: unknown; version?: unknown }; paths?: Record<string, { parameters?: Operation['parameters']; get?: Operation }> };
  for (const field of ['title', 'version'] as const) {
    const value = doc.info?.[field];
    assert.ok(typeof value === 'string' && value.trim() !== '', `info.${field} is required by OpenAPI and should be a non-empty string, got ${JSON.stringify(value)}`);
  }
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [code, response] of Object.entries(item.get?.responses ?? {})) {
      const d = response.description;
      assert.ok(typeof d === 'string' && d.trim() !== '', `paths["${path}"].get.responses["${code}"] needs a description (OpenAPI requires one), got ${JSON.stringify(d)}`);
    }
    for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
      const param = [...(item.parameters ?? []), ...(item.get?.parameters ?? [])].find((p) => p.name === name && p.in === 'path');
      assert.ok(param, `paths["${path}"].get should document its path parameter: parameters: [{ name: '${name}', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }] (as /v1/users/{id} does)`);
      assert.equal(param.required, true, `the path parameter ${name} of ${path} must have required: true (OpenAPI requires it for path parameters)`);
      assert.equal(param.schema?.type, 'integer', `the path parameter ${name} of ${path} should be documented as { type: 'integer' }: the server answers 400 for anything else`);
    }
  }
});

test('the v2 schemas in /openapi.json are exact: a body of the wrong shape does not match them', async () => {
  type Content = Record<string, { schema?: Schema }>;
  const doc = (await get('/openapi.json')).body as Schema & { paths?: Record<string, { get?: { responses?: Record<string, { content?: Content }> } }> };
  const responses = doc.paths?.['/v2/users/{id}']?.get?.responses ?? {};
  const user = { id: 1, name: { given: 'Ada', family: 'Lovelace' }, email: 'ada@example.com', createdAt: '2015-12-10T09:30:00.000Z' };
  const without = <T extends object>(o: T, k: keyof T) => Object.fromEntries(Object.entries(o).filter(([key]) => key !== k));
  const wrongUsers: [string, unknown][] = [
    ['the v1 shape', { id: 1, name: 'Ada Lovelace', email: 'ada@example.com', created: '2015-12-10' }],
    ...(['id', 'name', 'email', 'createdAt'] as const).map((k): [string, unknown] => [`no ${k}`, without(user, k)]),
    ['an undocumented extra member', { ...user, age: 36 }],
    ['id as a string', { ...user, id: '1' }],
    ['name as a string', { ...user, name: 'Ada Lovelace' }],
    ['no name.given', { ...user, name: { family: 'Lovelace' } }],
    ['no name.family', { ...user, name: { given: 'Ada' } }],
    ['name with an extra member', { ...user, name: { ...user.name, middle: 'King' } }],
    ['name.given as a number', { ...user, name: { given: 1, family: 'Lovelace' } }],
    ['name.family as a number', { ...user, name: { given: 'Ada', family: 1 } }],
    ['email as a number', { ...user, email: 42 }],
    ['createdAt as a number', { ...user, createdAt: 1449739800000 }],
    ['createdAt not a date-time', { ...user, createdAt: 'yesterday' }],
  ];
  const userSchema = responses['200']?.content?.['application/json']?.schema;
  assert.deepEqual(validate(doc, userSchema, user), [], 'the documented 200 schema of /v2/users/{id} should accept the v2 user');
  for (const [what, body] of wrongUsers) {
    assert.notDeepEqual(
      validate(doc, userSchema, body),
      [],
      `the documented 200 schema of /v2/users/{id} accepts a user with ${what}: give UserV2 (and its name) a type, every property with its type, ` +
        "required for every member and additionalProperties: false, as UserV1 has, and createdAt format: 'date-time'",
    );
  }
  const problem = { type: 'about:blank', title: 'Not Found', status: 404, detail: 'no user with id 99' };
  const wrongProblems: [string, unknown][] = [
    ['no type', without(problem, 'type')],
    ['no title', without(problem, 'title')],
    ['no status', without(problem, 'status')],
    ['type as a number', { ...problem, type: 1 }],
    ['title as a number', { ...problem, title: 1 }],
    ['status as a string', { ...problem, status: '404' }],
    ['detail as a number', { ...problem, detail: 1 }],
    ['a string instead of an object', 'not found'],
  ];
  for (const code of ['400', '404']) {
    const problemSchema = responses[code]?.content?.['application/problem+json']?.schema;
    assert.deepEqual(validate(doc, problemSchema, problem), [], `the documented ${code} schema of /v2/users/{id} should accept a problem details body`);
    for (const [what, body] of wrongProblems) {
      assert.notDeepEqual(
        validate(doc, problemSchema, body),
        [],
        `the documented ${code} schema of /v2/users/{id} accepts a problem with ${what}: Problem should be an object with type, title, status ` +
          '(required) and detail, each with its type (status an integer)',
      );
    }
  }
});
