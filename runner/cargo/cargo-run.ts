import { mkdir, mkdtemp, realpath, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CargoStreamParser } from '../../contracts/cargo-report.ts';
import { isRustLessonOwnedPath, type RustExerciseSource } from '../../contracts/lesson-schema.ts';
import type { ProjectFiles } from '../../contracts/project.ts';
import type { RunnerEvent, RustScriptName } from '../../contracts/runner-protocol.ts';
import { createRunCgroup, formatBytes } from '../cgroup.ts';
import { countUserTasks } from '../process-watch.ts';
import type { ProjectRun } from '../project-run.ts';
import { removeRunDir, RUN_DIR_PREFIX, RUN_MARKER } from '../run-dir.ts';
import { pidNamespaceWanted, sandboxArgv } from '../sandbox.ts';
import { detectSeatBelts, ulimitPrefix } from '../seat-belts.ts';
import { supervise } from '../supervise.ts';
import { sourceConfigArgs, type CrateSource } from './crate-source.ts';
import { resolveLesson } from './resolve.ts';
import { syncCrate, type SlotPool } from './slots.ts';
import type { RustTools } from './toolchain.ts';

/**
 * One cargo run of a lesson's Rust exercise (run / check / diagnose), in a slot of the lesson
 * (slots.ts), inside the sandbox like a Node run, through the same supervisor (supervise.ts: process
 * group, watchdog, time limit, output cap, nothing left running). cargo's JSON on stdout becomes
 * events: `progress` per compiled crate, rustc's rendered diagnostics as stderr output, ONE
 * `diagnostics` when the build step ends, and after `check` libtest's verdict as `test-report`.
 */
export interface CargoLimits {
  /** All processes of the run together (rustc needs a few hundred MiB per crate it compiles). */
  memoryBytes: number;
  maxProcesses: number;
  /** RLIMIT_DATA of each process: a learner's 1 GB allocation fails, rustc (≈300 MiB for tokio) fits. */
  processMemoryBytes: number;
  fileSizeBytes: number;
  nprocHeadroom: number;
  /** The build step's limit while the slot has never finished a build (dependencies compile) … */
  coldBuildSeconds: number;
  /** … and once it has. */
  warmBuildSeconds: number;
  /** cargo --jobs. */
  jobs: number;
}

export const DEFAULT_CARGO_LIMITS: CargoLimits = {
  memoryBytes: 2560 * 1024 * 1024,
  maxProcesses: 256,
  processMemoryBytes: 768 * 1024 * 1024,
  fileSizeBytes: 256 * 1024 * 1024,
  nprocHeadroom: 2048,
  coldBuildSeconds: 300,
  warmBuildSeconds: 90,
  jobs: Math.max(1, Math.min(2, os.availableParallelism())),
};

/** Where a slot appears inside the sandbox: the same path for every slot and every run. */
export const SLOT_MOUNT = '/run/workbook-rust';

export interface CargoRunOptions {
  lessonId: string;
  exercise: RustExerciseSource;
  /** A request's script, or `build-tests` (rust:prepare only; never from a request). */
  script: CargoCommand;
  /** The learner's files: src/**.rs and build.rs (checked by rustFilesProblem). */
  files: ProjectFiles;
  tools: RustTools;
  source: CrateSource;
  slots: SlotPool;
  runRoot?: string;
  limits?: Partial<CargoLimits>;
  /** The run/test step's limit, after the build. */
  runTimeoutMs: number;
  outputLimitBytes: number;
  env?: Record<string, string>;
  network?: 'none' | 'host';
  /** output, progress, diagnostics and test-report (the caller sends `exit`). */
  emit(event: RunnerEvent): void;
  /** A slot index to use (rust:prepare fills slot 0). */
  slotIndex?: number;
}

/** Why a Rust request's files are not acceptable, or null. Cargo.toml and tests/ are refused, not ignored. */
export function rustFilesProblem(files: ProjectFiles): string | null {
  for (const name of Object.keys(files)) {
    if (isRustLessonOwnedPath(name)) return `${name} is the lesson's (Cargo.toml and tests/ always come from the lesson); send only src/**.rs and build.rs`;
    if (name !== 'build.rs' && !(name.startsWith('src/') && name.endsWith('.rs'))) return `${name} is not a file a Rust run may carry: only src/**.rs and build.rs`;
  }
  return null;
}

/** The runner's cargo commands: a request's scripts, and `build-tests` (cargo test --no-run) for `npm run rust:prepare`. */
export type CargoCommand = RustScriptName | 'build-tests';

