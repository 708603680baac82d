import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Counter, Histogram, log, requestIdFrom, withRequestId } from './telemetry.js';

const HOME = `<!doctype html>
<html><head><meta charset="utf-8"><title>Orders service</title></head><body>
<h1>Orders service</h1>
<ul>
  <li><a href="/orders/42">GET /orders/42</a>: one order (ids above 100 do not exist: 404)</li>
  <li><a href="/metrics">GET /metrics</a>: Prometheus metrics (a counter and a histogram)</li>
</ul>
<p>Every request writes JSON log lines to the console, each with its request_id.
Send <code>x-request-id: abc</code> to choose the id yourself.</p>
</body></html>
`;

/** Pretends to query a database: it takes a while, and it logs without being handed the request id. */
async function loadOrder(id: number): Promise<{ id: number; total: number } | undefined> {
  await sleep(5 + Math.random() * 30);
  log('debug', 'db query', { table: 'orders', order_id: id });
  return id >= 1 && id <= 100 ? { id, total: id * 3 } : undefined;
}

interface Reply {
  status: number;
  type: string;
  body: string;
}

/** An HTTP server with its own metrics, so every test can start a fresh one. */
export function createApp(): http.Server {
  const requests = new Counter('http_requests_total', 'HTTP requests by method, route and status.');
  const duration = new Histogram('http_request_duration_seconds', 'Time to answer an HTTP request.', [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
  ]);

  // The route label is the route's template, never the raw path: one series per order id would
  // grow without limit (unbounded label cardinality is the classic way to break Prometheus).
  async function route(method: string, path: string): Promise<{ route: string; reply: Reply }> {
    const order = /^\/orders\/(\d+)$/.exec(path);
    if (method === 'GET' && order) {
      const found = await loadOrder(Number(order[1]));
      const reply = found
        ? { status: 200, type: 'application/json', body: JSON.stringify(found) }
        : { status: 404, type: 'application/json', body: JSON.stringify({ error: 'no such order' }) };
      return { route: '/orders/:id', reply };
    }
    if (method === 'GET' && path === '/metrics') {
      const body = requests.render() + duration.render();
      return { route: '/metrics', reply: { status: 200, type: 'text/plain; version=0.0.4', body } };
    }
    if (method === 'GET' && path === '/') return { route: '/', reply: { status: 200, type: 'text/html', body: HOME } };
    return { route: 'unmatched', reply: { status: 404, type: 'application/json', body: '{"error":"not found"}' } };
  }

  return http.createServer((req, res) => {
    const id = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', id);
    void withRequestId(id, async () => {
      const started = performance.now();
      const method = req.method ?? 'GET';
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      log('info', 'request started', { method, path });
      let matched = 'unmatched';
      let reply: Reply = { status: 500, type: 'application/json', body: '{"error":"internal error"}' };
      try {
        ({ route: matched, reply } = await route(method, path));
      } catch (e) {
        log('error', 'handler failed', { error: (e as Error).message });
      }
      const seconds = (performance.now() - started) / 1000;
      requests.inc({ method, route: matched, status: String(reply.status) });
      duration.observe(seconds);
      log('info', 'request finished', { method, route: matched, status: reply.status, ms: Math.round(seconds * 1000) });
      res.writeHead(reply.status, { 'content-type': `${reply.type}; charset=utf-8` }).end(reply.body);
    });
  });
}
