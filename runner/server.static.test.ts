import { mkdirSync, mkdtempSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startTestRunner, type TestRunner } from './test-support.ts';

/**
 * The built site as the runner serves it: precompressed copies by Accept-Encoding, cache headers,
 * and a dist/ that changes (is rebuilt) while the runner serves it.
 */
let t: TestRunner;
let dist: string;
const JS = `console.log(${JSON.stringify('the app '.repeat(400))});\n`;

beforeAll(async () => {
  dist = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runner-static-')));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>workbook</title>');
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'assets', 'app-1234.js'), JS);
  writeFileSync(path.join(dist, 'assets', 'app-1234.js.br'), brotliCompressSync(JS));
  writeFileSync(path.join(dist, 'assets', 'app-1234.js.gz'), gzipSync(JS));
  mkdirSync(path.join(dist, 'lessons', 'gone'), { recursive: true });
  writeFileSync(path.join(dist, 'lessons', 'gone', 'index.html'), '<!doctype html><title>a lesson</title>');
  t = await startTestRunner([], { distDir: dist });
});

afterAll(async () => {
  await t.close();
  rmSync(dist, { recursive: true, force: true });
});

const get = (p: string, headers: Record<string, string> = {}) => request(t.runner.port, { path: p, headers: { host: t.host, ...headers } });
const raw = (p: string, headers: Record<string, string>) =>
  new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
    void import('node:http').then(({ default: http }) => {
      const req = http.get({ host: '127.0.0.1', port: t.runner.port, path: p, headers: { host: t.host, ...headers }, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
    });
  });

it('/api/info says whether runs get a cgroup v2 of their own, or why not', async () => {
  const info = (await get('/api/info', { authorization: `Bearer ${t.token}` })).json() as { seatBelts: { cgroup?: { kind: string; path?: string; reason?: string } } };
  const cg = info.seatBelts.cgroup!;
  expect(['v2', 'none']).toContain(cg.kind);
  if (cg.kind === 'v2') expect(cg.path).toMatch(/workbook-runs-\d+$/);
  else expect(cg.reason).toMatch(/\w{5}/);
});

describe('static files', () => {
  it('serves the brotli copy of a JS asset when asked, gzip when only that is accepted, plain otherwise; Vary and cache headers kept', async () => {
    const br = await raw('/assets/app-1234.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(brotliDecompressSync(br.body).toString('utf8')).toBe(JS);

    const gz = await raw('/assets/app-1234.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString('utf8')).toBe(JS);

    const plain = await raw('/assets/app-1234.js', {});
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    expect(plain.body.toString('utf8')).toBe(JS);

    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
  });

  it('a file removed from dist/ while serving (a rebuild) is a 503 with Retry-After, and the runner keeps serving', async () => {
    expect((await get('/lessons/gone/')).text).toContain('a lesson');
    unlinkSync(path.join(dist, 'lessons', 'gone', 'index.html'));
    const res = await get('/lessons/gone/');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect((res.json() as { error: string }).error).toMatch(/rebuilt/);
    // Still alive, and the listing was taken again: the SPA fallback answers for the gone page.
    const after = await get('/lessons/gone/');
    expect(after.status).toBe(200);
    expect(after.text).toContain('<title>workbook</title>');
    expect((await get('/assets/app-1234.js')).text).toBe(JS);
  });

  it('a rebuilt dist/ (new index.html, new hashed asset) is served without a restart', async () => {
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>workbook, rebuilt and longer</title>');
    writeFileSync(path.join(dist, 'assets', 'app-5678.js'), 'console.log("new")');
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.text).toBe('<!doctype html><title>workbook, rebuilt and longer</title>');
    expect((await get('/assets/app-5678.js')).text).toBe('console.log("new")');
    expect((await get('/assets/nothing.js')).status).toBe(404);
  });
});
