import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { z } from 'zod';
import type { LessonSource } from '../site/build/lesson-loader.ts';
import { RUNNER_NAME, type RunnerEvent, type RunnerInfo, type RunnerLimits } from '../site/src/runtime/protocol.ts';
import { allowedHosts, bearerToken, originAllowed, tokensEqual } from './auth.ts';
import { OUTPUT_LIMIT_BYTES } from './lesson-script.ts';
import { RunManager } from './run-manager.ts';
import { checkProjectPath } from './safe-path.ts';

/**
 * The local runner: serves the built workbook with the cross-origin isolation headers and runs lesson
 * projects for the page that holds the token. Security model: README "Security model".
 */
export interface RunnerOptions {
  host: string;
  port: number;
  token: string;
  /** The built site (vite build output); null serves the API only (tests). */
  distDir: string | null;
  lessons: LessonSource[];
  nodeModulesDir: string;
  version: string;
  limits?: Partial<RunnerLimits>;
}

export interface RunningRunner {
  url: string;
  port: number;
  manager: RunManager;
  close(): Promise<void>;
}

const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function startRunner(options: RunnerOptions): Promise<RunningRunner> {
  const limits: RunnerLimits = {
    maxFiles: 200,
    maxTotalBytes: 2 * 1024 * 1024,
    maxConcurrentRuns: Math.max(2, os.availableParallelism() * 2),
    maxQueuedRuns: 32,
    outputLimitBytes: OUTPUT_LIMIT_BYTES,
    ...options.limits,
  };
  const lessons = new Map(options.lessons.map((l) => [l.id, l]));
  const manager = new RunManager(limits, options.nodeModulesDir);
  const runRequestSchema = z.strictObject({
    lessonId: z.string().refine((id) => lessons.has(id), 'is not a lesson of this workbook'),
    script: z.enum(['run', 'check']),
    timeoutSeconds: z.number().positive().max(3600).optional(),
    files: z
      .record(z.string(), z.string())
      .refine((f) => Object.keys(f).length <= limits.maxFiles, `must hold at most ${limits.maxFiles} files`)
      .refine((f) => Object.values(f).reduce((n, t) => n + Buffer.byteLength(t), 0) <= limits.maxTotalBytes, `must total at most ${limits.maxTotalBytes} bytes`)
      .superRefine((f, ctx) => {
        for (const p of Object.keys(f)) {
          const problem = checkProjectPath(p);
          if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [p] });
        }
      }),
  });

  const statics = options.distDir
    ? sirv(options.distDir, {
        single: true,
        dev: false,
        etag: true,
        setHeaders(res, pathname) {
          res.setHeader('cache-control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      })
    : null;

  let hosts = new Set<string>();

  const sendJson = (res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
    if (!hosts.has(req.headers.host ?? '')) {
      return sendJson(res, 421, { error: `this runner only answers to ${[...hosts].join(', ')}` });
    }
    const url = new URL(req.url ?? '/', 'http://runner.invalid');
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'static files are GET only' });
      if (!statics) return sendJson(res, 404, { error: 'this runner serves no site' });
      return statics(req, res, () => sendJson(res, 404, { error: 'not found' }));
    }

    const token = bearerToken(req);
    if (!token || !tokensEqual(token, options.token)) {
      return sendJson(res, 401, {
        error: token ? 'wrong token: open the URL that `npm start` printed' : 'missing token: open the URL that `npm start` printed',
        runner: true,
      });
    }
    if (req.method !== 'GET' && !originAllowed(req, hosts)) {
      return sendJson(res, 403, { error: `requests from origin ${req.headers.origin} are not allowed` });
    }

    if (req.method === 'GET' && url.pathname === '/api/info') {
      const info: RunnerInfo = { runner: RUNNER_NAME, version: options.version, node: process.version, lessons: [...lessons.keys()], limits };
      return sendJson(res, 200, info);
    }
    const stopMatch = /^\/api\/runs\/([a-f0-9]{24})\/stop$/.exec(url.pathname);
    if (req.method === 'POST' && stopMatch) {
      return sendJson(res, 200, { stopped: manager.stopById(stopMatch[1]!) });
    }
    if (req.method === 'POST' && url.pathname === '/api/runs') {
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
        return sendJson(res, 415, { error: 'send the run request as application/json' });
      }
      const body = await readBody(req, MAX_BODY_BYTES);
      if (body === null) return sendJson(res, 413, { error: `request body is larger than ${MAX_BODY_BYTES} bytes` });
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return sendJson(res, 400, { error: 'request body is not valid JSON' });
      }
      const parsed = runRequestSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return sendJson(res, 400, { error: `${issue.path.map(String).join('.') || 'body'}: ${issue.message}` });
      }
      const { lessonId, script, files, timeoutSeconds } = parsed.data;
      const write = (e: RunnerEvent) => {
        if (!res.writableEnded && !res.destroyed) res.write(`${JSON.stringify(e)}\n`);
      };
      if (manager.isFull()) return sendJson(res, 429, { error: 'the runner is busy: too many runs at once' }, { 'retry-after': '5' });
      res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
      res.flushHeaders();
      const ticket = manager.submit(lessons.get(lessonId)!, script, files, write, timeoutSeconds);
      // Closing the page or aborting the fetch ends the run: nothing keeps running unobserved.
      res.on('close', () => ticket.stop());
      await ticket.done;
      res.end();
      return;
    }
    return sendJson(res, 404, { error: `no API route ${req.method} ${url.pathname}` });
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      console.error('runner: unexpected error', e);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    });
  });
  server.on('clientError', (_e, socket) => socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  hosts = allowedHosts(options.host, port);
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    manager,
    async close() {
      manager.stopAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
