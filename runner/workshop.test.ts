import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkshopStatus } from '../contracts/workshop-protocol.ts';
import { PREVIEW_SANDBOX } from './preview.ts';
import { expectCleanRunRoot, liveRun, project, psRunLines, request, startTestRunner, testLesson, type TestRunner } from './test-support.ts';

/**
 * A workshop on one machine, through real sockets against a real runner and a real learner's server:
 * the Preview on the main port under a capability, and /api/workshop's counts.
 */
const serving = testLesson('94-workshop-serving', { preview: true, timeouts: { run: 60 } });
let t: TestRunner;

beforeAll(async () => {
  t = await startTestRunner([serving]);
});

afterAll(async () => {
  await t.close();
  const left = await expectCleanRunRoot(t.runRoot);
  expect(left, `left behind:\n${psRunLines()}`).toEqual({ processes: [], dirs: [] });
});

/** A learner's server that answers like the lessons' do: HTML with root-relative links, a redirect, JSON. */
const LEARNER_SERVER = `
  import http from 'node:http';
  http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-frame-options': 'SAMEORIGIN' });
      return res.end('<!doctype html><a href="/users/1">one</a> <a href="users/2">two</a> <a href="//cdn.example/x">cdn</a><form action="/search"></form><img src="/logo.png">');
    }
    if (url.pathname === '/old') {
      res.writeHead(302, { location: '/users/1' });
      return res.end();
    }
    if (url.pathname === '/self') {
      res.writeHead(301, { location: 'http://127.0.0.1:' + process.env.PORT + '/users/3' });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-credentials': 'true' });
    res.end(JSON.stringify({ path: url.pathname, search: url.search, method: req.method, prefix: req.headers['x-forwarded-prefix'] ?? null }));
  }).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
`;

const get = (path: string, headers: Record<string, string> = {}) => request(t.runner.port, { path, headers: { host: t.host, ...headers } });

describe('the Preview through the main port', { timeout: 60_000 }, () => {
  it('serves the learner’s server under its capability only, sandboxed, with CORS, and forgets it when the run ends', async () => {
    const run = liveRun(t, { lessonId: serving.id, script: 'run', files: project(LEARNER_SERVER) });
    const ready = (await run.waitFor((e) => e.type === 'server-ready')) as { url: string };
    const base = ready.url;
    expect(base).toMatch(/^\/preview\/[A-Za-z0-9_-]{24}\/$/); // 18 random bytes: 144 bits

    // The page: sandboxed into an opaque origin, embeddable by the isolated workbook, links kept inside.
    const page = await get(base);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(PREVIEW_SANDBOX);
    expect(PREVIEW_SANDBOX).not.toContain('allow-same-origin');
    expect(page.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(page.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(page.headers['x-frame-options']).toBeUndefined();
    expect(page.text).toContain(`<a href="${base}users/1">one</a>`);
    expect(page.text).toContain('<a href="users/2">two</a>'); // relative: resolves under the prefix by itself
    expect(page.text).toContain('href="//cdn.example/x"'); // another host: left alone
    expect(page.text).toContain(`action="${base}search"`);
    expect(page.text).toContain(`src="${base}logo.png"`);

    // A path, its query and the prefix reach the learner's server.
    const json = await get(`${base}users/7?x=1`);
    expect(json.json()).toEqual({ path: '/users/7', search: '?x=1', method: 'GET', prefix: base.slice(0, -1) });
    expect(json.headers['content-security-policy']).toBe(PREVIEW_SANDBOX);
    // Cross-origin for the opaque page's own fetches, never with credentials.
    expect(json.headers['access-control-allow-origin']).toBe('*');
    expect(json.headers['access-control-allow-credentials']).toBeUndefined();

    // Redirects stay inside the preview: root-relative and the server naming its own address.
    const moved = await get(`${base}old`);
    expect(moved.status).toBe(302);
    expect(moved.headers.location).toBe(`${base}users/1`);
    const self = await get(`${base}self`);
    expect(self.headers.location).toBe(`${base}users/3`);
    // The bare capability becomes its folder, so relative links resolve under it.
    const bare = await get(base.slice(0, -1));
    expect(bare.status).toBe(308);
    expect(bare.headers.location).toBe(base);

    // A preflight is answered here.
    const preflight = await request(t.runner.port, {
      method: 'OPTIONS',
      path: `${base}users`,
      headers: { host: t.host, origin: 'null', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-methods']).toBe('PUT');
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type');

    // CORS only under the prefix: the workbook's own paths answer no cross-origin reader.
    for (const p of ['/api/info', '/', '/preview/']) {
      const r = await get(p, { origin: 'null', authorization: `Bearer ${t.token}` });
      expect(r.headers['access-control-allow-origin'], p).toBeUndefined();
    }

    // A wrong capability (same shape, one character off) is a 404 with a reason.
    const wrongCap = base.replace(/\/preview\/(.)/, (_m, c: string) => `/preview/${c === 'A' ? 'B' : 'A'}`);
    const wrong = await get(`${wrongCap}users/1`);
    expect(wrong.status).toBe(404);
    expect((wrong.json() as { error: string }).error).toMatch(/no such preview/);
    expect(wrong.headers['access-control-allow-origin']).toBeUndefined();
    expect((await get('/preview/')).status).toBe(404);

    run.abort();
    await run.done;
    // The capability died with the run.
    await expect.poll(async () => (await get(`${base}users/1`)).status, { timeout: 15_000 }).toBe(404);
    // The runner keeps serving.
    expect((await get('/api/info', { authorization: `Bearer ${t.token}` })).status).toBe(200);
  });
});

describe('/api/workshop', () => {
  it('refuses without the token', async () => {
    const r = await get('/api/workshop');
    expect(r.status).toBe(401);
    expect((r.json() as { error: string }).error).toMatch(/missing token/);
    expect((await get('/api/workshop', { authorization: 'Bearer not-the-token' })).status).toBe(401);
    expect((await request(t.runner.port, { method: 'POST', path: '/api/workshop', headers: { host: t.host, authorization: `Bearer ${t.token}` } })).status).toBe(405);
  });

  it('counts distinct remote addresses that called the API with the token, and the runs', async () => {
    const authed = { host: t.host, authorization: `Bearer ${t.token}` };
    // Two machines (127.0.0.1 and 127.0.0.2 are different remote addresses), one of them twice.
    await request(t.runner.port, { path: '/api/info', headers: authed });
    await request(t.runner.port, { path: '/api/info', headers: authed });
    await request(t.runner.port, { path: '/api/info', headers: authed, localAddress: '127.0.0.2' });
    // An address without the token does not count.
    await request(t.runner.port, { path: '/api/info', headers: { host: t.host }, localAddress: '127.0.0.3' });
    const r = await request(t.runner.port, { path: '/api/workshop', headers: authed });
    expect(r.status).toBe(200);
    const status = r.json() as WorkshopStatus;
    expect(status).toEqual({
      listening: 'loopback',
      port: t.runner.port,
      addresses: [],
      connected: 2,
      activeSeconds: 120,
      runs: { running: 0, queued: 0, maxConcurrent: t.runner.info.limits.maxConcurrentRuns, maxQueued: t.runner.info.limits.maxQueuedRuns },
    });
  });
});
