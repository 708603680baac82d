import { readFileSync } from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../labs/index.ts';
import type { LabRunEvent } from '../contracts/lab-protocol.ts';
import type { RunnerInfo } from '../contracts/runner-protocol.ts';
import { LAB_JOB_MARKER } from './lab-api.ts';
import { findProcesses } from './process-watch.ts';
import { isRunning, request, startTestRunner, type TestRunner } from './test-support.ts';

/** POST /api/lab/runs through real HTTP and a real child job; every test leaves no job process behind. */
let t: TestRunner;
beforeAll(async () => {
  t = await startTestRunner([]);
});
afterAll(async () => {
  await t.close();
  expect(jobProcesses()).toEqual([]);
});

const jobProcesses = () => findProcesses((env) => env.includes(`${LAB_JOB_MARKER}=${process.pid}\0`));
const commandOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1');
  } catch {
    return '';
  }
};
const headers = () => ({ host: t.host, authorization: `Bearer ${t.token}`, 'content-type': 'application/json' });
const postLab = (body: unknown, extra: Record<string, string> = {}) =>
  request(t.runner.port, { method: 'POST', path: '/api/lab/runs', headers: { ...headers(), ...extra }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const events = (text: string) => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as LabRunEvent);
const TINY = { profile: 'quick', workloads: [{ id: 'fnv1a', approaches: ['JS', 'Rust Wasm'] }] };

/** A run whose events are read as they arrive, and whose connection the test can drop. */
function liveLabRun(body: unknown) {
  const seen: LabRunEvent[] = [];
  let req!: http.ClientRequest;
  let onEvent = () => {};
  const done = new Promise<LabRunEvent[]>((resolve) => {
    req = http.request({ host: '127.0.0.1', port: t.runner.port, method: 'POST', path: '/api/lab/runs', agent: false, headers: headers() }, (res) => {
      let buffer = '';
      res.on('data', (c: Buffer) => {
        buffer += c.toString('utf8');
        let nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          seen.push(JSON.parse(buffer.slice(0, nl)) as LabRunEvent);
          buffer = buffer.slice(nl + 1);
        }
        onEvent();
      });
      res.on('close', () => resolve(seen));
    });
    req.on('error', () => resolve(seen));
    req.end(JSON.stringify(body));
  });
  const started = new Promise<void>((resolve) => (onEvent = () => seen.some((e) => e.type === 'approach-start') && resolve()));
  return { seen, done, started, abort: () => req.destroy() };
}

