import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunnerCgroup } from '../contracts/runner-protocol.ts';

/**
 * Memory and process limits that hold for root too: a cgroup v2 of its own for every run, where this
 * process may make one. RLIMIT_NPROC does nothing for root and the /proc watchdog looks only every
 * 0.4 s; a cgroup's `memory.max` and `pids.max` are the kernel's, for every process of the run at
 * once, whoever it runs as. Detected once per start (detectCgroup), reported in /api/info as
 * `seatBelts.cgroup`; without one the rlimits and the watchdog are all there is (as before).
 *
 * Layout, under the cgroup this process is in (`own`, from /proc/self/cgroup's `0::` line):
 *   own/                         memory and pids enabled in cgroup.subtree_control
 *   own/workbook-runner-<pid>/   this process, if `own` held it (a cgroup with processes cannot hand
 *                                controllers to children: the "no internal processes" rule)
 *   own/workbook-runs-<pid>/     the parent of this runner's runs (memory, pids for its children)
 *   own/workbook-runs-<pid>/run-<n>/   one run: memory.max, pids.max, memory.oom.group = 1
 *
 * WORKBOOK_CGROUP=off turns it off; WORKBOOK_CGROUP_ROOT names another mount point than
 * /sys/fs/cgroup (tests use a temp dir with the same files).
 */
export interface CgroupProbe {
  /** Where cgroupfs is mounted (default /sys/fs/cgroup, or WORKBOOK_CGROUP_ROOT). */
  root: string;
  /** The text of /proc/self/cgroup. */
  selfCgroup: string;
  pid: number;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
}

const CONTROLLERS = ['memory', 'pids'] as const;
let detected: RunnerCgroup | undefined;

export function defaultProbe(env: NodeJS.ProcessEnv = process.env): CgroupProbe {
  let selfCgroup = '';
  try {
    selfCgroup = readFileSync('/proc/self/cgroup', 'utf8');
  } catch {
    // not Linux, or no /proc
  }
  return { root: env.WORKBOOK_CGROUP_ROOT ? path.resolve(env.WORKBOOK_CGROUP_ROOT) : '/sys/fs/cgroup', selfCgroup, pid: process.pid, env, platform: process.platform };
}

/** Measured once per process (it may move this process into a leaf cgroup); every run reuses the answer. */
export function detectCgroup(probe: CgroupProbe = defaultProbe()): RunnerCgroup {
  detected ??= measureCgroup(probe);
  return detected;
}

/** For tests. */
export function resetCgroupDetection(): void {
  detected = undefined;
}

const words = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split(/\s+/).filter(Boolean) : []);
const code = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** Tries it, does not assume it: the answer is a cgroup this process could make and fill, or why not. */
export function measureCgroup(probe: CgroupProbe): RunnerCgroup {
  const none = (reason: string): RunnerCgroup => ({ kind: 'none', reason });
  if (probe.env.WORKBOOK_CGROUP === 'off') return none('turned off by WORKBOOK_CGROUP=off');
  if (probe.platform !== 'linux') return none(`cgroups need Linux (this is ${probe.platform})`);
  // The unified hierarchy at the mount point, or (a "hybrid" machine) at <root>/unified.
  const hybrid = !existsSync(path.join(probe.root, 'cgroup.controllers'));
  const v2root = hybrid ? path.join(probe.root, 'unified') : probe.root;
  if (!existsSync(path.join(v2root, 'cgroup.controllers'))) return none(`no cgroup v2 hierarchy at ${probe.root} (cgroup v1 only)`);
  const line = probe.selfCgroup.split('\n').find((l) => l.startsWith('0::'));
  if (!line) return none('this process is in no cgroup v2 (/proc/self/cgroup has no 0:: line)');
  const own = path.resolve(v2root, `.${line.slice(3).trim()}`);
  const available = words(path.join(own, 'cgroup.controllers'));
  const missing = CONTROLLERS.filter((c) => !available.includes(c));
  if (missing.length) {
    const where = hybrid ? 'this machine keeps them on its cgroup v1 hierarchy' : 'they are not delegated to it';
    return none(`the cgroup v2 ${own} has no ${missing.join(' and ')} controller${missing.length > 1 ? 's' : ''} (${where})`);
  }
  sweepLeftovers(own);
  const enabled = () => CONTROLLERS.every((c) => words(path.join(own, 'cgroup.subtree_control')).some((w) => w.replace(/^\+/, '') === c));
  let leaf: string | undefined;
  try {
    if (!enabled()) {
      try {
        writeFileSync(path.join(own, 'cgroup.subtree_control'), '+memory +pids');
      } catch (e) {
        if (code(e) !== 'EBUSY') throw e;
        // `own` holds this process: move it into a leaf of its own, then try again.
        leaf = path.join(own, `workbook-runner-${probe.pid}`);
        mkdirSync(leaf, { recursive: true });
        writeFileSync(path.join(leaf, 'cgroup.procs'), String(probe.pid));
        try {
          writeFileSync(path.join(own, 'cgroup.subtree_control'), '+memory +pids');
        } catch (again) {
          writeFileSync(path.join(own, 'cgroup.procs'), String(probe.pid));
          rmdirSync(leaf);
          if (code(again) === 'EBUSY') return none(`the cgroup v2 ${own} holds other processes besides the runner, so it cannot hand memory and pids to a cgroup per run (start the runner in a cgroup of its own, e.g. systemd-run --user --scope -p Delegate=yes npm start)`);
          throw again;
        }
      }
      if (!enabled()) return none(`the memory and pids controllers could not be enabled in ${own}`);
    }
    const runs = path.join(own, `workbook-runs-${probe.pid}`);
    mkdirSync(runs, { recursive: true });
    writeFileSync(path.join(runs, 'cgroup.subtree_control'), '+memory +pids');
    return { kind: 'v2', path: runs };
  } catch (e) {
    return none(`the cgroup v2 ${own} is not writable by this process (${code(e)})`);
  }
}

