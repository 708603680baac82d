import { realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProjectFiles, RunExit } from '../contracts/project.ts';
import { createRunCgroup, formatBytes } from './cgroup.ts';
import { countUserTasks } from './process-watch.ts';
import { createRunDir, removeRunDir, RUN_MARKER } from './run-dir.ts';
import { pidNamespaceWanted, sandboxArgv } from './sandbox.ts';
import { supervise } from './supervise.ts';
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
  /** A returned promise pauses the run's output until it resolves (the client is behind). */
  onOutput(chunk: string, stream: 'stdout' | 'stderr'): unknown;
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
  let cgroup;
  try {
    cgroup = belts.cgroup?.kind === 'v2' ? createRunCgroup(belts.cgroup, path.basename(dir.root), limits) : undefined;
  } catch (e) {
    await removeRunDir(dir.root);
    throw e;
  }
  const run = supervise({
    argv,
    cwd: dir.project,
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
    marker,
    sandboxed,
    // Without a PID namespace, the subreaper ends what the run leaves behind (reaper.ts).
    ...(belts.reaper?.kind === 'subreaper' && !(sandboxed && pidNamespaceWanted()) ? { reaperSyscall: belts.reaper.syscall } : {}),
    maxProcesses: limits.maxProcesses,
    memoryBytes: limits.memoryBytes,
    timeoutMs: opts.timeoutMs,
    outputLimitBytes: opts.outputLimitBytes,
    onOutput: opts.onOutput,
    outOfMemoryNote: (stderr, code, signal) => outOfMemoryWords(code, signal, stderr, limits),
    ...(cgroup ? { cgroup } : {}),
    cleanup: () => removeRunDir(dir.root),
  });

  return {
    runDir: dir.root,
    pid: run.pid,
    exit: run.exit,
    stop: run.stop,
    get peak() {
      return run.peak;
    },
  };
}

/** Words for a process that crashed of memory: V8's heap limit, or an allocation the rlimit refused. */
export function outOfMemoryWords(code: number | null, signal: string | null, stderr: string, limits: Pick<RunLimits, 'heapMb' | 'processMemoryBytes'>): string | null {
  if (code === 0 && signal === null) return null;
  if (/heap out of memory|Reached heap limit/i.test(stderr)) return `a process of the run ran out of memory: it used more than its ${limits.heapMb} MiB of JS heap and was stopped`;
  if (/Array buffer allocation failed|Allocation failed|Cannot allocate memory|ENOMEM/i.test(stderr)) {
    return `a process of the run ran out of memory: each process may use ${formatBytes(limits.processMemoryBytes)}; it asked for more and was stopped`;
  }
  return null;
}
