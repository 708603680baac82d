import { connect } from 'node:net';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A free loopback port for a learner's server (PORT env). */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once something accepts connections on the port; polls until `signal` aborts. */
export async function waitForPort(port: number, signal: AbortSignal): Promise<boolean> {
  while (!signal.aborted) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return true;
    await new Promise((r) => setTimeout(r, 150));
  }
  return false;
}

/**
 * Serves a learner's server to the Preview iframe from its own origin (its own port), adding the
 * headers the workbook page's cross-origin isolation requires of embedded documents. Being another
 * origin, the previewed page cannot read the workbook's storage or its token, and the runner refuses
 * its calls (wrong Origin, Sec-Fetch-Site "same-site", no token). Its Host check keeps other sites
 * from reading the preview through DNS rebinding.
 */
export async function startPreviewProxy(targetPort: number): Promise<{ url: string; close(): void }> {
  let ownHost = '';
  const server = http.createServer((req, res) => {
    const host = req.headers.host ?? '';
    if (host !== ownHost && host !== ownHost.replace('127.0.0.1', 'localhost')) {
      res.writeHead(421, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `unexpected Host "${host}"` }));
      return;
    }
    const upstream = http.request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${targetPort}` } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, {
          ...up.headers,
          'cross-origin-embedder-policy': 'require-corp',
          'cross-origin-resource-policy': 'cross-origin',
        });
        up.pipe(res);
      },
    );
    upstream.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain', 'cross-origin-resource-policy': 'cross-origin' });
      res.end(`The previewed server did not answer: ${e.message}`);
    });
    req.pipe(upstream);
    // The iframe went away (navigated, closed): stop talking to the learner's server for it.
    res.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  ownHost = `127.0.0.1:${port}`;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
