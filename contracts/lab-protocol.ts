/**
 * The local runner's benchmark-lab API, shared by the runner (runner/lab-api.ts) and the lab page's
 * runner host (features/lab/model/runner-host.ts).
 *
 *   POST /api/lab/runs  LabRunRequest -> 200 application/x-ndjson: LabRunEvent per line, the engine's
 *                                        progress events ending with 'done' (which carries the report),
 *                                        or 'failed'. 409 while another lab run is running.
 *   POST /api/lab/runs/stop           -> { stopped: boolean } (the run ends after its current approach)
 *
 * Same checks as every other API call (token, Host, Origin, Sec-Fetch-Site); closing the stream kills
 * the run. The engine runs in a child `node` process, never in the runner's own event loop.
 */
import type { Capabilities, ProgressEvent } from '../labs/index.ts';

/** Bounds on the I/O workload's sizes (the page's settings clamp to the same numbers). */
export const LAB_IO_LIMITS = { requests: [1, 200], latencyMs: [0, 100], poolSize: [1, 64] } as const;

export interface LabRunRequest {
  /** 'quick': 80 ms per approach; 'default': 1 s (labs/engine/config.ts). */
  profile: 'quick' | 'default';
  /** Sizes of the I/O workloads (io-timers, io-http); the engine's defaults when absent. */
  io?: { requests: number; latencyMs: number; poolSize: number };
  /** Engine workload ids, each with the approaches to run (names or labels; all when absent). */
  workloads: Array<{ id: string; approaches?: string[] }>;
}

export type LabRunEvent = ProgressEvent | { type: 'failed'; message: string };

/** `lab` in /api/info: whether this runner can run the lab, and what its Node can do (native = cargo). */
export interface LabRunnerInfo {
  available: boolean;
  reason?: string;
  /** The Node platform's capabilities on the runner's machine (for the page's menus). */
  capabilities: Capabilities;
  /** A whole lab run is stopped after this long. */
  timeLimitMs: number;
}
