import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { LessonSource } from '../contracts/lesson-loader.ts';
import type { RunnerEvent, RunnerLimits } from '../contracts/runner-protocol.ts';
import type { ProjectFiles } from '../contracts/project.ts';
import { findProcesses } from './process-watch.ts';
import type { RunLimits } from './project-run.ts';
import { RUN_MARKER } from './run-dir.ts';
import { startRunner, type RunnerOptions, type RunningRunner } from './server.ts';

/**
 * Shared by the runner's tests (not a test itself): lessons with chosen scripts, a runner on a free
 * port whose run directories go to a folder of the test's own, raw HTTP requests (any Host, any
 * header), and the count of processes a test left behind.
 */
export const NODE_MODULES = path.resolve('node_modules');

export function testLesson(id: string, overrides: { run?: string; check?: string; preview?: boolean; timeouts?: { run?: number; check?: number } } = {}): LessonSource {
  return {
    id,
    slug: id,
    order: 90,
    dir: '/nonexistent',
    meta: {
      title: id,
      summary: 'runner test lesson',
      source: { article: 'top-10-rust-backend-2026', practice: 'Testing' },
      minutes: 5,
      objectives: ['Run'],
      rust: { listings: ['src/main.rs'], needsCrates: [] },
      exercise: { open: ['src/main.js'], preview: overrides.preview ?? false, runOutput: 'x', timeouts: overrides.timeouts ?? {} },
      hints: ['none'],
    },
    markdown: { prose: '', exercise: '', instructor: '' },
    rust: { files: [] },
    starter: {},
    solution: {},
    wrong: {},
    scripts: { run: overrides.run ?? 'node src/main.js', check: overrides.check ?? 'node --test --test-reporter=tap' },
  };
}

export const PACKAGE_JSON = JSON.stringify({ name: 'runner-test', private: true, type: 'module' });

export function project(main: string, extra: ProjectFiles = {}): ProjectFiles {
  return { 'package.json': PACKAGE_JSON, 'src/main.js': main, ...extra };
}

export interface TestRunner {
  runner: RunningRunner;
  token: string;
  runRoot: string;
  host: string;
  close(): Promise<void>;
}

export async function startTestRunner(
  lessons: LessonSource[],
  options: {
    limits?: Partial<RunnerLimits>;
    processLimits?: Partial<RunLimits>;
    http?: RunnerOptions['http'];
    token?: string;
    port?: number;
    distDir?: string;
    runRoot?: string;
    rust?: RunnerOptions['rust'];
  } = {},
): Promise<TestRunner> {
  const runRoot = options.runRoot ?? realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runner-test-')));
  const token = options.token ?? 'test-token-0123456789abcdefghijklmnop';
  const runner = await startRunner({
    host: '127.0.0.1',
    port: options.port ?? 0,
    token,
    distDir: options.distDir ?? null,
    lessons,
    nodeModulesDir: NODE_MODULES,
    version: 'test',
    runRoot,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.processLimits ? { processLimits: options.processLimits } : {}),
    ...(options.http ? { http: options.http } : {}),
    ...(options.rust !== undefined ? { rust: options.rust } : {}),
  });
  return {
    runner,
    token,
    runRoot,
    host: `127.0.0.1:${runner.port}`,
    async close() {
      await runner.close();
    },
  };
}

/** Processes that belong to runs made under `runRoot` (by the run marker or working directory). */
export function leftoverProcesses(runRoot: string): number[] {
  return findProcesses((env, cwd) => env.includes(`${RUN_MARKER}=${runRoot}/`) || cwd.startsWith(`${runRoot}/`));
}

/**
 * Processes (not zombies) whose command line holds `tag`: how tests find a process that carries
 * neither the run marker nor the run's folder (an escapee with a stripped environment, in /).
 * With `program`, only those whose argv[0] is it: the escapee itself, not the shell, `env` or
 * `setsid` that carry the same tag for a moment on their way to exec it.
 */
export function processesTagged(tag: string, program?: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'latin1');
      if (!cmdline.includes(tag) || (program !== undefined && cmdline.split('\0')[0] !== program)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z') found.push(Number(name));
    } catch {
      // gone
    }
  }
  return found;
}

