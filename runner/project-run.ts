import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';
import type { ProjectFiles, RunExit } from '../contracts/project.ts';
import { countUserTasks, watchRun } from './process-watch.ts';
import { createRunDir, removeRunDir, RUN_MARKER } from './run-dir.ts';
import { sandboxArgv } from './sandbox.ts';
import { DEFAULT_PROCESS_LIMITS, detectSeatBelts, permissionOptions, quoteOption, ulimitPrefix, withExec, type ProcessLimits } from './seat-belts.ts';

export { BadProjectError } from './run-dir.ts';

/**
 * Runs one lesson script in a fresh run directory (run-dir.ts) as a child process group, inside the
 * bubblewrap sandbox where this machine has one (sandbox.ts) and the seat belts it supports
 * (seat-belts.ts) in any case, watched for process count and memory
 * (process-watch.ts), with a wall-clock limit and an output cap. When it ends for any reason every
 * process it started is killed and the directory removed. Shared by the local runner's API and by
 * scripts/verify-lessons.ts, so CI proves lessons through the same code path learners use.
 */
export interface RunLimits extends ProcessLimits {
  /** Processes of one run at once (process-watch.ts). */
  maxProcesses: number;
  /** Resident memory of all processes of one run together (process-watch.ts). */
  memoryBytes: number;
}

export const DEFAULT_RUN_LIMITS: RunLimits = { ...DEFAULT_PROCESS_LIMITS, maxProcesses: 256, memoryBytes: 1024 * 1024 * 1024 };

export interface ProjectRunOptions {
  files: ProjectFiles;
  /** A script taken from the lesson's package.json on disk, never from a request. */
  command: string;
  timeoutMs: number;
  outputLimitBytes: number;
  /** The root node_modules, linked beside the project so runs need no install and no network. */
  nodeModulesDir: string;
  /** Where run directories are made (default: the OS temp dir). */
  runRoot?: string;
  limits?: Partial<RunLimits>;
  env?: Record<string, string>;
  /**
   * Inside the sandbox: 'none' (default) gives the run only its own loopback; 'host' keeps the host's
   * network, for a run that serves the Preview (the runner's proxy reaches it on the host's
   * 127.0.0.1:PORT). Without the sandbox every run has the host's network.
   */
  network?: 'none' | 'host';
  onOutput(chunk: string, stream: 'stdout' | 'stderr'): void;
}

export interface ProjectRun {
  readonly runDir: string;
  readonly pid: number | undefined;
  readonly exit: Promise<RunExit>;
  /** Most processes and most memory seen at once (0 where not watched). */
  readonly peak: { processes: number; rssBytes: number };
  stop(reason?: RunExit['reason'], message?: string): void;
}

/** Makes the run's stdout and stderr blocking, so a tight print loop meets the output cap (see the file). */
const CHILD_PRELOAD = realpathSync(fileURLToPath(new URL('./child-preload.cjs', import.meta.url)));

/** After the script exits, how long its pipes may stay open (held by an escaped process) before we cut them. */
const PIPE_GRACE_MS = 2000;

