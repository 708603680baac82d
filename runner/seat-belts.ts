import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { RunnerSeatBelts } from '../contracts/runner-protocol.ts';
import { detectCgroup } from './cgroup.ts';
import { detectReaper } from './reaper.ts';
import { detectSandbox } from './sandbox.ts';

/**
 * What the runner wraps around a learner's process, and what this machine actually enforces. Each
 * belt is measured once per runner start (a real child process tries it), not assumed, so /api/info,
 * the README and the tests say what holds here. The seat belts alone are not a sandbox; the bubblewrap
 * sandbox (sandbox.ts) is detected here too and reported as `sandbox`: see docs/security-model.md.
 *
 *   - Node's permission model (Node 20: --experimental-permission; 22+: --permission): file reads limited
 *     to the run directory and the installed node_modules, writes to the project and its temp folder.
 *     Passed through NODE_OPTIONS, so every `node` the script starts that keeps that variable (node --test's
 *     children too) has it; one started with a cleaned environment (`env: {}`) does not.
 *   - rlimits set by the shell before it execs the script: data segment (per-process memory, works with
 *     V8 and Wasm unlike RLIMIT_AS), file size, no core dumps, and the per-user process count where the
 *     kernel applies it (not to root).
 */
export interface ProcessLimits {
  /** JS heap of each node process (--max-old-space-size). */
  heapMb: number;
  /** RLIMIT_DATA of each process: heap, ArrayBuffers, Wasm memory, malloc. */
  processMemoryBytes: number;
  /** Largest file a run may write (RLIMIT_FSIZE). */
  fileSizeBytes: number;
  /** Headroom over the user's current task count for RLIMIT_NPROC (it counts all of the user's threads). */
  nprocHeadroom: number;
}

export const DEFAULT_PROCESS_LIMITS: ProcessLimits = {
  heapMb: 512,
  processMemoryBytes: 768 * 1024 * 1024,
  fileSizeBytes: 64 * 1024 * 1024,
  nprocHeadroom: 1024,
};

const run = promisify(execFile);
let detected: Promise<RunnerSeatBelts> | undefined;

/** Measured once per process; every run reuses the answer. */
export function detectSeatBelts(): Promise<RunnerSeatBelts> {
  detected ??= measure();
  return detected;
}

/**
 * For the benchmark: the belts the next runs get (e.g. the measured ones with the sandbox left out,
 * to time the seat-belts-only path against the sandbox in one process). Runs read it as they start.
 */
export function useSeatBelts(belts: RunnerSeatBelts): void {
  detected = Promise.resolve(belts);
}

/** For tests: measure again on the next call (e.g. after changing WORKBOOK_SANDBOX). */
export function resetSeatBeltDetection(): void {
  detected = undefined;
}

async function measure(): Promise<RunnerSeatBelts> {
  const permissionFlag = ['--permission', '--experimental-permission'].find((f) => process.allowedNodeEnvironmentFlags.has(f));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'workbook-belts-'));
  try {
    let nodePermissions = false;
    if (permissionFlag) {
      // Inside: readable. Outside (this module's own source): must be refused.
      await writeFile(path.join(dir, 'probe.cjs'), `const fs = require('fs');\nfs.readFileSync(__filename);\ntry { fs.readFileSync(${JSON.stringify(fileURLToPath(import.meta.url))}); console.log('open') } catch { console.log('closed') }\n`);
      const env = { ...process.env, NODE_OPTIONS: permissionOptions(permissionFlag, { read: [dir], write: [dir] }).join(' ') };
      const out = await run(process.execPath, [path.join(dir, 'probe.cjs')], { env, timeout: 10_000 }).catch(() => ({ stdout: '' }));
      nodePermissions = out.stdout.trim() === 'closed';
    }
    const limits = DEFAULT_PROCESS_LIMITS;
    const shellSays = async (script: string) => (await run('/bin/sh', ['-c', script], { timeout: 10_000 }).catch(() => ({ stdout: '' }))).stdout.trim();
    const data = (await shellSays(`ulimit -d ${limits.processMemoryBytes / 1024} && ulimit -d`)) === String(limits.processMemoryBytes / 1024);
    const fileSize = (await shellSays(`ulimit -f ${limits.fileSizeBytes / 512} && echo ok`)) === 'ok';
    return {
      nodePermissions: nodePermissions ? permissionFlag! : null,
      processMemoryLimit: data,
      fileSizeLimit: fileSize,
      // The kernel does not apply RLIMIT_NPROC to root (nor to CAP_SYS_RESOURCE/CAP_SYS_ADMIN holders).
      processCountLimit: process.platform === 'linux' && process.getuid?.() !== 0,
      processWatch: process.platform === 'linux',
      sandbox: await detectSandbox(),
      cgroup: detectCgroup(),
      // WORKBOOK_REAPER=off: for tests that show what the reaper is for.
      reaper: process.env.WORKBOOK_REAPER === 'off' ? { kind: 'none', reason: 'turned off by WORKBOOK_REAPER=off' } : await detectReaper(),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One NODE_OPTIONS entry, quoted: NODE_OPTIONS splits on spaces, and paths may hold them. */
export function quoteOption(option: string): string {
  return `"${option.replace(/(["\\])/g, '\\$1')}"`;
}

/** The permission flags for NODE_OPTIONS. */
export function permissionOptions(flag: string, dirs: { read: string[]; write: string[] }): string[] {
  return [
    flag,
    ...dirs.read.map((d) => quoteOption(`--allow-fs-read=${d}`)),
    ...dirs.write.map((d) => quoteOption(`--allow-fs-write=${d}`)),
    // node --test starts a child per test file; worker threads inherit the same permissions.
    '--allow-child-process',
    '--allow-worker',
    '--disable-warning=ExperimentalWarning',
    '--disable-warning=SecurityWarning',
  ];
}

/**
 * The shell lines that set the rlimits before the script starts. `nprocLimit` is the user's current
 * task count plus headroom (RLIMIT_NPROC is per user, so a fixed number would either do nothing or stop
 * a desktop with a busy browser from starting anything).
 */
export function ulimitPrefix(
  belts: Pick<RunnerSeatBelts, 'processMemoryLimit' | 'fileSizeLimit' | 'processCountLimit'>,
  limits: Pick<ProcessLimits, 'processMemoryBytes' | 'fileSizeBytes'>,
  nprocLimit: number | null,
): string {
  const lines = ['ulimit -c 0 2>/dev/null'];
  if (belts.processMemoryLimit) lines.push(`ulimit -d ${Math.floor(limits.processMemoryBytes / 1024)}`);
  if (belts.fileSizeLimit) lines.push(`ulimit -f ${Math.floor(limits.fileSizeBytes / 512)}`);
  if (belts.processCountLimit && nprocLimit !== null) lines.push(`ulimit -u ${nprocLimit} 2>/dev/null`);
  return `${lines.join('; ')}; `;
}

/**
 * `exec` replaces the shell with the script's process, so a crash is reported as the signal that
 * killed it (SIGABRT, SIGSEGV) instead of the shell's 128+n exit code. Only for a plain command.
 */
export function withExec(command: string): string {
  return /^[A-Za-z0-9_./=@%+:,\- ]+$/.test(command) ? `exec ${command}` : command;
}
