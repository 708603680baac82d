import { describe, expect, it } from 'vitest';
import { chooseRuntime, readToken } from './choose-runtime.ts';
import { RUNNER_NAME } from '../../../contracts/runner-protocol.ts';

// Selection logic only: the network answers are stubbed per case. The real runner and the real
// WebContainer failure path are exercised end to end in e2e/workbook.spec.ts.
function storage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const runnerInfo = { runner: RUNNER_NAME, version: 't', node: 'v20', lessons: [], limits: {} };

function options(fetchImpl: typeof fetch, extra: Partial<Parameters<typeof chooseRuntime>[0]> = {}) {
  return { location: { origin: 'http://127.0.0.1:4310', search: '' }, crossOriginIsolated: true, online: true, storage: storage(), bootTimeoutMs: 50, fetchImpl, ...extra };
}

describe('chooseRuntime', () => {
  it('uses the local runner when the page is served by it and holds its token', async () => {
    const seen: string[] = [];
    const fetchImpl = (async (_url: URL, init?: RequestInit) => {
      seen.push(String((init?.headers as Record<string, string>)?.authorization));
      return json(200, runnerInfo);
    }) as typeof fetch;
    const s = await chooseRuntime(options(fetchImpl, { location: { origin: 'http://127.0.0.1:4310', search: '?token=abc' } }));
    expect(s.kind).toBe('local');
    expect(s.runtime?.label).toBe('Local runner');
    expect(seen[0]).toBe('Bearer abc');
  });

  it('says how to get the token when the runner answers 401, without trying WebContainer', async () => {
    const s = await chooseRuntime(options((async () => json(401, { error: 'missing token', runner: true })) as typeof fetch));
    expect(s.runtime).toBeNull();
    expect(s.status).toMatchObject({ state: 'failed', message: expect.stringContaining('no valid access token') });
    expect(s.status.state === 'failed' && s.status.remedy).toMatch(/npm start/);
  });

  it('on a static host without isolation headers, names the missing headers and the local alternative', async () => {
    const s = await chooseRuntime(options((async () => new Response('<html>', { status: 404 })) as typeof fetch, { crossOriginIsolated: false }));
    expect(s).toMatchObject({ runtime: null, kind: 'webcontainer' });
    expect(s.status.state === 'failed' && s.status.cause).toMatch(/Cross-Origin-Embedder-Policy/);
    expect(s.status.state === 'failed' && s.status.remedy).toMatch(/npm install && npm start/);
  });

  it('offline on a static host, says so', async () => {
    const s = await chooseRuntime(options((async () => { throw new TypeError('offline'); }) as typeof fetch, { online: false }));
    expect(s.status).toMatchObject({ state: 'failed', message: expect.stringContaining('offline') });
  });
});

describe('readToken', () => {
  it('keeps the token from the URL and finds it again without one', () => {
    const st = storage();
    expect(readToken({ search: '?token=xyz' }, st)).toBe('xyz');
    expect(readToken({ search: '' }, st)).toBe('xyz');
  });
});
