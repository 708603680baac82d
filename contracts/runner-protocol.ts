/**
 * The local runner's HTTP API, shared by the runner (runner/) and its client (local-runner-runtime.ts).
 *
 *   GET  /api/info              -> RunnerInfo                   (401 with { runner: true } without token)
 *   POST /api/runs  RunRequest  -> 200 application/x-ndjson stream of RunnerEvent, one per line
 *                                  (429 + Retry-After when every slot and the queue are taken;
 *                                  a RustRunRequest: 400 when the lesson has no Rust exercise or a file
 *                                  is not src/**.rs or build.rs, 409 when the runner has no cargo)
 *   POST /api/runs/<id>/stop    -> { stopped: boolean }
 *   POST /api/lab/runs, POST /api/lab/runs/stop: the benchmark lab, see lab-protocol.ts
 *
 * Every API call carries `Authorization: Bearer <token>` and comes from the runner's own origin (Host,
 * Origin and Sec-Fetch-Site are checked). Refusals are JSON `{ error: string }` with a 4xx, never a 5xx.
 * Closing the stream of a run ends the run. See runner/README.md and docs/security-model.md.
 */
import type { CargoDiagnostic } from './cargo-report.ts';
import type { LabRunnerInfo } from './lab-protocol.ts';
import type { ProjectFiles, RunExit, ScriptName } from './project.ts';
import type { TestReport } from './test-report.ts';

export const RUNNER_NAME = 'rust-backend-workbook-runner';

export interface RunnerInfo {
  runner: typeof RUNNER_NAME;
  version: string;
  node: string;
  lessons: string[];
  limits: RunnerLimits;
  /** When this runner process started (ISO 8601): a different value after a reconnect means it restarted. */
  startedAt: string;
  seatBelts: RunnerSeatBelts;
  /** The benchmark lab's routes (lab-protocol.ts); absent on a runner without them. */
  lab?: LabRunnerInfo;
  /** The Rust track's toolchain (cargo runs); absent on a runner older than the Rust track. */
  rust?: RustToolchain;
}

/** What `/api/info` says about cargo on the runner's machine, found when the runner started. */
export type RustToolchain =
  | {
      available: true;
      /** `cargo --version` and `rustc --version`, e.g. "cargo 1.91.0 (…)". */
      cargo: string;
      rustc: string;
      /** Where crates come from: the configured registry (vendored once per lesson), or Debian's packages offline. */
      crateSource: 'configured' | 'debian';
    }
  | {
      available: false;
      /** Why there is no Rust track on this runner, in words ("cargo was not found on PATH"). */
      reason: string;
      /** What to do about it ("Install Rust from https://rustup.rs, then restart npm start"). */
      install: string;
    };

export interface RunnerLimits {
  maxFiles: number;
  maxTotalBytes: number;
  /** Largest request body accepted (the files as JSON). */
  maxBodyBytes: number;
  maxConcurrentRuns: number;
  maxQueuedRuns: number;
  outputLimitBytes: number;
  /** A run is stopped when its processes together use more memory than this (where watched). */
  memoryLimitBytes: number;
  /** A run is stopped when it has more processes than this at once (where watched). */
  maxProcesses: number;
}

/** What this machine enforces around a run, measured when the runner started (runner/seat-belts.ts). */
export interface RunnerSeatBelts {
  /** The Node permission flag in use, or null when this Node has none or it did not hold. */
  nodePermissions: string | null;
  /** RLIMIT_DATA per process. */
  processMemoryLimit: boolean;
  /** RLIMIT_FSIZE per file. */
  fileSizeLimit: boolean;
  /** RLIMIT_NPROC (not applied by the kernel to root). */
  processCountLimit: boolean;
  /** /proc watchdog: process count and total memory per run, escaped processes found and killed. */
  processWatch: boolean;
  /** The namespace sandbox around every run (runner/sandbox.ts), or why there is none. */
  sandbox: RunnerSandbox;
  /**
   * A cgroup v2 per run (runner/cgroup.ts): memory.max and pids.max from the run's limits, held by the
   * kernel for root too; `path` is the parent of the runs' cgroups. Or why there is none (then the
   * rlimits and the /proc watchdog hold those limits). Absent from runners older than this field.
   */
  cgroup?: RunnerCgroup;
  /**
   * Where a run has no PID namespace (no sandbox, or WORKBOOK_SANDBOX_PID=off): a child subreaper
   * around it (runner/reaper.ts) that kills what the run leaves behind, or why there is none. Absent
   * from runners older than this field.
   */
  reaper?: RunnerReaper;
}

export type RunnerReaper = { kind: 'subreaper'; syscall: number } | { kind: 'none'; reason: string };

export type RunnerCgroup = { kind: 'v2'; path: string } | { kind: 'none'; reason: string };

export type RunnerSandbox =
  | { kind: 'bubblewrap'; version: string; path: string }
  | { kind: 'none'; reason: string; install: string };

/** A run of the TypeScript project (the lesson's package.json scripts). `track` may be left out. */
export interface NodeRunRequest {
  track?: 'typescript';
  lessonId: string;
  script: ScriptName;
  /** Runnable files (types already stripped). Paths are relative; see runner/safe-path.ts. */
  files: ProjectFiles;
  /** A shorter time limit than the lesson's; the runner never allows a longer one. */
  timeoutSeconds?: number;
}

/**
 * What the Rust track asks cargo for. The command line is the runner's, never the request's:
 *   run      -> cargo run      (the binary; serves the Preview on PORT when it listens)
 *   check    -> cargo test     (the workbook's Check: libtest's JSON events become a `test-report`)
 *   diagnose -> cargo check --all-targets (while the learner types: only `diagnostics`, nothing runs)
 */
export type RustScriptName = 'run' | 'check' | 'diagnose';

/**
 * A run of the lesson's Rust exercise crate. `files` are the learner's: `src/**.rs` and an optional
 * `build.rs`. Cargo.toml and tests/ are lesson-owned and always come from the lesson on disk: a
 * request that carries them (or any other file) is refused with a 400 that names the file.
 * `timeoutSeconds` shortens the test/run step only; the build before it has the runner's own limit.
 */
export interface RustRunRequest {
  track: 'rust';
  lessonId: string;
  script: RustScriptName;
  files: ProjectFiles;
  timeoutSeconds?: number;
}

export type RunRequest = NodeRunRequest | RustRunRequest;

export type RunnerEvent =
  | { type: 'queued'; runId: string; position: number }
  | { type: 'started'; runId: string }
  | { type: 'output'; stream: 'stdout' | 'stderr'; data: string }
  | { type: 'server-ready'; url: string }
  /**
   * Rust runs only. `progress`: cargo compiled one more crate (`compiled` so far of about `total`,
   * null when unknown), sent while dependencies build for the first time so the page can show a bar.
   * `diagnostics`: the complete list of rustc's errors and warnings for the learner's crate once the
   * build step ended (an empty list means a clean build; it replaces any earlier list).
   * `test-report`: libtest's verdict, after `check`, before `exit`.
   */
  | { type: 'progress'; compiled: number; total: number | null; crate: string }
  | { type: 'diagnostics'; diagnostics: CargoDiagnostic[] }
  | { type: 'test-report'; report: TestReport }
  | ({ type: 'exit' } & RunExit);

export interface RunnerErrorBody {
  error: string;
  runner?: true;
}
