import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { formatBytes } from './cgroup.ts';

/**
 * Watches the processes of each run through /proc (Linux only; elsewhere it watches nothing and the
 * process group kill is all there is). Every tick it finds a run's processes: its process group, every
 * descendant of its first process, and every process seen before that is still alive, so a child
 * that left the group with setsid() stays counted. A run with too many processes or too much memory
 * in total is reported through `onLimit`; at the end `killAll` stops every one of them, including
 * processes that escaped both the group and the tree but still carry the run's environment marker.
 */
export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  rssBytes: number;
  /** Start time in clock ticks since boot: tells a live process from a new one with a reused pid. */
  start: string;
  /** Exited, not yet reaped: nothing left to kill (its parent, or init, collects it). */
  zombie?: boolean;
}

export interface RunWatchOptions {
  rootPid: number;
  /** `NAME=value` present in the environment of every process of the run. */
  marker: string;
  maxProcesses: number;
  memoryBytes: number;
  onLimit(message: string): void;
}

export interface RunWatch {
  readonly peakProcesses: number;
  readonly peakRssBytes: number;
  /** SIGKILLs every process of the run, repeatedly until none is left; resolves with how many were found. */
  killAll(): Promise<number>;
  close(): void;
}

export const processWatchAvailable = process.platform === 'linux';
const TICK_MS = 400;
const tracked = new Set<Tracked>();
let timer: ReturnType<typeof setInterval> | undefined;
let pageSize: number | undefined;

interface Tracked extends RunWatchOptions {
  /** The first process's start time: after it exits, its pid (and group id) could name someone else. */
  rootStart: string | undefined;
  known: Map<number, string>;
  peakProcesses: number;
  peakRssBytes: number;
  limited: boolean;
}

export function watchRun(options: RunWatchOptions): RunWatch {
  const run: Tracked = { ...options, rootStart: startOf(options.rootPid), known: new Map(), peakProcesses: 0, peakRssBytes: 0, limited: false };
  if (processWatchAvailable) {
    tracked.add(run);
    timer ??= setInterval(tick, TICK_MS);
    timer.unref();
  }
  const close = () => {
    tracked.delete(run);
    if (tracked.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
  return {
    get peakProcesses() {
      return run.peakProcesses;
    },
    get peakRssBytes() {
      return run.peakRssBytes;
    },
    async killAll() {
      if (!processWatchAvailable) return 0;
      let found = 0;
      for (let round = 0; round < 20; round++) {
        const procs = readProcesses();
        // Zombies are dead already: a SIGKILL changes nothing, and waiting for their reaping (by an
        // init that reaps slowly, as in some containers) cost a second per run.
        const victims = [...membersOf(run, procs).values()].filter((p) => !p.zombie).map((p) => p.pid);
        for (const pid of markedProcesses(run.marker, procs)) if (!victims.includes(pid) && !procs.get(pid)?.zombie) victims.push(pid);
        if (victims.length === 0) break;
        found += victims.length;
        killProcesses(victims);
        await new Promise((r) => setTimeout(r, 20));
      }
      return found;
    },
    close,
  };
}

function tick() {
  const procs = readProcesses();
  for (const run of tracked) {
    const members = membersOf(run, procs);
    run.known = new Map([...members].map(([pid, p]) => [pid, p.start]));
    const rss = [...members.values()].reduce((n, p) => n + p.rssBytes, 0);
    run.peakProcesses = Math.max(run.peakProcesses, members.size);
    run.peakRssBytes = Math.max(run.peakRssBytes, rss);
    if (run.limited) continue;
    if (members.size > run.maxProcesses) {
      run.limited = true;
      run.onLimit(`the run started more than ${run.maxProcesses} processes at once and was stopped`);
    } else if (rss > run.memoryBytes) {
      run.limited = true;
      run.onLimit(`the run used more than ${formatBytes(run.memoryBytes)} of memory (all its processes together) and was stopped`);
    }
  }
}

function membersOf(run: Tracked, procs: Map<number, ProcInfo>): Map<number, ProcInfo> {
  const children = new Map<number, number[]>();
  for (const p of procs.values()) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const members = new Map<number, ProcInfo>();
  const queue: number[] = [];
  for (const [pid, start] of run.known) if (procs.get(pid)?.start === start) queue.push(pid);
  // The kernel does not reuse a pid while a group of that id exists; but once our group is gone, a
  // new process may get the pid and lead a group of its own. Then neither is ours.
  const root = procs.get(run.rootPid);
  if (!root || root.start === run.rootStart) {
    if (root) queue.push(run.rootPid);
    for (const p of procs.values()) if (p.pgid === run.rootPid) queue.push(p.pid);
  }
  while (queue.length) {
    const pid = queue.pop()!;
    const p = procs.get(pid);
    if (!p || members.has(pid)) continue;
    members.set(pid, p);
    queue.push(...(children.get(pid) ?? []));
  }
  return members;
}

/** Processes whose environment holds the marker (readable for the runner's own user's processes). */
function markedProcesses(marker: string, procs: Map<number, ProcInfo>): number[] {
  const needle = `${marker}\0`;
  const found: number[] = [];
  for (const pid of procs.keys()) {
    if (pid === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (env.startsWith(needle) || env.includes(`\0${needle}`)) found.push(pid);
    } catch {
      // gone, or another user's
    }
  }
  return found;
}

/** Every process of the machine, from /proc/<pid>/stat. Empty where there is no /proc. */
export function readProcesses(): Map<number, ProcInfo> {
  const procs = new Map<number, ProcInfo>();
  if (!processWatchAvailable) return procs;
  pageSize ??= measurePageSize();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      // The command name is in parentheses and may itself hold spaces or ")".
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(name), {
        pid: Number(name),
        ppid: Number(f[1]),
        pgid: Number(f[2]),
        start: f[19] ?? '',
        rssBytes: Number(f[21]) * pageSize,
        ...(f[0] === 'Z' ? { zombie: true } : {}),
      });
    } catch {
      // exited while we looked
    }
  }
  return procs;
}

/** Processes (not this one) whose environment or working directory matches: tests and the orphan sweep. */
export function findProcesses(match: (env: string, cwd: string) => boolean): number[] {
  const found: number[] = [];
  for (const pid of readProcesses().keys()) {
    if (pid === process.pid) continue;
    let env = '';
    let cwd = '';
    try {
      env = readFileSync(`/proc/${pid}/environ`, 'latin1');
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      // gone, or another user's
    }
    if (match(env, cwd)) found.push(pid);
  }
  return found;
}

/** Freezes, then kills: a frozen fork loop cannot start new processes between the two steps. */
export function killProcesses(pids: number[]) {
  for (const pid of pids) signal(pid, 'SIGSTOP');
  for (const pid of pids) signal(pid, 'SIGKILL');
}

function signal(pid: number, sig: NodeJS.Signals) {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

function startOf(pid: number): string | undefined {
  if (!processWatchAvailable) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function measurePageSize(): number {
  try {
    const resident = Number(readFileSync('/proc/self/statm', 'latin1').split(' ')[1]);
    const ratio = process.memoryUsage().rss / resident;
    return 2 ** Math.round(Math.log2(ratio));
  } catch {
    return 4096;
  }
}

/** Tasks (threads) of this user, as RLIMIT_NPROC counts them; null where that cannot be read. */
export function countUserTasks(): number | null {
  if (!processWatchAvailable || process.getuid === undefined) return null;
  const uid = process.getuid();
  let tasks = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (statSync(`/proc/${name}`).uid !== uid) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      tasks += Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[17]) || 1;
    } catch {
      // exited while we looked
    }
  }
  return tasks;
}
