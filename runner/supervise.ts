import { spawn } from 'node:child_process';
import os from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import type { RunExit } from '../contracts/project.ts';
import { formatBytes, type RunCgroup } from './cgroup.ts';
import { watchRun } from './process-watch.ts';
import { reaperArgv } from './reaper.ts';

/**
 * The life of one run's process tree, shared by Node runs (project-run.ts) and cargo runs
 * (cargo/cargo-run.ts): spawn in its own process group (inside bubblewrap when `sandboxed`; under the
 * subreaper of reaper.ts when `reaperSyscall` is given, for runs without a PID namespace), the
 * /proc watchdog (process count, memory), a wall-clock limit that can be changed while it runs, an
 * output cap, and at the end every process killed and `cleanup` awaited before `exit` resolves.
 */
export interface SupervisedRun {
  readonly pid: number | undefined;
  readonly exit: Promise<RunExit>;
  readonly peak: { processes: number; rssBytes: number };
  stop(reason?: RunExit['reason'], message?: string): void;
  /** Replaces the time limit: from now, `ms` more, then stopped with `message`. */
  setTimeLimit(ms: number, message: string): void;
}

export interface SuperviseOptions {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** `NAME=value` in every process's environment: the watchdog finds escaped processes by it. */
  marker: string;
  /** The spawned process is bwrap: its 128+n exit codes are turned back into signals. */
  sandboxed: boolean;
  /**
   * prctl's syscall number: the run goes under the subreaper (reaper.ts), which kills what the run left
   * when its command exits, when it is stopped (SIGTERM to the reaper) and when the runner dies. Given
   * only where the run has no PID namespace of its own (which does the same).
   */
  reaperSyscall?: number;
  maxProcesses: number;
  memoryBytes: number;
  timeoutMs: number;
  /**
   * Stops the run once stdout and stderr together passed this many bytes, counted as they go out in
   * JSON (wireBytes): a control character that JSON escapes as \u00XX counts 6.
   */
  outputLimitBytes: number;
  /**
   * Gets the output as it comes. A returned promise (the client reads slower than the run prints) pauses
   * the run's pipes until it resolves: the run then blocks on its own writes.
   */
  onOutput(chunk: string, stream: 'stdout' | 'stderr'): unknown;
  /** Said on stderr (and as the exit message) when the run crashed with an out-of-memory message in its stderr. */
  outOfMemoryNote(stderrTail: string, code: number | null, signal: string | null): string | null;
  /** The run's own cgroup v2 (cgroup.ts): the command joins it before it execs; its events say why a run died. */
  cgroup?: RunCgroup;
  /**
   * Where the words about a limit go at the end, `[the run used more than 1 GiB … and was stopped]`
   * (default: onOutput on stderr; a cargo run bypasses its own output cap with it).
   */
  onNote?(text: string): void;
  /** After every process is gone, before `exit` resolves (remove the run directory, release a slot). */
  cleanup(): Promise<void>;
}

/** After the command exits, how long its pipes may stay open (held by an escaped process) before we cut them. */
const PIPE_GRACE_MS = 2000;
/** How long the reaper may take to end the run's processes on Stop before the group is killed over its head. */
const REAPER_GRACE_MS = 1000;

