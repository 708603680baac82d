/**
 * `npm run bench -- --crosscheck`: every approach of the isolating (Wasm-suite) workloads, except native,
 * measured again by the plain loop of plain-loop.ts, each measurement in a fresh worker thread (a new V8
 * isolate) — `rounds` rounds, all approaches of a workload once per round, in turn. Node only.
 */
import { Worker } from 'node:worker_threads';
import { resolveConfig } from '../engine/config.ts';
import type { Platform } from '../engine/platform.ts';
import type { Workload } from '../engine/types.ts';
import type { PlainMeasurement } from './compare.ts';
import { PLAIN_LOOP_DEFAULTS, type PlainLoopJob, type PlainLoopOptions, type PlainLoopOutcome } from './plain-loop.ts';

const bootstrapUrl = new URL('../worker/node-bootstrap.mjs', import.meta.url);
const entryUrl = new URL('./plain-loop-worker.node.ts', import.meta.url);

export function inFreshWorker(job: PlainLoopJob): Promise<PlainLoopOutcome> {
  return new Promise((resolve) => {
    const worker = new Worker(bootstrapUrl, { workerData: { entry: entryUrl.href, job } });
    let done = false;
    const finish = (outcome: PlainLoopOutcome) => {
      if (done) return;
      done = true;
      void worker.terminate();
      resolve(outcome);
    };
    worker.once('message', finish);
    worker.once('error', (error) => finish({ error: error.message }));
    worker.once('exit', (code) => finish({ error: `worker exited with code ${code}` }));
  });
}

export interface CrosscheckOptions {
  platform: Platform;
  workloads: readonly Workload[];
  rounds?: number;
  loop?: PlainLoopOptions;
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
}

export const CROSSCHECK_ROUNDS = 5;

export async function runCrosscheck(options: CrosscheckOptions): Promise<{ measurements: PlainMeasurement[]; errors: string[] }> {
  const config = resolveConfig();
  const rounds = options.rounds ?? CROSSCHECK_ROUNDS;
  const loop = options.loop ?? PLAIN_LOOP_DEFAULTS;
  const measurements: PlainMeasurement[] = [];
  const errors: string[] = [];
  const ctx = { platform: options.platform, config, signal: options.signal ?? new AbortController().signal };
  for (const workload of options.workloads) {
    if (!workload.isolate) continue;
    const approaches = workload.approaches(config).filter((a) => !(a.requires ?? []).includes('native'));
    const expected = await workload.expected(ctx);
    const rows = approaches.map((a): PlainMeasurement => ({ workload: workload.id, label: a.label ?? a.name, baseline: a.baseline === true, mediansMs: [] }));
    for (let round = 0; round < rounds; round++) {
      for (const row of rows) {
        if (ctx.signal.aborted) return { measurements, errors };
        const outcome = await inFreshWorker({ workloadId: workload.id, label: row.label, expected, options: loop });
        if (outcome.error !== undefined || outcome.medianMs === undefined) errors.push(`${workload.id}/${row.label}: ${outcome.error ?? 'no figure'}`);
        row.mediansMs.push(outcome.medianMs ?? Number.NaN);
        options.onProgress?.(`[plain loop ${round + 1}/${rounds}] ${workload.id} · ${row.label}: ${outcome.medianMs === undefined ? `FAILED: ${outcome.error}` : `median ${outcome.medianMs.toFixed(4)} ms`}`);
      }
    }
    measurements.push(...rows);
  }
  return { measurements, errors };
}
