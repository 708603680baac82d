import http, { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sirv from 'sirv';
import type { LessonSource } from '../contracts/lesson-loader.ts';
import { RUNNER_NAME, type RunnerEvent, type RunnerInfo, type RunnerLimits } from '../contracts/runner-protocol.ts';
import { createRustTrack, rustRefusal, type RustTrackOptions } from './cargo/rust-track.ts';
import { createLabApi } from './lab-api.ts';
import { allowedHosts, bearerToken, isLoopback, requestOriginProblem, tokensEqual } from './auth.ts';
import { OUTPUT_LIMIT_BYTES } from './lesson-script.ts';
import { DEFAULT_RUN_LIMITS, type RunLimits } from './project-run.ts';
import { RunManager } from './run-manager.ts';
import { openNdjsonStream, readJsonBody, runRequestParser } from './run-request.ts';
import { sweepAbandonedRunDirs } from './run-dir.ts';
import { detectSeatBelts } from './seat-belts.ts';
import { PreviewRoutes } from './preview.ts';
import { WorkshopActivity, workshopStatus } from './workshop.ts';
import { PREVIEW_PREFIX } from '../contracts/workshop-protocol.ts';

/**
 * The local runner: serves the built workbook with the cross-origin isolation headers and runs lesson
 * projects for the page that holds the token. What it defends against: docs/security-model.md.
 * Order of the checks on every request: Host (all paths), then for /api/: token, Origin and
 * Sec-Fetch-Site, route and method, content type, body size, JSON schema, capacity.
 */
export interface RunnerOptions {
  /** A loopback name (the default) listens on 127.0.0.1 and [::1]; anything else only there. */
  host: string;
  port: number;
  token: string;
  /** The built site (vite build output); null serves the API only (tests). */
  distDir: string | null;
  lessons: LessonSource[];
  nodeModulesDir: string;
  /** The benchmark lab's routes (/api/lab/, lab-api.ts); on unless false. */
  lab?: boolean;
  version: string;
  limits?: Partial<RunnerLimits>;
  processLimits?: Partial<RunLimits>;
  /** Where run directories are made (default: the OS temp dir). */
  runRoot?: string;
  /** The Rust track: crate source, slot cache (runner/cargo/rust-track.ts); false leaves it out. */
  rust?: RustTrackOptions | false;
  /**
   * Slow-client limits (tests shorten them). `firstByteTimeoutMs`: a connection that sends nothing for
   * that long is closed (default 5 s). `maxConnectionsPerAddress` (default 64) and `maxConnections`
   * (default 256, all addresses): a new connection beyond either first closes the oldest connection
   * that never sent a byte (of that address, or of any), and is itself closed only if there is none.
   */
  http?: { headersTimeoutMs?: number; requestTimeoutMs?: number; firstByteTimeoutMs?: number; maxConnectionsPerAddress?: number; maxConnections?: number };
}

export interface RunningRunner {
  url: string;
  port: number;
  /** Every address listened on, e.g. ["127.0.0.1:4310", "[::1]:4310"]. */
  addresses: string[];
  /** The Host header values it answers to. */
  hosts: string[];
  manager: RunManager;
  info: RunnerInfo;
  /** The running lab job's process id, or null (tests). */
  labPid(): number | null;
  close(): Promise<void>;
}

const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

export function defaultLimits(): RunnerLimits {
  return {
    maxFiles: 200,
    maxTotalBytes: 2 * 1024 * 1024,
    maxBodyBytes: 3 * 1024 * 1024,
    maxConcurrentRuns: Math.max(2, os.availableParallelism() * 2),
    maxQueuedRuns: 64,
    outputLimitBytes: OUTPUT_LIMIT_BYTES,
    memoryLimitBytes: DEFAULT_RUN_LIMITS.memoryBytes,
    maxProcesses: DEFAULT_RUN_LIMITS.maxProcesses,
  };
}

export async function startRunner(options: RunnerOptions): Promise<RunningRunner> {
  const limits: RunnerLimits = { ...defaultLimits(), ...options.limits };
  const lessons = new Map(options.lessons.map((l) => [l.id, l]));
  const seatBelts = await detectSeatBelts();
  // Runs left behind by a runner that crashed are cleaned before new ones start.
  await sweepAbandonedRunDirs(options.runRoot ?? os.tmpdir());
  // The Rust track: cargo found (or why not) once, before the first run.
  const rust = options.rust === false ? undefined : await createRustTrack(options.rust ?? {});
  // The Preview through this port (/preview/<capability>/), for remote learners too: runner/preview.ts.
  const previews = new PreviewRoutes();
  const activity = new WorkshopActivity();
  const manager = new RunManager({
    limits,
    previews,
    ...(rust ? { rust } : {}),
    nodeModulesDir: options.nodeModulesDir,
    ...(options.runRoot ? { runRoot: options.runRoot } : {}),
    ...(options.processLimits ? { processLimits: options.processLimits } : {}),
  });
  const parseRunRequest = runRequestParser(new Set(lessons.keys()), limits);

  const statics = options.distDir ? staticFiles(options.distDir) : null;

  let hosts = new Set<string>();

  const sendJson = (res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra });
    res.end(JSON.stringify(body));
  };
  // For refusals sent before the body was read: the connection closes instead of draining it.
  const refuseEarly = (res: ServerResponse, status: number, error: string, extra: Record<string, string> = {}) => sendJson(res, status, { error }, { connection: 'close', ...extra });
  const lab = options.lab === false ? null : await createLabApi({ reply: { json: sendJson, refuseEarly } });
  const info: RunnerInfo = {
    runner: RUNNER_NAME,
    version: options.version,
    node: process.version,
    lessons: [...lessons.keys()],
    limits,
    startedAt: new Date().toISOString(),
    seatBelts,
    ...(lab ? { lab: lab.info } : {}),
    ...(rust ? { rust: rust.info } : {}),
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
    // Node keeps the first of two Host headers; a proxy in front may have read the other one.
    if ((req.headersDistinct.host?.length ?? 0) > 1) return refuseEarly(res, 400, 'the request has more than one Host header');
    if (!hosts.has(req.headers.host ?? '')) {
      return refuseEarly(res, 421, `this runner only answers to ${[...hosts].join(', ')}`);
    }
    const pathname = pathnameOf(req.url);
    if (pathname === null) return refuseEarly(res, 400, 'the request target is not a valid path');
    if (pathname.startsWith(PREVIEW_PREFIX)) return previews.handle(req, res);
    if (!pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuseEarly(res, 405, 'static files are GET only', { allow: 'GET, HEAD' });
      if (!statics) return sendJson(res, 404, { error: 'this runner serves no site' });
      // The built files are small; byte ranges only add ways to ask for something odd.
      delete req.headers.range;
      return statics(req, res, sendJson);
    }

    const token = bearerToken(req);
    if (!token || !tokensEqual(token, options.token)) {
      // `runner: true` lets the page tell "this is the runner, but the token is wrong" from "no runner here".
      const error = token ? 'wrong token: open the URL that `npm start` printed' : 'missing token: open the URL that `npm start` printed';
      return sendJson(res, 401, { error, runner: true }, { connection: 'close', 'www-authenticate': 'Bearer' });
    }
    const originProblem = requestOriginProblem(req, hosts);
    if (originProblem) return refuseEarly(res, 403, originProblem);
    activity.seen(req.socket.remoteAddress);

    if (pathname === '/api/info') {
      if (req.method !== 'GET') return refuseEarly(res, 405, 'use GET', { allow: 'GET' });
      return sendJson(res, 200, info);
    }
    if (pathname === '/api/workshop') {
      if (req.method !== 'GET') return refuseEarly(res, 405, 'use GET', { allow: 'GET' });
      return sendJson(res, 200, workshopStatus({ loopback, host: options.host, port, hosts, activity, running: manager.activeCount, queued: manager.queuedCount, limits }));
    }
    const stopMatch = /^\/api\/runs\/([a-f0-9]{24})\/stop$/.exec(pathname);
    if (stopMatch) {
      if (req.method !== 'POST') return refuseEarly(res, 405, 'use POST', { allow: 'POST' });
      return sendJson(res, 200, { stopped: manager.stopById(stopMatch[1]!) });
    }
    if (pathname.startsWith('/api/lab/')) {
      if (!lab) return refuseEarly(res, 404, 'this runner has no benchmark lab');
      return lab.handle(req, res, pathname);
    }
    if (pathname === '/api/runs') {
      if (req.method !== 'POST') return refuseEarly(res, 405, 'use POST', { allow: 'POST' });
      return startRun(req, res);
    }
    return refuseEarly(res, 404, `no API route ${req.method} ${pathname}`);
  };

  const busy = (res: ServerResponse) => refuseEarly(res, 429, 'the runner is busy: too many runs at once', { 'retry-after': '5' });

  const startRun = async (req: IncomingMessage, res: ServerResponse) => {
    const text = await readJsonBody(req, res, {
      maxBytes: limits.maxBodyBytes,
      what: 'run request',
      refuse: refuseEarly,
      busy: () => {
        if (!manager.isFull()) return false;
        busy(res);
        return true;
      },
    });
    if (text === null) return;
    const parsed = parseRunRequest(text);
    if (!parsed.ok) return sendJson(res, parsed.status, { error: parsed.error });
    if (manager.isFull()) return busy(res);
    const lesson = lessons.get(parsed.request.lessonId)!;
    if (parsed.request.track === 'rust') {
      const refusal = rustRefusal(rust, lesson);
      if (refusal) return sendJson(res, refusal.status, { error: refusal.error });
    }
    const write = openNdjsonStream<RunnerEvent>(res);
    const ticket = manager.submit(lesson, parsed.request, write);
    // Closing the page or aborting the fetch ends the run: nothing keeps running unobserved.
    res.on('close', () => ticket.stop());
    await ticket.done;
    res.end();
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      // Only a defect gets here; bad input is refused above with a 4xx.
      console.error('runner: unexpected error', e);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    });
  };

  const servers: http.Server[] = [];
  const guard = connectionGuard({
    firstByteTimeoutMs: options.http?.firstByteTimeoutMs ?? 5_000,
    perAddress: options.http?.maxConnectionsPerAddress ?? 64,
    total: options.http?.maxConnections ?? 256,
  });
  const listen = async (host: string, port: number) => {
    const server = http.createServer(
      {
        maxHeaderSize: 16 * 1024,
        headersTimeout: options.http?.headersTimeoutMs ?? 10_000,
        requestTimeout: options.http?.requestTimeoutMs ?? 30_000,
        connectionsCheckingInterval: Math.min(1000, options.http?.headersTimeoutMs ?? 1000),
        keepAliveTimeout: 5_000,
      },
      onRequest,
    );
    // The guard decides who gets a place; Node's own limit (which drops the newcomer) is only a backstop.
    server.maxConnections = (options.http?.maxConnections ?? 256) + 16;
    server.on('connection', guard.admit);
    server.on('clientError', answerClientError);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // [::1] only on IPv6; a wildcard "::" also takes IPv4, so 127.0.0.1 works there too.
      server.listen({ port, host, ipv6Only: host === '::1' }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    servers.push(server);
    return (server.address() as AddressInfo).port;
  };

  const loopback = isLoopback(options.host);
  const port = await listen(loopback ? '127.0.0.1' : options.host, options.port);
  const addresses = [loopback ? `127.0.0.1:${port}` : `${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`];
  if (loopback) {
    // `localhost` may resolve to ::1 first; without this a browser could reach nothing (or something else).
    const v6 = await listen('::1', port).catch(() => null);
    if (v6 !== null) addresses.push(`[::1]:${port}`);
  }
  hosts = allowedHosts(loopback ? '127.0.0.1' : options.host, port);
  // A wildcard address is not a name a browser can use (and not an allowed Host): show loopback.
  const wildcard = options.host === '0.0.0.0' || options.host === '::';
  const shownHost = loopback || wildcard ? '127.0.0.1' : options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    addresses,
    hosts: [...hosts],
    manager,
    info,
    labPid: () => lab?.runningPid() ?? null,
    async close() {
      const closed = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
      for (const s of servers) s.closeIdleConnections();
      await Promise.all([manager.stopAll('the local runner was shut down'), lab?.close()]);
      // Let the streams write their last event before the connections are cut.
      await new Promise((r) => setImmediate(r));
      for (const s of servers) s.closeAllConnections();
      await Promise.all(closed);
    },
  };
}

