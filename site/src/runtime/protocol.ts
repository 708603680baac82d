/**
 * The local runner's HTTP API, shared by the runner (runner/) and its client (local-runner-runtime.ts).
 *
 *   GET  /api/info              -> RunnerInfo                   (401 with { runner: true } without token)
 *   POST /api/runs  RunRequest  -> 200 application/x-ndjson stream of RunnerEvent, one per line
 *   POST /api/runs/<id>/stop    -> { stopped: boolean }
 *
 * Every API call carries `Authorization: Bearer <token>`. Errors are JSON `{ error: string }` with a 4xx.
 */
import type { ProjectFiles, RunExit, ScriptName } from './types.ts';

export const RUNNER_NAME = 'rust-backend-workbook-runner';

export interface RunnerInfo {
  runner: typeof RUNNER_NAME;
  version: string;
  node: string;
  lessons: string[];
  limits: RunnerLimits;
}

export interface RunnerLimits {
  maxFiles: number;
  maxTotalBytes: number;
  maxConcurrentRuns: number;
  maxQueuedRuns: number;
  outputLimitBytes: number;
}

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