export interface RunCgroupLimits {
  memoryBytes: number;
  /** pids.max counts threads as well as processes: see pidsMaxFor. */
  maxProcesses: number;
}

/**
 * pids.max counts tasks, i.e. threads too: an idle `node` has about 10, rustc a few per job. The
 * watchdog keeps counting processes against `maxProcesses`; the cgroup is the kernel's backstop that
 * a fork bomb cannot outrun between two of its ticks.
 */
export function pidsMaxFor(maxProcesses: number): number {
  return maxProcesses * 16;
}

export interface RunCgroup {
  readonly path: string;
  readonly pidsMax: number;
  /** The command line that joins this cgroup and then execs `argv` (no race with the first fork). */
  wrap(argv: string[]): string[];
  /** What the kernel counted: OOM kills and refused forks (zeros where the files say nothing). */
  events(): { oomKills: number; pidsRefused: number };
  remove(): Promise<void>;
}

export function createRunCgroup(parent: Extract<RunnerCgroup, { kind: 'v2' }>, id: string, limits: RunCgroupLimits): RunCgroup {
  const dir = path.join(parent.path, `run-${id}`);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'memory.max'), String(limits.memoryBytes));
  writeFileSync(path.join(dir, 'pids.max'), String(pidsMaxFor(limits.maxProcesses)));
  // The whole run dies at an OOM, not one process picked by the kernel; swap would only slow it down.
  for (const [file, value] of [['memory.oom.group', '1'], ['memory.swap.max', '0']] as const) {
    try {
      writeFileSync(path.join(dir, file), value);
    } catch {
      // an older kernel, or no swap accounting
    }
  }
  return {
    path: dir,
    pidsMax: pidsMaxFor(limits.maxProcesses),
    wrap: (argv) => cgroupArgv(path.join(dir, 'cgroup.procs'), argv),
    events: () => ({ oomKills: eventCount(path.join(dir, 'memory.events'), 'oom_kill'), pidsRefused: eventCount(path.join(dir, 'pids.events'), 'max') }),
    async remove() {
      // A cgroup goes once its last process has been reaped; the sweep killed them, reaping may lag.
      for (let i = 0; i < 50; i++) {
        try {
          rmdirSync(dir);
          return;
        } catch (e) {
          // Not cgroupfs (a test's temp dir keeps the files written above): removed as a folder.
          if (code(e) === 'ENOTEMPTY') return rmSync(dir, { recursive: true, force: true });
          if (code(e) !== 'EBUSY') return;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    },
  };
}

/** `sh -c 'echo $$ > cgroup.procs && exec "$@"'`: the shell joins the cgroup, then becomes the command. */
export function cgroupArgv(procsFile: string, argv: string[]): string[] {
  return ['/bin/sh', '-c', 'echo $$ > "$0" || { echo "[the run could not join its cgroup $0]" >&2; exit 125; }; exec "$@"', procsFile, ...argv];
}

/** `oom_kill 2` in memory.events, `max 5` in pids.events; 0 when absent. */
export function eventCount(file: string, key: string): number {
  try {
    const line = readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith(`${key} `));
    return line ? Number(line.slice(key.length + 1)) || 0 : 0;
  } catch {
    return 0;
  }
}

/** The cgroups a runner that is gone left in `own` (empty once its processes died): removed. */
function sweepLeftovers(own: string): void {
  let names: string[] = [];
  try {
    names = readdirSync(own);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^workbook-(?:runs|runner)-(\d+)$/.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    const dir = path.join(own, name);
    try {
      for (const child of readdirSync(dir)) if (child.startsWith('run-')) rmdirSync(path.join(dir, child));
      rmdirSync(dir);
    } catch {
      // still holds a process, or not cgroupfs
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return code(e) === 'EPERM';
  }
}

/** Removes this runner's parent cgroup (and the leaf it moved itself into stays: it is still in it). */
export function removeRunsCgroup(cg: RunnerCgroup): void {
  if (cg.kind !== 'v2') return;
  try {
    rmdirSync(cg.path);
  } catch {
    // a run's cgroup still there, or already gone
  }
}

/** Byte counts in words: 1 GiB, 2.5 GiB, 600 MiB. */
export function formatBytes(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  if (gib >= 1) return `${Number(gib.toFixed(1))} GiB`;
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}

/** One line for `npm start`. */
export function describeCgroup(cg: RunnerCgroup): string {
  return cg.kind === 'v2'
    ? `Limits: a cgroup v2 per run (memory.max, pids.max) under ${cg.path}, plus the rlimits and the /proc watchdog.`
    : `Limits: no cgroup per run (${cg.reason}); the rlimits and the /proc watchdog hold the memory and process limits.`;
}
