/**
 * The local runner's HTTP API, shared by the runner (runner/) and its client (local-runner-runtime.ts).
 *
 *   GET  /api/info              -> RunnerInfo                   (401 with { runner: true } without token)
 *   POST /api/runs  RunRequest  -> 200 application/x-ndjson stream of RunnerEvent, one per line
 *                                  (429 + Retry-After when every slot and the queue are taken)
 *   POST /api/runs/<id>/stop    -> { stopped: boolean }
 *   POST /api/lab/runs, POST /api/lab/runs/stop: the benchmark lab, see lab-protocol.ts
 *
 * Every API call carries `Authorization: Bearer <token>` and comes from the runner's own origin (Host,
 * Origin and Sec-Fetch-Site are checked). Refusals are JSON `{ error: string }` with a 4xx, never a 5xx.
 * Closing the stream of a run ends the run. See runner/README.md and docs/security-model.md.
 */
import type { LabRunnerInfo } from './lab-protocol.ts';
import type { ProjectFiles, RunExit, ScriptName } from './project.ts';

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
}

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
}

export type RunnerSandbox =
  | { kind: 'bubblewrap'; version: string; path: string }
  | { kind: 'none'; reason: string; install: string };

export interface RunRequest {
  lessonId: string;
  script: ScriptName;
  /** Runnable files (types already stripped). Paths are relative; see runner/safe-path.ts. */
  files: ProjectFiles;
  /** A shorter time limit than the lesson's; the runner never allows a longer one. */
  timeoutSeconds?: number;
}

export type RunnerEvent =
  | { type: 'queued'; runId: string; position: number }
  | { type: 'started'; runId: string }
  | { type: 'output'; stream: 'stdout' | 'stderr'; data: string }
  | { type: 'server-ready'; url: string }
  | ({ type: 'exit' } & RunExit);

export interface RunnerErrorBody {
  error: string;
  runner?: true;
}