describe('the lab API', () => {
  it('says in /api/info that it can run the lab, with the Node capabilities', async () => {
    const res = await request(t.runner.port, { path: '/api/info', headers: headers() });
    const info = res.json() as RunnerInfo;
    expect(info.lab?.available).toBe(true);
    expect(info.lab?.capabilities.http.available).toBe(true);
    expect(typeof info.lab?.capabilities.native.available).toBe('boolean');
  });

  it('refuses calls without the token or from another origin, like every API route', async () => {
    const noToken = await request(t.runner.port, { method: 'POST', path: '/api/lab/runs', headers: { host: t.host, 'content-type': 'application/json' }, body: JSON.stringify(TINY) });
    expect(noToken.status).toBe(401);
    expect(noToken.json()).toMatchObject({ runner: true });
    const foreign = await postLab(TINY, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const crossSite = await postLab(TINY, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const badHost = await postLab(TINY, { host: 'evil.example' });
    expect(badHost.status).toBe(421);
    expect(jobProcesses()).toEqual([]);
  });

  it.each([
    ['not JSON', '{"profile":', 400, 'not valid JSON'],
    ['an unknown field', { ...TINY, command: 'rm -rf /' }, 400, 'command'],
    ['an unknown profile', { ...TINY, profile: 'forever' }, 400, 'profile'],
    ['a workload the engine does not have', { profile: 'quick', workloads: [{ id: 'mine' }] }, 400, 'is not a workload of the engine'],
    ['an approach the workload does not have', { profile: 'quick', workloads: [{ id: 'fnv1a', approaches: ['Python'] }] }, 400, '"Python" is not an approach of fnv1a'],
    ['no workloads', { profile: 'quick', workloads: [] }, 400, 'workloads'],
    ['the same workload twice', { profile: 'quick', workloads: [{ id: 'fnv1a' }, { id: 'fnv1a' }] }, 400, 'twice'],
    ['sizes out of bounds', { ...TINY, io: { requests: 1e6, latencyMs: 5, poolSize: 4 } }, 400, 'io.requests'],
    ['a fractional size', { ...TINY, io: { requests: 2.5, latencyMs: 5, poolSize: 4 } }, 400, 'io.requests'],
    ['a huge body', { ...TINY, pad: 'x'.repeat(100_000) }, 413, 'larger than'],
  ])('refuses %s with a 4xx and a reason', async (_name, body, status, reason) => {
    const res = await postLab(body);
    expect(res.status).toBe(status);
    expect((res.json() as { error: string }).error).toContain(reason);
  });

  it('refuses other methods and content types', async () => {
    expect((await request(t.runner.port, { path: '/api/lab/runs', headers: headers() })).status).toBe(405);
    expect((await postLab(TINY, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await request(t.runner.port, { method: 'POST', path: '/api/lab/nothing', headers: headers() })).status).toBe(404);
  });

  it('runs a tiny selection in a child Node process and streams progress and the report', async () => {
    const res = await postLab(TINY);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const all = events(res.text);
    expect(all[0]).toMatchObject({ type: 'environment', environment: { runtime: 'node', runtimeVersion: process.versions.node } });
    expect(all.filter((e) => e.type === 'result')).toHaveLength(2);
    const done = all.at(-1)!;
    expect(done.type).toBe('done');
    const report = (done as { report: RunReport }).report;
    expect(report.aborted).toBe(false);
    expect(report.results.map((r) => [r.approach, r.ok])).toEqual([['JS', true], ['Rust Wasm', true]]);
    expect(t.runner.labPid()).toBeNull();
  });

  it('runs one lab run at a time: a second is refused with 409 and a reason; Stop ends the first with what finished', async () => {
    const first = liveLabRun({ profile: 'default', workloads: [{ id: 'fnv1a', approaches: ['JS', 'Rust Wasm', 'AssemblyScript'] }] });
    await first.started;
    const second = await postLab(TINY);
    expect(second.status).toBe(409);
    expect((second.json() as { error: string }).error).toContain('already running');
    const stop = await request(t.runner.port, { method: 'POST', path: '/api/lab/runs/stop', headers: headers() });
    expect(stop.json()).toEqual({ stopped: true });
    const all = await first.done;
    const last = all.at(-1)!;
    expect(last.type).toBe('done');
    expect((last as { report: RunReport }).report.aborted).toBe(true);
    expect((await postLab(TINY)).status).toBe(200); // free again
  });

  it('kills the job and everything it started when the client disconnects', async () => {
    const native = t.runner.info.lab!.capabilities.native.available;
    const run = liveLabRun({ profile: 'default', workloads: [{ id: 'blur3x3', approaches: [native ? 'native' : 'JS'] }, { id: 'cpu-primes' }] });
    await run.started;
    const pid = t.runner.labPid();
    expect(pid).not.toBeNull();
    // With cargo, the native bench (the job's own child) is measuring too: the group kill must take it.
    if (native) await expect.poll(() => jobProcesses().some((p) => commandOf(p).includes('native-bench')), { timeout: 20_000 }).toBe(true);
    run.abort();
    await expect.poll(() => isRunning(pid!), { timeout: 10_000 }).toBe(false);
    // The whole group at once: the native bench would otherwise go on for its remaining ~1 s budget.
    await expect.poll(() => jobProcesses(), { timeout: 500 }).toEqual([]);
    await expect.poll(() => t.runner.labPid(), { timeout: 10_000 }).toBeNull();
  });

  it('keeps answering other API calls while a lab run measures', async () => {
    const run = liveLabRun({ profile: 'default', workloads: [{ id: 'blur3x3', approaches: ['JS'] }] });
    await run.started;
    const info = await request(t.runner.port, { path: '/api/info', headers: headers() });
    expect(info.status).toBe(200);
    // The runner's own thread is not the one measuring: the answer comes before the approach (1.2 s) ends.
    expect(run.seen.some((e) => e.type === 'result')).toBe(false);
    run.abort();
    await run.done;
    await expect.poll(() => jobProcesses(), { timeout: 10_000 }).toEqual([]);
  });
});