export function cargoArgs(script: CargoCommand, source: CrateSource, jobs: number): string[] {
  const common = ['--message-format=json-diagnostic-rendered-ansi', '--locked', '--jobs', String(jobs), ...sourceConfigArgs(source)];
  if (script === 'run') return ['run', ...common];
  if (script === 'diagnose') return ['check', '--all-targets', ...common];
  if (script === 'build-tests') return ['test', '--no-run', ...common];
  // --no-fail-fast: a failing unit-test binary must not keep the integration tests from running.
  return ['test', '--no-fail-fast', ...common, '--', '-Z', 'unstable-options', '--format', 'json'];
}

export async function startCargoRun(opts: CargoRunOptions): Promise<ProjectRun> {
  const limits = { ...DEFAULT_CARGO_LIMITS, ...opts.limits };
  const belts = await detectSeatBelts();
  const resolved = await resolveLesson(opts.lessonId, opts.exercise.starter, opts.source, opts.tools, opts.slots.cacheRoot);
  const slot = await opts.slots.acquire(opts.lessonId, opts.slotIndex === undefined ? {} : { index: opts.slotIndex });
  let root: string | undefined;
  try {
    const owned = Object.fromEntries(Object.entries(opts.exercise.starter).filter(([name]) => isRustLessonOwnedPath(name)));
    await syncCrate(slot.crate, { ...opts.files, ...owned, 'Cargo.lock': resolved.lock });
    // A run directory like a Node run's (the marker names it; the sweep after a crash finds it).
    root = await realpath(await mkdtemp(path.join(opts.runRoot ?? os.tmpdir(), RUN_DIR_PREFIX)));
    await writeFile(path.join(root, '.owner'), String(process.pid));
    await mkdir(path.join(root, 'project'));
    await mkdir(path.join(root, 'tmp'));
  } catch (e) {
    slot.release();
    if (root) await removeRunDir(root);
    throw e;
  }
  const runDir = root;
  const tmp = path.join(runDir, 'tmp');
  let cgroup;
  try {
    cgroup = belts.cgroup?.kind === 'v2' ? createRunCgroup(belts.cgroup, path.basename(runDir), limits) : undefined;
  } catch (e) {
    slot.release();
    await removeRunDir(runDir);
    throw e;
  }

  const sandbox = belts.sandbox.kind === 'bubblewrap' ? belts.sandbox : undefined;
  const inside = sandbox ? SLOT_MOUNT : slot.dir;
  const crateInside = `${inside}/crate`;
  const userTasks = belts.processCountLimit ? countUserTasks() : null;
  const args = cargoArgs(opts.script, resolved.source, limits.jobs);
  const shell = ['/bin/sh', '-c', `${ulimitPrefix(belts, limits, userTasks === null ? null : userTasks + limits.nprocHeadroom)}exec "$0" "$@"`, opts.tools.cargo, ...args];
  const readable = [opts.tools.sysroot, ...(resolved.source.kind === 'configured' ? [] : [resolved.source.directory])];
  const argv = sandbox
    ? [
        ...sandboxArgv(
          { runDir, cwd: crateInside, network: opts.network ?? 'none', extraReadable: readable, writableBinds: [{ source: slot.dir, dest: SLOT_MOUNT }] },
          sandbox.path,
        ),
        ...shell,
      ]
    : shell;

  const buildSeconds = slot.built ? limits.warmBuildSeconds : limits.coldBuildSeconds;
  const parser = new CargoStreamParser({
    ownPackage: (id) => id.startsWith('path+') || id.includes('(path+'),
    crateRoot: crateInside,
    keepText: false,
  });
  const compiled = new Set<string>();
  let diagnosticsSent = false;
  let buildDone = false;
  let forwarded = 0;
  let pending = '';

  const output = (data: string, stream: 'stdout' | 'stderr') => {
    if (!data) return;
    forwarded += Buffer.byteLength(data);
    if (forwarded > opts.outputLimitBytes) {
      if (forwarded - Buffer.byteLength(data) <= opts.outputLimitBytes) {
        opts.emit({ type: 'output', stream: 'stderr', data: '\n[output truncated]\n' });
        run.stop('output-limit', `the run printed more than ${formatBytes(opts.outputLimitBytes)} of output and was stopped`);
      }
      return;
    }
    opts.emit({ type: 'output', stream, data });
  };
  const sendDiagnostics = () => {
    if (diagnosticsSent) return;
    diagnosticsSent = true;
    opts.emit({ type: 'diagnostics', diagnostics: parser.result().diagnostics });
  };
  const onLine = (line: string) => {
    const item = parser.line(line);
    if (item.kind === 'text') output(`${item.line}\n`, 'stdout');
    else if (item.kind === 'message') {
      if (item.rendered) output(item.rendered, 'stderr');
    } else if (item.kind === 'artifact') {
      const first = !compiled.has(item.packageId);
      compiled.add(item.packageId);
      // Once per package that really compiled (a warm build's fresh dependencies say nothing).
      if (first && !item.fresh) opts.emit({ type: 'progress', compiled: compiled.size, total: Math.max(resolved.packages, compiled.size) || null, crate: crateName(item.packageId, item.name) });
    } else if (item.kind === 'build-finished') {
      buildDone = true;
      sendDiagnostics();
      if (item.success) void slot.markBuilt();
      if (opts.script === 'run' || opts.script === 'check') run.setTimeLimit(opts.runTimeoutMs, `the run reached its time limit of ${Math.round(opts.runTimeoutMs / 1000)} s and was stopped`);
    }
  };
  const onStdout = (chunk: string) => {
    // After `cargo run`'s build the program owns stdout: passed on as it comes, no line buffering.
    if (buildDone && opts.script === 'run') return output(chunk, 'stdout');
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      onLine(line);
      if (buildDone && opts.script === 'run') {
        const rest = pending;
        pending = '';
        return output(rest, 'stdout');
      }
    }
    // A line longer than the output cap is not JSON of cargo's: treated as output.
    if (pending.length > opts.outputLimitBytes) {
      output(pending, 'stdout');
      pending = '';
    }
  };

  const run = supervise({
    argv,
    cwd: sandbox ? runDir : slot.crate,
    env: {
      ...opts.env,
      PATH: [path.join(opts.tools.sysroot, 'bin'), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter),
      HOME: tmp,
      TMPDIR: tmp,
      LANG: process.env.LANG ?? 'C.UTF-8',
      CARGO_HOME: `${inside}/home`,
      CARGO_TARGET_DIR: `${inside}/target`,
      RUSTC: opts.tools.rustc,
      // libtest's JSON needs it in the test binary; set for every script so fingerprints never differ.
      RUSTC_BOOTSTRAP: '1',
      RUST_BACKTRACE: '0',
      CARGO_TERM_COLOR: 'always',
      CARGO_TERM_PROGRESS_WHEN: 'never',
      [RUN_MARKER]: runDir,
    },
    marker: `${RUN_MARKER}=${runDir}`,
    sandboxed: sandbox !== undefined,
    // Without a PID namespace, the subreaper ends what the run leaves behind (reaper.ts).
    ...(belts.reaper?.kind === 'subreaper' && !(sandbox && pidNamespaceWanted()) ? { reaperSyscall: belts.reaper.syscall } : {}),
    maxProcesses: limits.maxProcesses,
    memoryBytes: limits.memoryBytes,
    timeoutMs: buildSeconds * 1000,
    // The supervisor counts cargo's JSON too; the learner-visible cap is applied above.
    outputLimitBytes: opts.outputLimitBytes * 16,
    onOutput: (chunk, stream) => (stream === 'stdout' ? onStdout(chunk) : output(chunk, 'stderr')),
    outOfMemoryNote: (stderr, code, signal) =>
      (code !== 0 || signal !== null) && /memory allocation of \d+ bytes failed|Cannot allocate memory|out of memory/i.test(stderr)
        ? `a process of the run ran out of memory: each process may use ${formatBytes(limits.processMemoryBytes)} (the run ${formatBytes(limits.memoryBytes)} together); it asked for more and was stopped`
        : null,
    ...(cgroup ? { cgroup } : {}),
    // The words about a limit come after the output cap too.
    onNote: (data) => opts.emit({ type: 'output', stream: 'stderr', data }),
    cleanup: async () => {
      await removeRunDir(runDir);
      slot.release();
    },
  });
  // The build's own limit until cargo says the build finished; then the run's.
  run.setTimeLimit(
    buildSeconds * 1000,
    `the build took longer than ${buildSeconds} s${slot.built ? '' : " (the lesson's dependencies were compiling for the first time: `npm run rust:prepare` builds them ahead)"} and was stopped`,
  );

  const exit = run.exit.then((e) => {
    if (pending) onLine(pending);
    pending = '';
    sendDiagnostics();
    const tests = parser.result().tests;
    if (opts.script === 'check' && tests) opts.emit({ type: 'test-report', report: tests });
    return e;
  });
  return {
    runDir,
    pid: run.pid,
    exit,
    stop: run.stop,
    get peak() {
      return run.peak;
    },
  };
}

/** "tokio" from "registry+https://…#tokio@1.24.2" or "tokio 1.24.2 (registry+…)". */
function crateName(packageId: string, fallback: string): string {
  const hashed = /#(?:([^@]+)@)?[^#]*$/.exec(packageId);
  if (hashed?.[1]) return hashed[1];
  if (hashed) return packageId.slice(packageId.lastIndexOf('/') + 1).split('#')[0]!;
  return packageId.split(' ')[0] || fallback;
}
