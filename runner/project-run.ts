import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ProjectFiles, RunExit } from '../site/src/runtime/types.ts';
import { checkProjectPath } from './safe-path.ts';

/**
 * Runs one lesson script in a fresh temporary directory as a child process group, with a wall-clock
 * limit and an output cap, and removes the directory afterwards. Shared by the local runner's API and
 * by scripts/verify-lessons.ts, so CI proves lessons through the same code path learners use.
 */
export interface ProjectRunOptions {
  files: ProjectFiles;
  /** A script taken from the lesson's package.json on disk, never from a request. */
  command: string;
  timeoutMs: number;
  outputLimitBytes: number;
  /** The root node_modules, linked into the run directory so runs need no install and no network. */
  nodeModulesDir: string;
  env?: Record<string, string>;
  onOutput(chunk: string, stream: 'stdout' | 'stderr'): void;
}

export interface ProjectRun {
  readonly runDir: string;
  readonly pid: number | undefined;
  readonly exit: Promise<RunExit>;
  stop(reason?: RunExit['reason']): void;
}

export class BadProjectError extends Error {}

export async function startProjectRun(opts: ProjectRunOptions): Promise<ProjectRun> {
  for (const file of Object.keys(opts.files)) {
    const problem = checkProjectPath(file);
    if (problem) throw new BadProjectError(problem);
  }
  const runDir = await mkdtemp(path.join(os.tmpdir(), 'workbook-run-'));
  try {
    for (const [file, text] of Object.entries(opts.files)) {
      const target = path.join(runDir, file);
      await mkdir(path.dirname(target), { recursive: true });
      // 'wx' refuses to follow or replace anything already there.
      await writeFile(target, text, { flag: 'wx' });
    }
    await symlink(opts.nodeModulesDir, path.join(runDir, 'node_modules'), 'dir');
  } catch (e) {
    await rm(runDir, { recursive: true, force: true });
    throw e;
  }

  const child = spawn('/bin/sh', ['-c', opts.command], {
    cwd: runDir,
    detached: true, // its own process group, so Stop and timeouts kill everything it started
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: `${path.join(opts.nodeModulesDir, '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: runDir,
      TMPDIR: runDir,
      LANG: process.env.LANG ?? 'C.UTF-8',
      FORCE_COLOR: '1',
      NODE_OPTIONS: '--max-old-space-size=512',
      ...opts.env,
    },
  });

  let reason: RunExit['reason'];
  let message: string | undefined;
  let outputBytes = 0;
  const killGroup = () => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
  };
  const stop = (why: RunExit['reason'] = 'stopped') => {
    reason ??= why;
    killGroup();
  };
  const timer = setTimeout(() => {
    message = `time limit of ${Math.round(opts.timeoutMs / 1000)} s reached; the run was stopped`;
    stop('timeout');
  }, opts.timeoutMs);

  const forward = (stream: 'stdout' | 'stderr') => (buf: Buffer) => {
    if (reason === 'output-limit') return;
    outputBytes += buf.length;
    if (outputBytes > opts.outputLimitBytes) {
      const room = buf.length - (outputBytes - opts.outputLimitBytes);
      if (room > 0) opts.onOutput(buf.subarray(0, room).toString('utf8'), stream);
      opts.onOutput('\n[output truncated]\n', 'stderr');
      message = `output passed ${Math.round(opts.outputLimitBytes / 1024)} KiB; the run was stopped`;
      stop('output-limit');
      return;
    }
    opts.onOutput(buf.toString('utf8'), stream);
  };
  child.stdout.on('data', forward('stdout'));
  child.stderr.on('data', forward('stderr'));

  // When the script itself exits, whatever it left running in the background (a server it forked)
  // dies with the group; otherwise those processes would hold the pipes open and 'close' never comes.
  child.on('exit', killGroup);
  const exit = new Promise<RunExit>((resolve) => {
    child.on('error', (e) => {
      message = e.message;
      reason ??= 'error';
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      void rm(runDir, { recursive: true, force: true }).finally(() =>
        resolve({ code, signal, ...(reason ? { reason } : {}), ...(message ? { message } : {}) }),
      );
    });
  });

  return { runDir, pid: child.pid, exit, stop };
}
