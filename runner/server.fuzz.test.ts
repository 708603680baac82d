import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProjectPath } from './safe-path.ts';
import { startRunner } from './server.ts';
import { exitOf, expectCleanRunRoot, NODE_MODULES, outputOf, project, psRunLines, request, testLesson, type RawResponse, type TestRunner } from './test-support.ts';

/**
 * Property-based fuzzing of the HTTP API with fast-check: random methods, paths, headers and bodies,
 * and random project file names. Whatever comes in, the runner answers below 500, writes no file
 * outside a run directory, and is still healthy afterwards. The run directories live in a sandbox
 * folder of this test; the sandbox must hold nothing else at the end.
 */
// The script lists what the run directory holds, so each accepted request shows where its files went.
const lesson = testLesson('94-fuzz', { run: 'find . -type f', check: 'node --test --test-reporter=tap', timeouts: { run: 20, check: 20 } });
let t: TestRunner;
let sandbox: string;

beforeAll(async () => {
  sandbox = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runner-fuzz-')));
  const runRoot = path.join(sandbox, 'runs');
  mkdirSync(runRoot);
  const token = 'fuzz-token-0123456789abcdefghijklmnopqrstuv';
  const runner = await startRunner({ host: '127.0.0.1', port: 0, token, distDir: null, lessons: [lesson], nodeModulesDir: NODE_MODULES, version: 'fuzz', runRoot });
  t = { runner, token, runRoot, host: `127.0.0.1:${runner.port}`, close: () => runner.close() };
});

afterAll(async () => {
  await t.close();
  const left = await expectCleanRunRoot(t.runRoot);
  expect(left, `left behind:\n${psRunLines()}`).toEqual({ processes: [], dirs: [] });
  // Nothing but the (now removed) runs folder was ever created in the sandbox.
  expect(readdirSync(sandbox)).toEqual([]);
  rmSync(sandbox, { recursive: true, force: true });
});