export function supervise(opts: SuperviseOptions): SupervisedRun {
  const wrapped = opts.cgroup ? opts.cgroup.wrap(opts.argv) : opts.argv;
  const reaped = opts.reaperSyscall !== undefined;
  const argv = reaped ? reaperArgv(wrapped, opts.reaperSyscall!) : wrapped;
  const note = opts.onNote ?? ((text: string) => opts.onOutput(text, 'stderr'));
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: opts.cwd,
    detached: true, // its own process group, so Stop and timeouts kill everything it started
    stdio: ['ignore', 'pipe', 'pipe'],
    env: opts.env,
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
  let exited = false;
  let reaperTimer: ReturnType<typeof setTimeout> | undefined;
  const stop = (why: RunExit['reason'] = 'stopped', explanation?: string) => {
    if (!reason && explanation) message ??= explanation;
    reason ??= why;
    if (reaped && !exited && child.pid !== undefined) {
      // The reaper kills everything below it, escaped orphans too, then exits; a SIGKILL to the group
      // now would kill the reaper first and hand those orphans to init. If it does not manage (a run
      // that stopped or killed its reaper), the group and the watchdog's sweep follow.
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        // gone already
      }
      reaperTimer ??= setTimeout(() => {
        killGroup();
        void watch?.killAll();
      }, REAPER_GRACE_MS);
      return;
    }
    killGroup();
    void watch?.killAll();
  };
  const watch =
    child.pid === undefined
      ? undefined
      : watchRun({
          rootPid: child.pid,
          marker: opts.marker,
          maxProcesses: opts.maxProcesses,
          memoryBytes: opts.memoryBytes,
          onLimit(why) {
            message ??= why;
            stop('error');
          },
        });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const setTimeLimit = (ms: number, text: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      message ??= text;
      stop('timeout');
    }, ms);
  };
  setTimeLimit(opts.timeoutMs, `the run reached its time limit of ${Math.round(opts.timeoutMs / 1000)} s and was stopped`);

  // Backpressure: both pipes wait while any write to the client is pending.
  let held = 0;
  const holdPipesUntil = (drained: Promise<void>) => {
    if (held++ === 0) {
      child.stdout.pause();
      child.stderr.pause();
    }
    const release = () => {
      if (--held === 0) {
        child.stdout.resume();
        child.stderr.resume();
      }
    };
    drained.then(release, release);
  };
  const forward = (stream: 'stdout' | 'stderr') => {
    // One decoder per stream: a character split across two chunks is not garbled.
    const decoder = new StringDecoder('utf8');
    const emit = (text: string) => {
      if (!text) return;
      if (stream === 'stderr') stderrTail = (stderrTail + text).slice(-4096);
      const behind = opts.onOutput(text, stream);
      if (behind instanceof Promise) holdPipesUntil(behind);
    };
    child[stream].on('data', (buf: Buffer) => {
      if (reason === 'output-limit') return;
      const size = wireBytes(buf);
      if (outputBytes + size > opts.outputLimitBytes) {
        const room = fittingPrefix(buf, opts.outputLimitBytes - outputBytes);
        outputBytes += size;
        if (room > 0) emit(decoder.write(buf.subarray(0, room)));
        emit(decoder.end());
        opts.onOutput('\n[output truncated]\n', 'stderr');
        message ??= `the run printed more than ${formatBytes(opts.outputLimitBytes)} of output and was stopped`;
        stop('output-limit');
        return;
      }
      outputBytes += size;
      emit(decoder.write(buf));
    });
    child[stream].on('end', () => reason !== 'output-limit' && emit(decoder.end()));
  };
  forward('stdout');
  forward('stderr');

  // When the command itself exits, whatever it left running in the background (a server it forked)
  // dies with it; otherwise those processes would hold the pipes open and 'close' would never come.
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  let sweptAtExit: Promise<number> = Promise.resolve(0);
  child.on('exit', () => {
    exited = true;
    clearTimeout(reaperTimer);
    killGroup();
    sweptAtExit = watch?.killAll() ?? sweptAtExit;
    const cut = () => {
      // Output still waiting for a slow client is not cut off; a client that never reads holds the
      // pipes only until the run's time limit (which sets `reason`).
      if (held > 0 && !reason) return void (graceTimer = setTimeout(cut, PIPE_GRACE_MS));
      child.stdout.destroy();
      child.stderr.destroy();
    };
    graceTimer = setTimeout(cut, PIPE_GRACE_MS);
  });
  const exit = new Promise<RunExit>((resolve) => {
    child.on('error', (e) => {
      message ??= e.message;
      reason ??= 'error';
    });
    child.on('close', (exitCode, exitSignal) => {
      // bwrap and the reaper both report a command killed by a signal as 128 + n.
      const { code, signal } = opts.sandboxed || reaped ? unwrapBwrapStatus(exitCode, exitSignal) : { code: exitCode, signal: exitSignal };
      clearTimeout(timer);
      clearTimeout(graceTimer);
      const failed = code !== 0 || signal !== null;
      // The kernel's word first: a cgroup OOM kill explains a SIGKILL that nobody here sent.
      const events = opts.cgroup?.events();
      if (events?.oomKills && !message) {
        message = `the run used more than ${formatBytes(opts.memoryBytes)} of memory and was stopped`;
        reason ??= 'error';
      } else if (events?.pidsRefused && failed && !message) {
        message = `the run tried to start more processes and threads than its limit (${opts.cgroup!.pidsMax}) and was stopped`;
        reason ??= 'error';
      }
      if (!reason) {
        const oom = opts.outOfMemoryNote(stderrTail, code, signal);
        if (oom) message ??= oom;
      }
      // The last lines of the output say in words why the run ended, whatever the page shows of `exit`.
      if (message) note(`\n[${message}]\n`);
      void (async () => {
        // One more sweep only if the first found something: what it killed may have forked meanwhile.
        if ((await sweptAtExit) > 0) await watch?.killAll();
        watch?.close();
        await opts.cgroup?.remove();
        await opts.cleanup();
        resolve({ code, signal, ...(reason ? { reason } : {}), ...(message ? { message } : {}) });
      })();
    });
  });

  return {
    pid: child.pid,
    exit,
    stop,
    setTimeLimit,
    get peak() {
      return { processes: watch?.peakProcesses ?? 0, rssBytes: watch?.peakRssBytes ?? 0 };
    },
  };
}

/**
 * The bytes `buf` takes inside a JSON string: \b \t \n \f \r " and \\ two, the other C0 controls
 * six (\u00XX), everything else as it is. Output made of control characters grew 6x on the wire and
 * in an unread stream's buffer when the cap counted raw bytes.
 */
export function wireBytes(buf: Uint8Array, end = buf.length): number {
  let n = end;
  for (let i = 0; i < end; i++) n += escapeExtra(buf[i]!);
  return n;
}

/** How many bytes of `buf` fit into `budget` wire bytes (see wireBytes). */
export function fittingPrefix(buf: Uint8Array, budget: number): number {
  let used = 0;
  for (let i = 0; i < buf.length; i++) {
    used += 1 + escapeExtra(buf[i]!);
    if (used > budget) return i;
  }
  return buf.length;
}

function escapeExtra(b: number): number {
  if (b >= 0x20) return b === 0x22 || b === 0x5c ? 1 : 0;
  return b === 0x08 || b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d ? 1 : 5;
}

/**
 * bwrap reports a command killed by a signal as exit code 128 + n (it cannot die of the same signal
 * itself). Turned back into the signal, so a crash still shows SIGABRT or SIGSEGV as without the
 * sandbox. A script that itself exits with 129…192 is reported as that signal too: the one ambiguity.
 */
export function unwrapBwrapStatus(code: number | null, signal: NodeJS.Signals | null): { code: number | null; signal: NodeJS.Signals | null } {
  if (code === null || code <= 128 || code > 128 + 64) return { code, signal };
  const name = Object.entries(os.constants.signals).find(([, n]) => n === code - 128)?.[0] as NodeJS.Signals | undefined;
  return name ? { code: null, signal: name } : { code, signal };
}
