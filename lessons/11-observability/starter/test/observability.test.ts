import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import { createApp } from '../src/app.js';
import { currentRequest, Histogram, setLogSink, withRequestId } from '../src/telemetry.js';

let lines: string[] = [];
let server: http.Server;
let base: string;

before(async () => {
  setLogSink((line) => lines.push(line));
  server = createApp();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());
beforeEach(() => {
  lines = [];
});

type LogLine = { time: string; level: string; msg: string; request_id?: string; [k: string]: unknown };
const parsed = (): LogLine[] =>
  lines.map((l) => {
    try {
      return JSON.parse(l) as LogLine;
    } catch {
      return assert.fail(`log line is not one JSON object: ${l}`);
    }
  });

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
/** Parses the Prometheus text exposition format (the sample lines; # HELP/# TYPE are checked apart). */
function parseMetrics(text: string): Sample[] {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(l);
      if (!m) return assert.fail(`not a valid sample line in /metrics: ${JSON.stringify(l)}`);
      const labels: Record<string, string> = {};
      for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
      return { name: m[1]!, labels, value: m[3] === '+Inf' ? Infinity : Number(m[3]) };
    });
}
const buckets = (samples: Sample[], name: string) => samples.filter((s) => s.name === `${name}_bucket`);
const single = (samples: Sample[], name: string) => samples.find((s) => s.name === name)?.value;

test('every log line is one JSON object with time, level, msg and request_id', async () => {
  const res = await fetch(`${base}/orders/5`, { headers: { 'x-request-id': 'trace-abc' } });
  assert.equal(res.headers.get('x-request-id'), 'trace-abc', 'the caller\'s x-request-id should be echoed in the response');
  const logs = parsed();
  assert.ok(logs.length >= 3, `expected request started, db query and request finished lines, got ${logs.length}`);
  for (const l of logs) {
    assert.ok(l.time && l.level && l.msg, `a log line lacks time/level/msg: ${JSON.stringify(l)}`);
    assert.equal(l.request_id, 'trace-abc', `the line "${l.msg}" should carry the caller's request id trace-abc`);
  }
});

test('concurrent requests keep their own request_id in every line, also after an await', async () => {
  const orders = [11, 12, 13, 14, 15, 16];
  await Promise.all(orders.map((o) => fetch(`${base}/orders/${o}`, { headers: { 'x-request-id': `req-${o}` } })));
  const queries = parsed().filter((l) => l.msg === 'db query');
  assert.equal(queries.length, orders.length, 'each request should log one "db query" line');
  for (const q of queries) {
    assert.equal(
      q.request_id,
      `req-${q.order_id}`,
      `the db query for order ${q.order_id} was logged with request_id ${q.request_id}: a module-level variable is ` +
        'overwritten by the next request while this one awaits; AsyncLocalStorage keeps one value per async chain',
    );
  }
  for (const l of parsed().filter((x) => x.msg === 'request finished')) {
    assert.ok(String(l.request_id).startsWith('req-'), `"request finished" has no request id: ${JSON.stringify(l)}`);
  }
});

test('withRequestId keeps each chain\'s id after an await while another chain runs in between', async () => {
  // A latch instead of timers: A waits until B has started and set its own id, then goes on.
  let releaseA!: () => void;
  const aMayGoOn = new Promise<void>((resolve) => {
    releaseA = resolve;
  });
  const seen: string[] = [];
  const a = withRequestId('req-a', async () => {
    seen.push(`A before await: ${currentRequest()}`);
    await aMayGoOn;
    seen.push(`A after await: ${currentRequest()}`);
  });
  const b = withRequestId('req-b', async () => {
    seen.push(`B before await: ${currentRequest()}`);
    releaseA();
    await Promise.resolve();
    seen.push(`B after await: ${currentRequest()}`);
  });
  await Promise.all([a, b]);
  assert.deepEqual(
    [...seen].sort(),
    ['A after await: req-a', 'A before await: req-a', 'B after await: req-b', 'B before await: req-b'],
    `request A resumed after B had started: each must still see its own id, got ${JSON.stringify(seen)}. ` +
      'A module-level variable holds the id of whichever request started last; AsyncLocalStorage keeps one per async chain',
  );
  assert.equal(currentRequest(), undefined, 'outside withRequestId, currentRequest() should be undefined (no request is being handled)');
});

test('http_requests_total counts by method, route template and status', async () => {
  const app = createApp();
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  try {
    for (const p of ['/orders/1', '/orders/2', '/orders/777', '/no/such/page']) await fetch(url + p);
    const res = await fetch(`${url}/metrics`);
    assert.match(String(res.headers.get('content-type')), /^text\/plain; version=0\.0\.4/, '/metrics should be text/plain; version=0.0.4');
    const text = await res.text();
    assert.match(text, /^# TYPE http_requests_total counter$/m, '/metrics should declare http_requests_total as a counter');
    const samples = parseMetrics(text).filter((s) => s.name === 'http_requests_total');
    const count = (route: string, status: string) =>
      samples.find((s) => s.labels.method === 'GET' && s.labels.route === route && s.labels.status === status)?.value;
    assert.equal(count('/orders/:id', '200'), 2, 'two GET /orders/:id answered 200');
    assert.equal(count('/orders/:id', '404'), 1, 'one GET /orders/:id answered 404');
    assert.equal(count('unmatched', '404'), 1, 'unknown paths share the route label "unmatched"');
    assert.ok(!text.includes('/orders/777'), 'raw paths must not become label values (one series per id would never stop growing)');
  } finally {
    app.close();
  }
});

test('Histogram buckets are cumulative, include le="+Inf", and count a value equal to a bound in that bucket', () => {
  const h = new Histogram('job_seconds', 'Job time.', [0.05, 0.5, 1]);
  for (const v of [0.01, 0.05, 0.3, 0.7, 4]) h.observe(v);
  const samples = parseMetrics(h.render());
  const got = Object.fromEntries(buckets(samples, 'job_seconds').map((s) => [s.labels.le, s.value]));
  assert.deepEqual(
    got,
    { '0.05': 2, '0.5': 3, '1': 4, '+Inf': 5 },
    'bucket le="x" counts every observation <= x, a value equal to x included (so counts never go down), and le="+Inf" counts all of them',
  );
  assert.equal(single(samples, 'job_seconds_count'), 5, 'job_seconds_count should be the number of observations');
  assert.ok(Math.abs((single(samples, 'job_seconds_sum') ?? NaN) - 5.06) < 1e-9, 'job_seconds_sum should be the sum of the observed values');
});

test('GET /metrics exposes a consistent request-duration histogram', async () => {
  for (const o of [1, 2, 3]) await fetch(`${base}/orders/${o}`);
  const text = await (await fetch(`${base}/metrics`)).text();
  assert.match(text, /^# TYPE http_request_duration_seconds histogram$/m, 'declare the histogram with # TYPE ... histogram');
  const samples = parseMetrics(text);
  const bs = buckets(samples, 'http_request_duration_seconds');
  assert.ok(bs.length > 0, 'no http_request_duration_seconds_bucket samples');
  bs.forEach((b, i) => {
    if (i > 0) assert.ok(b.value >= bs[i - 1]!.value, `bucket le="${b.labels.le}" (${b.value}) is below the one before it: buckets are cumulative`);
  });
  const last = bs[bs.length - 1]!;
  assert.equal(last.labels.le, '+Inf', 'the last bucket must be le="+Inf"');
  assert.equal(last.value, single(samples, 'http_request_duration_seconds_count'), 'the +Inf bucket must equal _count');
});
