import { fork, type ChildProcess } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createNodePlatform } from '../labs/engine/platform-node.ts';
import type { LabRunEvent, LabRunnerInfo } from '../contracts/lab-protocol.ts';
import type { ToLabJob } from './lab-job.ts';
import { parseLabRequest } from './lab-request.ts';
import { openNdjsonStream, readJsonBody } from './run-request.ts';

/**
 * The benchmark lab's routes (/api/lab/…), reached from server.ts only after its Host, token, Origin and
 * Sec-Fetch-Site checks. One lab run at a time, in a child `node` process (lab-job.ts) in a process group
 * of its own: a closed stream or the time limit kills the group (workers, cargo, the native bench with
 * it); Stop asks the job to end after its current approach and kills it if it has not within the grace.
 * The request names only engine workloads and approaches, so a lab run executes the repository's own
 * engine code, never code from the request.
 */
export interface LabApi {
  info: LabRunnerInfo;
  handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void>;
  /** The running job's process id (tests), or null. */
  runningPid(): number | null;
  close(): Promise<void>;
}

interface Reply {
  json(res: ServerResponse, status: number, body: unknown, extra?: Record<string, string>): void;
  /** A refusal before the body was read: the connection closes. */
  refuseEarly(res: ServerResponse, status: number, error: string, extra?: Record<string, string>): void;
}

export interface LabApiOptions {
  reply: Reply;
  /** A whole run is killed after this long (default 10 min: the default profile over every workload takes ~1 min). */
  timeLimitMs?: number;
  /** How long Stop waits for the current approach before killing the job. */
  stopGraceMs?: number;
}

/** Set in the job's environment (inherited by cargo and the native bench), so tests can find leftovers. */
export const LAB_JOB_MARKER = 'WORKBOOK_LAB_JOB';
const MAX_BODY_BYTES = 64 * 1024;
const jobEntry = fileURLToPath(new URL('./lab-job.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

interface Job {
  child: ChildProcess;
  stop(): void;
  exited: Promise<void>;
}

export async function createLabApi(options: LabApiOptions): Promise<LabApi> {
  const { reply } = options;
  const timeLimitMs = options.timeLimitMs ?? 10 * 60_000;
  const stopGraceMs = options.stopGraceMs ?? 10_000;
  const info: LabRunnerInfo = { available: true, capabilities: await createNodePlatform().capabilities(), timeLimitMs };
  let job: Job | null = null;

  const busy = (res: ServerResponse) => reply.refuseEarly(res, 409, 'a lab run is already running: wait for it to finish or stop it');

  async function startLabRun(req: IncomingMessage, res: ServerResponse) {
    const text = await readJsonBody(req, res, {
      maxBytes: MAX_BODY_BYTES,
      what: 'lab run request',
      refuse: reply.refuseEarly,
      busy: () => {
        if (job === null) return false;
        busy(res);
        return true;
      },
    });
    if (text === null) return;
    const parsed = parseLabRequest(text);
    if (!parsed.ok) return reply.json(res, parsed.status, { error: parsed.error });
    if (job) return busy(res);

    let finished = false;
    const send = openNdjsonStream<LabRunEvent>(res);
    const write = (event: LabRunEvent) => {
      if (event.type === 'done' || event.type === 'failed') finished = true;
      send(event);
    };

    // The job needs no token; it gets none.
    const env: NodeJS.ProcessEnv = { ...process.env, [LAB_JOB_MARKER]: String(process.pid) };
    delete env.WORKBOOK_TOKEN;
    const child = fork(jobEntry, [], { cwd: repoRoot, execArgv: ['--import', 'tsx'], env, detached: true, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-2000)));
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    let stopReason: string | undefined;
    let grace: NodeJS.Timeout | undefined;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const current: Job = {
      child,
      exited,
      stop() {
        if (stopReason) return;
        stopReason = 'stopped';
        if (child.connected) child.send({ type: 'cancel' } satisfies ToLabJob);
        grace = setTimeout(() => {
          stopReason = `stopped: the current approach did not finish within ${stopGraceMs / 1000} s`;
          killGroup();
        }, stopGraceMs);
      },
    };
    job = current;
    const limit = setTimeout(() => {
      stopReason = `stopped: a lab run may take at most ${Math.round(timeLimitMs / 60_000)} min`;
      killGroup();
    }, timeLimitMs);
    child.on('message', (event: LabRunEvent) => write(event));
    child.once('error', (e) => write({ type: 'failed', message: `the benchmark process could not start: ${e.message}` }));
    child.send({ type: 'start', request: parsed.request } satisfies ToLabJob);
    // Closing the page or aborting the fetch ends the run at once: nothing measures for nobody.
    res.on('close', () => !finished && killGroup());

    await exited;
    clearTimeout(limit);
    clearTimeout(grace);
    killGroup(); // whatever the job left behind in its group (before its id could be reused)
    if (!finished) write({ type: 'failed', message: stopReason ?? `the benchmark process ended unexpectedly (exit ${child.exitCode ?? child.signalCode}): ${stderr.trim().split('\n').slice(-3).join(' | ')}` });
    if (job === current) job = null;
    res.end();
  }

  return {
    info,
    runningPid: () => job?.child.pid ?? null,
    async handle(req, res, pathname) {
      if (pathname === '/api/lab/runs') {
        if (req.method !== 'POST') return reply.refuseEarly(res, 405, 'use POST', { allow: 'POST' });
        return startLabRun(req, res);
      }
      if (pathname === '/api/lab/runs/stop') {
        if (req.method !== 'POST') return reply.refuseEarly(res, 405, 'use POST', { allow: 'POST' });
        const running = job;
        running?.stop();
        return reply.json(res, 200, { stopped: running !== null });
      }
      return reply.refuseEarly(res, 404, `no API route ${req.method} ${pathname}`);
    },
    async close() {
      const running = job;
      if (!running) return;
      if (running.child.pid) {
        try {
          process.kill(-running.child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await running.exited;
    },
  };
}
