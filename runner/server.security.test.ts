import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSeatBelts } from './seat-belts.ts';
import { startRunner } from './server.ts';
import {
  exitOf,
  expectCleanRunRoot,
  outputOf,
  liveRun,
  NODE_MODULES,
  postRun,
  project,
  psRunLines,
  rawExchange,
  request,
  startTestRunner,
  testLesson,
  type RawResponse,
  type TestRunner,
} from './test-support.ts';

/**
 * Who may drive the runner: only the page it served, holding its token. Everything here is a real
 * HTTP request to a real runner; a browser's attempts are reproduced by the headers browsers send
 * (Origin, Sec-Fetch-Site, a foreign Host after DNS rebinding, a CORS preflight).
 */
const plain = testLesson('92-plain', { timeouts: { run: 30 } });
const serving = testLesson('93-serving', { preview: true, timeouts: { run: 60 } });
let t: TestRunner;
let dist: string;
let auth: Record<string, string>;
/** A stand-in for the folder where `npm start` keeps its token. */
let stateDirProbe: string;

beforeAll(async () => {
  dist = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runner-dist-')));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>workbook</title>');
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log("app")');
  t = await startTestRunner([plain, serving], { distDir: dist, http: { headersTimeoutMs: 1000, requestTimeoutMs: 2000 } });
  auth = { host: t.host, authorization: `Bearer ${t.token}` };
  stateDirProbe = path.join(dist, 'runner-token');
  writeFileSync(stateDirProbe, t.token, { mode: 0o600 });
});

afterAll(async () => {
  await t.close();
  rmSync(dist, { recursive: true, force: true });
  const left = await expectCleanRunRoot(t.runRoot);
  expect(left, `left behind:\n${psRunLines()}`).toEqual({ processes: [], dirs: [] });
});

const get = (p: string, headers: Record<string, string>) => request(t.runner.port, { path: p, headers });
const post = (p: string, headers: Record<string, string>, body = '{}') =>
  request(t.runner.port, { method: 'POST', path: p, headers: { 'content-type': 'application/json', ...headers }, body });
const validRun = () => ({ lessonId: plain.id, script: 'run', files: project(`console.log('ran')`) });

function expectRefusal(res: RawResponse, status: number | number[]) {
  expect([status].flat()).toContain(res.status);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  expect(typeof (res.json() as { error: unknown }).error).toBe('string');
  expect(res.headers['access-control-allow-origin']).toBeUndefined();
}