const printable = (max: number) => fc.string({ unit: 'binary-ascii', maxLength: max }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));
const pathFragment = fc.constantFrom('..', '.', '', 'a', 'src', 'node_modules', 'NODE_MODULES', '/', '\\', '\0', 'C:', '%2e%2e', 'x.js', '~', ' ', 'é', '__proto__', '-rf', 'a..b', '$HOME', '`id`', '|', ';');
const filePath = fc.oneof(
  fc.array(pathFragment, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('/')),
  fc.array(pathFragment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('src/main.js', 'package.json', 'test/a.test.js', 'a/b/c/d/e/f/g/h.js'),
);
const files = fc.dictionary(filePath, fc.string({ maxLength: 200 }), { maxKeys: 8 });

function ownHeaders(extra: Record<string, string> = {}) {
  return { host: t.host, authorization: `Bearer ${t.token}`, 'content-type': 'application/json', ...extra };
}

async function expectHealthy() {
  const info = await request(t.runner.port, { path: '/api/info', headers: ownHeaders() });
  expect(info.status).toBe(200);
  const res = await request(t.runner.port, { method: 'POST', path: '/api/runs', headers: ownHeaders(), body: JSON.stringify({ lessonId: lesson.id, script: 'run', files: project('') }) });
  expect(res.status).toBe(200);
  expect(outputOf(res.events())).toContain('./src/main.js');
}

function expectNo5xx(res: RawResponse) {
  expect(res.status, res.text.slice(0, 300)).toBeGreaterThanOrEqual(200);
  expect(res.status, res.text.slice(0, 300)).toBeLessThan(500);
  if (res.status >= 400) expect(typeof (res.json() as { error?: unknown }).error).toBe('string');
}

describe('fuzzing the API', { timeout: 180_000 }, () => {
  it('answers random requests (methods, paths, headers, bodies) below 500', async () => {
    const method = fc.constantFrom('GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'HEAD');
    const urlPath = fc.oneof(
      { arbitrary: fc.constantFrom('/', '/api/info', '/api/runs', '/api/runs', `/api/runs/${'a'.repeat(24)}/stop`, '/api/', '/api/runs/x/stop', '/index.html'), weight: 4 },
      fc.webPath(),
      printable(60).map((s) => `/${s.replace(/[ #]/g, '')}`),
      printable(40).map((s) => `/api/${encodeURIComponent(s)}`),
    );
    const header = fc.oneof(printable(80), fc.constant(''));
    const headers = fc.record(
      {
        // Mostly right, so that many requests get past Host, token and Origin to the deeper checks.
        host: fc.oneof({ arbitrary: fc.constant('own'), weight: 4 }, { arbitrary: printable(40), weight: 1 }),
        authorization: fc.oneof({ arbitrary: fc.constant('own'), weight: 6 }, header, fc.constant('Bearer '), printable(60).map((s) => `Bearer ${s}`)),
        origin: fc.oneof({ arbitrary: fc.constant('own'), weight: 4 }, fc.constant('null'), fc.constant('http://evil.example'), header),
        'sec-fetch-site': fc.constantFrom('same-origin', 'same-origin', 'same-origin', 'same-site', 'cross-site', 'none', 'x'),
        'content-type': fc.oneof({ arbitrary: fc.constant('application/json'), weight: 4 }, header),
        range: header,
        'x-extra': header,
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.constant(undefined),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.record({ lessonId: fc.oneof(fc.constant(lesson.id), fc.string()), script: fc.constantFrom('run', 'check', 'x'), files }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(method, urlPath, headers, body, async (m, p, h, b) => {
        const sent: Record<string, string> = {};
        for (const [k, v] of Object.entries(h)) {
          if (v === undefined) continue;
          if (k === 'host') sent.host = v === 'own' ? t.host : v;
          else if (k === 'authorization') sent.authorization = v === 'own' ? `Bearer ${t.token}` : v;
          else if (k === 'origin') sent.origin = v === 'own' ? `http://${t.host}` : v;
          else sent[k] = v;
        }
        sent.host ??= t.host;
        let res: RawResponse;
        try {
          res = await request(t.runner.port, { method: m, path: p, headers: sent, ...(b !== undefined && m !== 'GET' && m !== 'HEAD' ? { body: b } : {}), timeoutMs: 30_000 });
        } catch (e) {
          // The Node client itself refuses some header values before sending; that is not the runner.
          if ((e as NodeJS.ErrnoException).code?.startsWith('ERR_INVALID') || (e as NodeJS.ErrnoException).code === 'ERR_UNESCAPED_CHARACTERS') return;
          throw e;
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (m === 'HEAD') return void expect(res.status).toBeLessThan(500);
        expectNo5xx(res);
        if (res.status === 200 && res.headers['content-type']?.includes('ndjson')) exitOf(res.events());
      }),
      {
        numRuns: 400,
        // Two well-formed requests always run with the random ones, so a seed that happens to draw no
        // accepted request cannot fail the coverage check below (at 400 draws that happened now and then).
        examples: [
          ['GET', '/api/info', { host: 'own', authorization: 'own', origin: 'own', 'sec-fetch-site': 'same-origin' }, undefined],
          [
            'POST',
            '/api/runs',
            { host: 'own', authorization: 'own', origin: 'own', 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
            JSON.stringify({ lessonId: lesson.id, script: 'run', files: { 'a.txt': 'x' } }),
          ],
        ],
      },
    );
    // The generators reach past the front door: some requests were accepted, many refused deeper in.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    await expectHealthy();
  });

  it('writes the files of every accepted project inside its own run directory, and refuses the rest', async () => {
    await fc.assert(
      fc.asyncProperty(files, fc.constantFrom('run' as const, 'check' as const), async (f, script) => {
        const res = await request(t.runner.port, { method: 'POST', path: '/api/runs', headers: ownHeaders(), body: JSON.stringify({ lessonId: lesson.id, script, files: f }) });
        expectNo5xx(res);
        const keys = Object.keys(f);
        const allValid = keys.length > 0 && keys.every((k) => checkProjectPath(k) === null);
        if (res.status !== 200) return void expect([400, 413]).toContain(res.status);
        expect(allValid).toBe(true);
        const events = res.events();
        exitOf(events);
        if (script === 'run') {
          const listed = outputOf(events).split('\n').filter(Boolean).sort();
          expect(listed).toEqual(keys.map((k) => `./${k}`).sort());
        }
      }),
      { numRuns: 80 },
    );
    expect(readdirSync(sandbox)).toEqual(['runs']);
    await expectHealthy();
  });

  it('accepts only paths that resolve inside the project folder (checkProjectPath, property)', () => {
    const base = '/tmp/workbook-run-x/project';
    fc.assert(
      fc.property(filePath, (p) => {
        if (checkProjectPath(p) !== null) return;
        const resolved = path.resolve(base, p);
        expect(resolved.startsWith(`${base}/`)).toBe(true);
        expect(path.relative(base, resolved)).toBe(p);
        expect(p.split('/')[0]!.toLowerCase()).not.toBe('node_modules');
      }),
      { numRuns: 2000 },
    );
  });
});