export async function startProjectRun(opts: ProjectRunOptions): Promise<ProjectRun> {
  const limits = { ...DEFAULT_RUN_LIMITS, ...opts.limits };
  const belts = await detectSeatBelts();
  const dir = await createRunDir(opts.runRoot ?? os.tmpdir(), opts.files, opts.nodeModulesDir);
  const marker = `${RUN_MARKER}=${dir.root}`;
  const userTasks = belts.processCountLimit ? countUserTasks() : null;
  const nodeOptions = [
    `--max-old-space-size=${limits.heapMb}`,
    quoteOption(`--require=${CHILD_PRELOAD}`),
    ...(belts.nodePermissions
      ? permissionOptions(belts.nodePermissions, { read: [dir.root, dir.nodeModules, CHILD_PRELOAD], write: [dir.project, dir.tmp] })
      : []),
  ];

  const shell = ['/bin/sh', '-c', ulimitPrefix(belts, limits, userTasks === null ? null : userTasks + limits.nprocHeadroom) + withExec(opts.command)];
  const sandbox = belts.sandbox.kind === 'bubblewrap' ? belts.sandbox : undefined;
  const sandboxed = sandbox !== undefined;
  // In the sandbox the spawned process is bwrap; the shell runs in new namespaces (see sandbox.ts).
  // Killing bwrap (the group kill below) ends the namespace's init and with it every process inside.
  const argv = sandbox
    ? [...sandboxArgv({ runDir: dir.root, cwd: dir.project, network: opts.network ?? 'none', extraReadable: [dir.nodeModules, CHILD_PRELOAD] }, sandbox.path), ...shell]
    : shell;
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: dir.project,
    detached: true, // its own process group, so Stop and timeouts kill everything it started
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...opts.env,
      // The runner's own node first, so the permission flags detected for it are the ones that apply.
      PATH: [path.dirname(process.execPath), path.join(dir.nodeModules, '.bin'), process.env.PATH ?? ''].join(path.delimiter),
      HOME: dir.tmp,
      TMPDIR: dir.tmp,
      LANG: process.env.LANG ?? 'C.UTF-8',
      FORCE_COLOR: '1',
      NODE_OPTIONS: nodeOptions.join(' '),
      [RUN_MARKER]: dir.root,
    },
  });

  let reason: RunExit['reason'];
  let message: string | undefined;
  let outputBytes = 0;
  let stderrTail = '';
  const killGroup = () => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
  };
  const stop = (why: RunExit['reason'] = 'stopped', explanation?: string) => {
    if (!reason && explanation) message ??= explanation;
    reason ??= why;
    killGroup();
    void watch?.killAll();
  };
  const watch =
    child.pid === undefined
      ? undefined
      : watchRun({
          rootPid: child.pid,
          marker,
          maxProcesses: limits.maxProcesses,
          memoryBytes: limits.memoryBytes,
          onLimit(why) {
            message ??= why;
            stop('error');
          },
        });
  const timer = setTimeout(() => {
    message ??= `time limit of ${Math.round(opts.timeoutMs / 1000)} s reached; the run was stopped`;
    stop('timeout');
  }, opts.timeoutMs);

  const forward = (stream: 'stdout' | 'stderr') => {
    // One decoder per stream: a character split across two chunks is not garbled.
    const decoder = new StringDecoder('utf8');
    const emit = (text: string) => {
      if (!text) return;
      if (stream === 'stderr') stderrTail = (stderrTail + text).slice(-4096);
      opts.onOutput(text, stream);
    };
    child[stream].on('data', (buf: Buffer) => {
      if (reason === 'output-limit') return;
      outputBytes += buf.length;
      if (outputBytes > opts.outputLimitBytes) {
        const room = buf.length - (outputBytes - opts.outputLimitBytes);
        if (room > 0) emit(decoder.write(buf.subarray(0, room)));
        emit(decoder.end());
        opts.onOutput('\n[output truncated]\n', 'stderr');
        message ??= `output passed ${Math.round(opts.outputLimitBytes / 1024)} KiB; the run was stopped`;
        stop('output-limit');
        return;
      }
      emit(decoder.write(buf));
    });
    child[stream].on('end', () => reason !== 'output-limit' && emit(decoder.end()));
  };
  forward('stdout');
  forward('stderr');

  // When the script itself exits, whatever it left running in the background (a server it forked)
  // dies with it; otherwise those processes would hold the pipes open and 'close' would never come.
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  let sweptAtExit: Promise<number> = Promise.resolve(0);
  child.on('exit', () => {
    killGroup();
    sweptAtExit = watch?.killAll() ?? sweptAtExit;
    graceTimer = setTimeout(() => {
      child.stdout.destroy();
      child.stderr.destroy();
    }, PIPE_GRACE_MS);
  });
  const exit = new Promise<RunExit>((resolve) => {
    child.on('error', (e) => {
      message ??= e.message;
      reason ??= 'error';
    });
    child.on('close', (exitCode, exitSignal) => {
      const { code, signal } = sandboxed ? unwrapBwrapStatus(exitCode, exitSignal) : { code: exitCode, signal: exitSignal };
      clearTimeout(timer);
      clearTimeout(graceTimer);
      if (!reason && ranOutOfMemory(code, signal, stderrTail)) {
        opts.onOutput(`\n[the process ran out of memory: each process may use ${Math.round(limits.processMemoryBytes / 1024 / 1024)} MiB, its JS heap ${limits.heapMb} MiB]\n`, 'stderr');
      }
      void (async () => {
        // One more sweep only if the first found something: what it killed may have forked meanwhile.
        if ((await sweptAtExit) > 0) await watch?.killAll();
        watch?.close();
        await removeRunDir(dir.root);
        resolve({ code, signal, ...(reason ? { reason } : {}), ...(message ? { message } : {}) });
      })();
    });
  });

  return {
    runDir: dir.root,
    pid: child.pid,
    exit,
    stop,
    get peak() {
      return { processes: watch?.peakProcesses ?? 0, rssBytes: watch?.peakRssBytes ?? 0 };
    },
  };
}

/**
 * bwrap reports a command killed by a signal as exit code 128 + n (it cannot die of the same signal
 * itself). Turned back into the signal, so a crash still shows SIGABRT or SIGSEGV as without the
 * sandbox. A script that itself exits with 129…192 is reported as that signal too: the one ambiguity.
 */
function unwrapBwrapStatus(code: number | null, signal: NodeJS.Signals | null): { code: number | null; signal: NodeJS.Signals | null } {
  if (code === null || code <= 128 || code > 128 + 64) return { code, signal };
  const name = Object.entries(os.constants.signals).find(([, n]) => n === code - 128)?.[0] as NodeJS.Signals | undefined;
  return name ? { code: null, signal: name } : { code, signal };
}

function ranOutOfMemory(code: number | null, signal: string | null, stderr: string): boolean {
  const crashed = code !== 0 || signal !== null;
  return crashed && /heap out of memory|Array buffer allocation failed|Allocation failed|Cannot allocate memory|ENOMEM/i.test(stderr);
}