describe('other websites cannot drive the runner', () => {
  it('listens on loopback only: 127.0.0.1 and [::1], not on the machine’s other addresses', async () => {
    expect(t.runner.addresses[0]).toBe(`127.0.0.1:${t.runner.port}`);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && !a.internal && a.family === 'IPv4');
    if (external) {
      const refused = await new Promise<boolean>((resolve) => {
        const s = net.connect({ host: external.address, port: t.runner.port });
        s.on('connect', () => (s.destroy(), resolve(false)));
        s.on('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    }
    if (t.runner.addresses.includes(`[::1]:${t.runner.port}`)) {
      const res = await request(t.runner.port, { host: '::1', path: '/api/info', headers: { ...auth, host: `[::1]:${t.runner.port}` } });
      expect(res.status).toBe(200);
    }
  });

  it('with --host 0.0.0.0, answers on the machine’s own addresses and still refuses foreign Hosts', async () => {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && !a.internal && a.family === 'IPv4');
    const exposed = await startRunner({ host: '0.0.0.0', port: 0, token: t.token, distDir: null, lessons: [plain], nodeModulesDir: NODE_MODULES, version: 'test', runRoot: t.runRoot });
    try {
      expect(exposed.url).toBe(`http://127.0.0.1:${exposed.port}/`);
      const headers = { authorization: `Bearer ${t.token}` };
      expect((await request(exposed.port, { path: '/api/info', headers: { ...headers, host: `127.0.0.1:${exposed.port}` } })).status).toBe(200);
      expect((await request(exposed.port, { path: '/api/info', headers: { ...headers, host: `0.0.0.0:${exposed.port}` } })).status).toBe(421);
      expect((await request(exposed.port, { path: '/api/info', headers: { ...headers, host: `evil.example:${exposed.port}` } })).status).toBe(421);
      if (external) {
        const viaNetwork = await request(exposed.port, { host: external.address, path: '/api/info', headers: { ...headers, host: `${external.address}:${exposed.port}` } });
        expect(viaNetwork.status).toBe(200);
      }
    } finally {
      await exposed.close();
    }
  });

  it('refuses every path, static files included, when the Host is not its own (DNS rebinding)', async () => {
    const port = t.runner.port;
    const foreign = [`evil.example:${port}`, 'evil.example', '127.0.0.1', `127.0.0.1:${port + 1}`, `localhost.evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `0.0.0.0:${port}`, ''];
    for (const host of foreign) {
      expectRefusal(await get('/', { host }), 421);
      expectRefusal(await get('/assets/app.js', { host }), 421);
      expectRefusal(await get('/api/info', { ...auth, host }), 421);
      expectRefusal(await post('/api/runs', { ...auth, host }, JSON.stringify(validRun())), 421);
    }
    const noHost = await rawExchange(port, ['GET / HTTP/1.0\r\n\r\n']);
    expect(noHost.text).toMatch(/^HTTP\/1\.[01] 421/);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) expect((await get('/', { host })).status).toBe(200);
  });

  it('refuses API calls without the right token (401) and starts nothing', async () => {
    const before = t.runner.manager.finished;
    const bad: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }, { authorization: `Bearer ${t.token}x` }, { authorization: t.token }, { authorization: `Basic ${t.token}` }, { authorization: `Bearer ${t.token.slice(0, -1)}` }];
    for (const headers of bad) {
      const info = await get('/api/info', { host: t.host, ...headers });
      expectRefusal(info, 401);
      expect(info.json()).toMatchObject({ runner: true });
      expectRefusal(await post('/api/runs', { host: t.host, ...headers }, JSON.stringify(validRun())), 401);
      expectRefusal(await post(`/api/runs/${'a'.repeat(24)}/stop`, { host: t.host, ...headers }), 401);
    }
    expectRefusal(await get(`/api/info?token=${t.token}`, { host: t.host }), 401);
    expect(t.runner.manager.finished).toBe(before);
    expect(t.runner.manager.activeCount).toBe(0);
  });

  it('refuses calls from any other origin even with the token (Origin, Sec-Fetch-Site)', async () => {
    const before = t.runner.manager.finished;
    const foreign: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { origin: `http://127.0.0.1:${t.runner.port + 1}` },
      { origin: `https://127.0.0.1:${t.runner.port}` },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: `http://127.0.0.1:${t.runner.port}`, 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of foreign) {
      expectRefusal(await post('/api/runs', { ...auth, ...headers }, JSON.stringify(validRun())), 403);
      expectRefusal(await post(`/api/runs/${'b'.repeat(24)}/stop`, { ...auth, ...headers }), 403);
      expectRefusal(await get('/api/info', { ...auth, ...headers }), 403);
    }
    expect(t.runner.manager.finished).toBe(before);
    const own = await postRun(t, validRun(), { origin: `http://127.0.0.1:${t.runner.port}`, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(200);
    expect(outputOf(own.events())).toContain('ran');
  });

  it('grants no CORS: a preflight from another origin is refused and no response allows other origins', async () => {
    const preflight = await request(t.runner.port, {
      method: 'OPTIONS',
      path: '/api/runs',
      headers: { host: t.host, origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    expect(preflight.status).toBeLessThan(500);
    for (const h of Object.keys(preflight.headers)) expect(h).not.toMatch(/^access-control-allow/);
    for (const res of [await get('/', { host: t.host, origin: 'http://evil.example' }), await get('/api/info', auth)]) {
      for (const h of Object.keys(res.headers)) expect(h).not.toMatch(/^access-control-allow/);
    }
  });

  it('refuses a form-style cross-site POST (no token, a simple content type)', async () => {
    const form = await request(t.runner.port, {
      method: 'POST',
      path: '/api/runs',
      headers: { host: t.host, origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'lessonId=92-plain&script=run',
    });
    expectRefusal(form, 401);
    expectRefusal(await post('/api/runs', { ...auth, 'content-type': 'text/plain' }, JSON.stringify(validRun())), 415);
  });
});

describe('the Preview cannot reach the token or the API', () => {
  it('runs in an opaque origin whose calls the API refuses; the learner’s server holds no token and cannot read the runner’s', async () => {
    const run = liveRun(t, {
      lessonId: serving.id,
      script: 'run',
      files: project(`
        import http from 'node:http';
        import fs from 'node:fs';
        const attempts = {};
        for (const [name, p] of Object.entries({ runnerEnv: '/proc/' + process.ppid + '/environ', stateDir: ${JSON.stringify(stateDirProbe)} })) {
          try { fs.readFileSync(p); attempts[name] = 'read'; } catch (e) { attempts[name] = e.code; }
        }
        const body = JSON.stringify({ env: process.env, attempts });
        http.createServer((req, res) => res.end(body)).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
      `),
    });
    const ready = await run.waitFor((e) => e.type === 'server-ready');
    const previewPath = (ready as { url: string }).url;
    // On the runner's own port, under a capability; the sandbox header makes it an opaque origin.
    expect(previewPath).toMatch(/^\/preview\/[A-Za-z0-9_-]{24}\/$/);

    // What the previewed page would send when it calls the runner: an opaque origin ("null"), cross-site.
    const fromPreview = { origin: 'null', 'sec-fetch-site': 'cross-site' };
    expectRefusal(await get('/api/info', { host: t.host, ...fromPreview }), 401);
    expectRefusal(await post('/api/runs', { ...auth, ...fromPreview }, JSON.stringify(validRun())), 403);

    // The main port's Host check covers the preview too (DNS rebinding).
    const rebound = await request(t.runner.port, { path: previewPath, headers: { host: `evil.example:${t.runner.port}` } });
    expect(rebound.status).toBe(421);

    const page = await request(t.runner.port, { path: previewPath, headers: { host: t.host } });
    expect(page.headers['content-security-policy']).toContain('sandbox');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(t.token);
    const { env, attempts } = page.json() as { env: Record<string, string>; attempts: Record<string, string> };
    expect(Object.values(env).join('\n')).not.toContain(t.token);
    if ((await detectSeatBelts()).nodePermissions) {
      expect(attempts).toEqual({ runnerEnv: 'ERR_ACCESS_DENIED', stateDir: 'ERR_ACCESS_DENIED' });
    }
    run.abort();
    await run.done;
  });
});

describe('bad input gets a 4xx with a reason, never a 5xx', { timeout: 60_000 }, () => {
  const runWith = (body: unknown, headers: Record<string, string> = {}) => post('/api/runs', { ...auth, ...headers }, typeof body === 'string' ? body : JSON.stringify(body));

  it('refuses bodies that are not a run request', async () => {
    for (const body of ['', 'nul', '[]', 'null', '42', '"run"', '{"lessonId":', JSON.stringify([validRun()])]) expectRefusal(await runWith(body), 400);
    expectRefusal(await runWith({ ...validRun(), command: 'rm -rf ~' }), 400);
    expectRefusal(await runWith({ ...validRun(), script: 'rm -rf ~' }), 400);
    expectRefusal(await runWith({ ...validRun(), script: 'install' }), 400);
    expectRefusal(await runWith({ ...validRun(), lessonId: 'not-a-lesson' }), 400);
    expectRefusal(await runWith({ ...validRun(), lessonId: 7 }), 400);
    expectRefusal(await runWith({ ...validRun(), timeoutSeconds: -1 }), 400);
    expectRefusal(await runWith({ ...validRun(), timeoutSeconds: '5' }), 400);
    expectRefusal(await runWith({ ...validRun(), files: { 'src/main.js': 42 } }), 400);
    expectRefusal(await runWith({ ...validRun(), files: ['src/main.js'] }), 400);
    expectRefusal(await runWith({ ...validRun(), files: {} }), 400);
  });

  it('refuses file paths that could leave the run directory', async () => {
    const bad = ['../x.js', '../../../../tmp/owned', '/etc/passwd', 'a/../../x', 'C:/x', 'C:\\x', 'a\\..\\x', 'a\0b', 'node_modules/x/index.js', 'Node_Modules/x.js', './x', 'a//b', '.env', 'a/.hidden', 'x '.repeat(120), 'a/b/c/d/e/f/g/h/i', '__proto__', 'é.js'];
    for (const p of bad) {
      const res = await runWith({ ...validRun(), files: { 'package.json': '{}', [p]: 'x' } });
      expectRefusal(res, 400);
    }
    expectRefusal(await runWith({ ...validRun(), files: { 'src/a': 'x', 'src/a/b.js': 'y' } }), 400);
    expectRefusal(await runWith({ ...validRun(), files: { 'src/A.js': 'x', 'src/a.js': 'y' } }), 400);
    expectRefusal(await runWith('{"lessonId":"92-plain","script":"run","files":{"__proto__":{"x":"y"}}}'), 400);
  });

  it('refuses oversized projects and bodies', async () => {
    const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}.js`, '']));
    expectRefusal(await runWith({ ...validRun(), files: many }), 400);
    expectRefusal(await runWith({ ...validRun(), files: { 'big.txt': 'x'.repeat(2 * 1024 * 1024 + 1) } }), 413);
    expectRefusal(await runWith({ ...validRun(), files: { 'big.txt': '"'.repeat(2 * 1024 * 1024) } }), 413);
    // Declared too large: refused before the body is read.
    const declared = await rawExchange(t.runner.port, [
      `POST /api/runs HTTP/1.1\r\nhost: ${t.host}\r\nauthorization: Bearer ${t.token}\r\ncontent-type: application/json\r\ncontent-length: 999999999\r\n\r\n{`,
    ]);
    expect(declared.text).toMatch(/^HTTP\/1\.1 413/);
    // Chunked without a length: refused once it passes the limit, and the connection is closed.
    const chunk = 'x'.repeat(64 * 1024);
    const chunked = await rawExchange(t.runner.port, [
      `POST /api/runs HTTP/1.1\r\nhost: ${t.host}\r\nauthorization: Bearer ${t.token}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`,
      ...Array.from({ length: 60 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`),
    ]);
    expect(chunked.text).toMatch(/^HTTP\/1\.1 413/);
    expect(chunked.closed).toBe(true);
  });

  it('answers malformed HTTP, huge headers and wrong methods with a 4xx', async () => {
    const huge = await request(t.runner.port, { path: '/api/info', headers: { ...auth, 'x-pad': 'p'.repeat(20_000) } });
    expect(huge.status).toBe(431);
    const garbage = await rawExchange(t.runner.port, ['NOT HTTP AT ALL\r\n\r\n']);
    expect(garbage.text).toMatch(/^HTTP\/1\.1 400/);
    expectRefusal(await request(t.runner.port, { method: 'DELETE', path: '/', headers: { host: t.host } }), 405);
    expectRefusal(await get('/api/runs', auth), 405);
    expectRefusal(await post('/api/info', auth), 405);
    expectRefusal(await get('/api/nothing', auth), 404);
    expectRefusal(await post('/api/runs/../../stop', auth), [400, 404, 405]);
    expect((await post(`/api/runs/${'c'.repeat(24)}/stop`, auth)).json()).toEqual({ stopped: false });
    for (const p of ['//evil.example/x', '/%', '/%E0%A4%A', '/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/../../../../etc/passwd']) {
      const res = await get(p, { host: t.host });
      expect(res.status).toBeLessThan(500);
      expect(res.text).not.toContain('root:');
    }
    const badRange = await get('/assets/app.js', { host: t.host, range: 'bytes=9-2' });
    expect(badRange.status).toBe(200);
  });

  it('closes connections that send their headers too slowly (slowloris) without tying up the runner', async () => {
    const slow = await rawExchange(t.runner.port, ['GET /api/info HTTP/1.1\r\n', `host: ${t.host}\r\n`, 'x-a: 1\r\n', 'x-b: 2\r\n', 'x-c: 3\r\n', 'x-d: 4\r\n', 'x-e: 5\r\n'], { gapMs: 700, timeoutMs: 15_000 });
    expect(slow.closed).toBe(true);
    expect(slow.ms).toBeLessThan(10_000);
    const slowBody = await rawExchange(
      t.runner.port,
      [`POST /api/runs HTTP/1.1\r\nhost: ${t.host}\r\nauthorization: Bearer ${t.token}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n`, '{', '"', 'l', 'e', 's', 's'],
      { gapMs: 900, timeoutMs: 15_000 },
    );
    expect(slowBody.closed).toBe(true);
    expect(slowBody.ms).toBeLessThan(10_000);
    expect((await get('/api/info', auth)).status).toBe(200);
  });

  it('does not cut a long run whose request arrived in time', async () => {
    // requestTimeout (2 s here) limits how long the request takes to arrive, not the stream.
    const res = await postRun(t, { lessonId: plain.id, script: 'run', files: project(`let n = 0; const i = setInterval(() => { console.log('tick ' + ++n); if (n === 8) clearInterval(i); }, 500);`) });
    expect(res.status).toBe(200);
    expect(exitOf(res.events())).toMatchObject({ code: 0 });
    expect(outputOf(res.events())).toContain('tick 8');
  });
});
