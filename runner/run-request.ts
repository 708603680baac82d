import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { RunnerLimits, RunRequest } from '../contracts/runner-protocol.ts';
import { rustFilesProblem } from './cargo/cargo-run.ts';
import { checkProjectPaths, MAX_PATH_LENGTH } from './safe-path.ts';

/**
 * Reading and validating POST /api/runs. Everything a request may say is here: which track (Node, the
 * default, or `rust`), which lesson, which script (run/check; Rust also diagnose), a shorter time
 * limit, and the files (Rust: only src/**.rs and build.rs). Unknown fields, wrong types, bad paths and
 * oversized projects are refused with a reason; the command that runs is never part of a request.
 */
export type ParsedRunRequest = { ok: true; request: RunRequest } | { ok: false; status: 400 | 413; error: string };

export function runRequestParser(lessonIds: Set<string>, limits: RunnerLimits) {
  const schema = z.strictObject({
    track: z.enum(['typescript', 'rust']).optional(),
    lessonId: z.string().max(100).refine((id) => lessonIds.has(id), 'is not a lesson of this workbook'),
    script: z.enum(['run', 'check', 'diagnose']),
    timeoutSeconds: z.number().positive().max(3600).optional(),
    files: z
      .record(z.string().max(MAX_PATH_LENGTH), z.string())
      .refine((f) => Object.keys(f).length <= limits.maxFiles, `must hold at most ${limits.maxFiles} files`)
      .refine((f) => Object.keys(f).length > 0, 'must hold at least one file'),
  });

  return (body: string): ParsedRunRequest => {
    // Before JSON.parse: 220k names in a 3 MiB body took parsing, the path checks and the schema about
    // 0.7 s of the event loop. The only nested object a valid request has is `files`.
    if (nestedKeysExceed(body, limits.maxFiles)) return { ok: false, status: 400, error: `files: must hold at most ${limits.maxFiles} files` };
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return { ok: false, status: 400, error: 'request body is not valid JSON' };
    }
    // Checked on the raw object, before a schema could drop a key such as "__proto__" unseen.
    const rawFiles = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as { files?: unknown }).files : undefined;
    if (typeof rawFiles === 'object' && rawFiles !== null && !Array.isArray(rawFiles)) {
      const names = Object.keys(rawFiles);
      if (names.length > limits.maxFiles) return { ok: false, status: 400, error: `files: must hold at most ${limits.maxFiles} files` };
      const problem = checkProjectPaths(names);
      if (problem) return { ok: false, status: 400, error: `files: ${problem}` };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { ok: false, status: 400, error: `${issue.path.map(String).join('.') || 'body'}: ${issue.message}` };
    }
    const total = Object.values(parsed.data.files).reduce((n, t) => n + Buffer.byteLength(t), 0);
    if (total > limits.maxTotalBytes) return { ok: false, status: 413, error: `files: must total at most ${limits.maxTotalBytes} bytes` };
    const { timeoutSeconds, track, script, lessonId, files } = parsed.data;
    const timeout = timeoutSeconds !== undefined ? { timeoutSeconds } : {};
    if (track === 'rust') {
      const problem = rustFilesProblem(files);
      if (problem) return { ok: false, status: 400, error: `files: ${problem}` };
      return { ok: true, request: { track, lessonId, script, files, ...timeout } };
    }
    if (script === 'diagnose') return { ok: false, status: 400, error: 'script: "diagnose" is a Rust script (send track: "rust")' };
    return { ok: true, request: { ...(track ? { track } : {}), lessonId, script, files, ...timeout } };
  };
}

/**
 * Whether the JSON text has more than `limit` keys in objects below the top level: one pass over the
 * characters (a few ms for 3 MiB), stopping as soon as it knows. Only colons outside strings count;
 * for malformed text the answer is a guess, and JSON.parse refuses it afterwards anyway.
 */
export function nestedKeysExceed(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  let keys = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) depth++;
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
    else if (c === 0x3a /* : */ && depth >= 2 && ++keys > limit) return true;
  }
  return false;
}

export type BodyResult = { state: 'ok'; text: string } | { state: 'too-big' } | { state: 'aborted' };

/** Reads a body up to `limit` bytes; stops listening at once when it is larger or the client goes. */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (r: BodyResult) => {
      if (settled) return;
      settled = true;
      req.removeAllListeners('data');
      resolve(r);
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.pause();
        settle({ state: 'too-big' });
      } else chunks.push(c);
    });
    req.on('end', () => settle({ state: 'ok', text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => settle({ state: 'aborted' }));
    req.on('close', () => settle({ state: 'aborted' }));
  });
}

type Refuse = (res: ServerResponse, status: number, error: string) => void;

/**
 * The intake every JSON POST of the API shares: the content type, the declared and the actual size.
 * A refusal is answered here (4xx with a reason) and gives null; `busy` runs after the header checks
 * and before the body is read, and answers by itself when it returns true.
 */
export async function readJsonBody(
  req: IncomingMessage,
  res: ServerResponse,
  options: { maxBytes: number; what: string; refuse: Refuse; busy?: () => boolean },
): Promise<string | null> {
  const { maxBytes, refuse } = options;
  if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
    refuse(res, 415, `send the ${options.what} as application/json`);
    return null;
  }
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
    refuse(res, 413, `request body is larger than ${maxBytes} bytes`);
    return null;
  }
  if (options.busy?.()) return null;
  const body = await readBody(req, maxBytes);
  if (body.state === 'aborted') {
    res.destroy();
    return null;
  }
  if (body.state === 'too-big') {
    refuse(res, 413, `request body is larger than ${maxBytes} bytes`);
    return null;
  }
  return body.text;
}

/**
 * Starts a 200 NDJSON stream; the returned function writes one event per line while the client listens.
 * When the client does not read as fast as events come (the response's buffer is full), it returns a
 * promise that resolves once the response drained or closed: the run's pipes wait for it (supervise.ts),
 * so an unread stream holds a buffer's worth of output in the runner, not everything the run printed.
 */
export function openNdjsonStream<E>(res: ServerResponse): (event: E) => void | Promise<void> {
  res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
  res.flushHeaders();
  return (event) => {
    if (res.writableEnded || res.destroyed) return;
    if (res.write(`${JSON.stringify(event)}\n`)) return;
    return new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  };
}
