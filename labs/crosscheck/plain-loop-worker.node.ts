/** Node worker entry (through worker/node-bootstrap.mjs): one plain-loop measurement in a fresh isolate. */
import { parentPort, workerData } from 'node:worker_threads';
import { resolveConfig } from '../engine/config.ts';
import { createNodePlatform } from '../engine/platform-node.ts';
import { ALL_WORKLOADS } from '../index.ts';
import { runPlainLoop, type PlainLoopJob, type PlainLoopOutcome } from './plain-loop.ts';

const port = parentPort;
if (!port) throw new Error('plain-loop-worker.node.ts must run in a worker thread');
const job = (workerData as { job: PlainLoopJob }).job;
const outcome: PlainLoopOutcome = await runPlainLoop(ALL_WORKLOADS, job, createNodePlatform({ disableNative: true }), resolveConfig()).catch((error: unknown) => ({
  error: error instanceof Error ? error.message : String(error),
}));
port.postMessage(outcome);