/**
 * The built site by sirv: precompressed `.br`/`.gz` copies (site/build/compress-plugin.ts) chosen by
 * `Accept-Encoding` (sirv adds `Vary: Accept-Encoding`), hashed assets cached for a year, the rest
 * revalidated. sirv lists dist/ once and pipes a read stream with no error handler into the response:
 * when dist/ is rebuilt while the runner serves (`npm run build` in another terminal), a listed file
 * can be gone, and that stream's ENOENT used to crash the runner. Here sirv's `writeHead` only sets
 * the status and headers (they go out with the first byte), so a read that fails before its first
 * byte becomes a 503 with `Retry-After` (one that fails later ends that response only), and the
 * listing is taken again: after a read error, or on a miss when dist/index.html changed since.
 */
export function staticFiles(distDir: string) {
  const make = () =>
    sirv(distDir, {
      single: true,
      dev: false,
      etag: true,
      brotli: true,
      gzip: true,
      setHeaders(res, pathname) {
        res.setHeader('cache-control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  const indexStamp = () => {
    try {
      return statSync(path.join(distDir, 'index.html')).mtimeMs;
    } catch {
      return -1;
    }
  };
  let handler = make();
  let listedAt = indexStamp();
  let stale = false;
  type Reply = (res: ServerResponse, status: number, body: unknown, extra?: Record<string, string>) => void;
  return (req: IncomingMessage, res: ServerResponse, reply: Reply) => {
    // One stat per request: a rebuilt dist/ has other hashed names and other sizes (Content-Length).
    if (stale || indexStamp() !== listedAt) {
      try {
        const stamp = indexStamp();
        handler = make();
        listedAt = stamp;
        stale = false;
      } catch {
        stale = true; // dist/ is being rebuilt right now: the old listing serves, the next request tries again
      }
    }
    const realWriteHead = res.writeHead.bind(res);
    const restore = () => {
      res.writeHead = realWriteHead as typeof res.writeHead;
    };
    // sirv's writeHead(code, headers) becomes implicit headers, flushed by the first write or end
    // (whose implicit writeHead is then the real one again).
    res.writeHead = ((code: number, headers?: Record<string, string | number>) => {
      restore();
      res.statusCode = code;
      for (const [k, v] of Object.entries(headers ?? {})) res.setHeader(k, v);
      return res;
    }) as typeof res.writeHead;
    res.on('pipe', (source: NodeJS.ReadableStream) => {
      source.once('error', (e: NodeJS.ErrnoException) => {
        stale = true;
        restore();
        if (res.headersSent) return void res.destroy();
        for (const name of res.getHeaderNames()) if (!(name in ISOLATION_HEADERS)) res.removeHeader(name);
        const rebuilt = e.code === 'ENOENT' || e.code === 'ENOTDIR';
        reply(res, 503, { error: rebuilt ? 'the built site changed while this file was read (dist/ rebuilt?): reload in a moment' : `the file could not be read (${e.code ?? 'error'})` }, { 'retry-after': '2' });
      });
    });
    handler(req, res, () => {
      restore();
      reply(res, 404, { error: 'not found' });
    });
  };
}

/**
 * Connections that never send a byte would otherwise stay open until Node's headers timeout, which only
 * starts counting at the first byte: 255 of them locked everyone out. Here a connection must send
 * something within `firstByteTimeoutMs`, one address holds at most `perAddress` connections and all of
 * them at most `total`. At a limit, the newcomer takes the place of the oldest connection that has
 * never spoken (of its address, else of any), so a flood of silent sockets cannot keep out a real
 * request (a browser sends its request as soon as it is connected); only when every place is held by
 * a connection that did send something is the newcomer closed.
 */
function connectionGuard(limits: { firstByteTimeoutMs: number; perAddress: number; total: number }) {
  // Insertion order is age order: the first silent one found is the oldest. The address is kept, as a
  // closed socket may no longer say it.
  const open = new Map<Socket, string>();
  const perAddress = new Map<string, Set<Socket>>();
  const silent = (s: Socket) => s.bytesRead === 0 && !s.destroyed;
  const evictOldestSilent = (among: Iterable<Socket>, except: Socket): boolean => {
    for (const s of among) {
      if (s !== except && silent(s)) {
        s.destroy();
        forget(s);
        return true;
      }
    }
    return false;
  };
  const forget = (s: Socket) => {
    const address = open.get(s);
    if (address === undefined) return;
    open.delete(s);
    const mine = perAddress.get(address);
    mine?.delete(s);
    if (mine?.size === 0) perAddress.delete(address);
  };
  return {
    admit(socket: Socket) {
      const address = socket.remoteAddress ?? '';
      if ((perAddress.get(address)?.size ?? 0) >= limits.perAddress && !evictOldestSilent(perAddress.get(address)!, socket)) return void socket.destroy();
      if (open.size >= limits.total && !evictOldestSilent(open.keys(), socket)) return void socket.destroy();
      let mine = perAddress.get(address);
      if (!mine) perAddress.set(address, (mine = new Set()));
      open.set(socket, address);
      mine.add(socket);
      const timer = setTimeout(() => {
        if (silent(socket)) socket.destroy();
      }, limits.firstByteTimeoutMs);
      timer.unref();
      socket.once('close', () => {
        clearTimeout(timer);
        forget(socket);
      });
    },
  };
}

function pathnameOf(target: string | undefined): string | null {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(target, 'http://runner.invalid').pathname;
  } catch {
    return null;
  }
}

function answerClientError(err: NodeJS.ErrnoException, socket: Socket) {
  // Like Node's own handler: answer only if nothing was written yet (not after a response of ours).
  if (!socket.writable || socket.bytesWritten > 0 || err.code === 'ECONNRESET') return void socket.destroy();
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({ error: status === 431 ? 'request headers are too large' : status === 408 ? 'the request took too long to arrive' : 'malformed HTTP request' });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}