/** `ps` lines that mention a run directory: for a readable failure message. */
export function psRunLines(): string {
  try {
    return execFileSync('ps', ['-eo', 'pid,pgid,args'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes('workbook-run-'))
      .join('\n');
  } catch {
    return '';
  }
}

/** After a test file: no process of its runs is alive and every run directory is gone. */
export async function expectCleanRunRoot(runRoot: string): Promise<{ processes: number[]; dirs: string[] }> {
  // Directories are removed right after the exit event is sent; give slow machines a moment.
  let result = { processes: leftoverProcesses(runRoot), dirs: readdirSync(runRoot) };
  for (let i = 0; i < 50 && (result.processes.length || result.dirs.length); i++) {
    await new Promise((r) => setTimeout(r, 100));
    result = { processes: leftoverProcesses(runRoot), dirs: readdirSync(runRoot) };
  }
  if (!result.processes.length && !result.dirs.length) rmSync(runRoot, { recursive: true, force: true });
  return result;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json(): unknown;
  events(): RunnerEvent[];
}

/** One HTTP request with full control of the headers (Host included). Never throws on a status. */
export function request(
  port: number,
  opts: { method?: string; path?: string; headers?: Record<string, string | string[]>; body?: string | Buffer; timeoutMs?: number; host?: string; localAddress?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: opts.host ?? '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path ?? '/', headers: opts.headers ?? {}, setHost: false, agent: false, ...(opts.localAddress ? { localAddress: opts.localAddress } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text) as unknown,
            events: () => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as RunnerEvent),
          });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(opts.timeoutMs ?? 60_000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** A well-formed, authorised run request; `headers` adds or replaces. */
export function postRun(t: TestRunner, body: unknown, headers: Record<string, string> = {}, timeoutMs?: number) {
  return request(t.runner.port, {
    method: 'POST',
    path: '/api/runs',
    headers: { host: t.host, authorization: `Bearer ${t.token}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}

export function outputOf(events: RunnerEvent[]): string {
  return events.map((e) => (e.type === 'output' ? e.data : '')).join('');
}

export function exitOf(events: RunnerEvent[]) {
  const exit = events.find((e) => e.type === 'exit');
  if (!exit || exit.type !== 'exit') throw new Error(`no exit event in ${JSON.stringify(events).slice(0, 500)}`);
  return exit;
}

/** Alive and not a zombie (a killed process waits as a zombie until its parent collects it). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

/** Sends raw bytes on a new connection; resolves with everything received until the server closes. */
export function rawExchange(port: number, chunks: string[], opts: { gapMs?: number; timeoutMs?: number } = {}): Promise<{ text: string; closed: boolean; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect({ host: '127.0.0.1', port });
    let text = '';
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ text, closed, ms: performance.now() - started });
    };
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    setTimeout(() => finish(false), opts.timeoutMs ?? 20_000).unref();
    socket.on('connect', async () => {
      for (const c of chunks) {
        if (done || socket.destroyed) return;
        socket.write(c);
        if (opts.gapMs) await new Promise((r) => setTimeout(r, opts.gapMs));
      }
    });
  });
}

export interface LiveRun {
  events: RunnerEvent[];
  status: Promise<number>;
  /** Resolves with the first event that matches (rejects after `timeoutMs`). */
  waitFor(match: (e: RunnerEvent) => boolean, timeoutMs?: number): Promise<RunnerEvent>;
  done: Promise<RunnerEvent[]>;
  /** Drops the connection, as closing the page does. */
  abort(): void;
}

/** A run whose events are read as they arrive (for Stop, disconnects and the preview). */
export function liveRun(t: TestRunner, body: unknown, headers: Record<string, string> = {}): LiveRun {
  const events: RunnerEvent[] = [];
  const waiters = new Set<() => void>();
  let setStatus!: (s: number) => void;
  const status = new Promise<number>((r) => (setStatus = r));
  let req!: http.ClientRequest;
  const done = new Promise<RunnerEvent[]>((resolve) => {
    req = http.request(
      { host: '127.0.0.1', port: t.runner.port, method: 'POST', path: '/api/runs', agent: false, headers: { host: t.host, authorization: `Bearer ${t.token}`, 'content-type': 'application/json', ...headers } },
      (res) => {
        setStatus(res.statusCode ?? 0);
        let buffer = '';
        res.on('data', (c: Buffer) => {
          buffer += c.toString('utf8');
          let nl;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            if (line.trim()) events.push(JSON.parse(line) as RunnerEvent);
          }
          for (const w of waiters) w();
        });
        res.on('end', () => resolve(events));
        res.on('error', () => resolve(events));
        res.on('close', () => resolve(events));
      },
    );
    req.on('error', () => {
      setStatus(0);
      resolve(events);
    });
    req.end(JSON.stringify(body));
  });
  return {
    events,
    status,
    done,
    abort: () => req.destroy(),
    waitFor(match, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events).slice(0, 400)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
        void done.then(() => {
          if (waiters.has(check)) {
            check();
            if (waiters.has(check)) {
              waiters.delete(check);
              clearTimeout(timer);
              reject(new Error(`the run ended without a matching event: ${JSON.stringify(events).slice(0, 400)}`));
            }
          }
        });
      });
    },
  };
}
