/**
 * Node worker entry (through worker/node-bootstrap.mjs) that measures exactly one approach in this fresh
 * isolate and posts the outcome back; platform-node.ts starts one per approach and terminates it after.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runIsolateJob } from './isolate.ts';
import { createNodePlatform } from './platform-node.ts';
import type { IsolateJob, Measured } from './types.ts';

const port = parentPort;
if (!port) throw new Error('isolate-worker.node.ts must run in a worker thread');
const job = (workerData as { job: IsolateJob }).job;
const outcome: Measured = await runIsolateJob(job, createNodePlatform({ disableNative: true }), new AbortController().signal).catch((error: unknown) => ({
  error: error instanceof Error ? error.message : String(error),
}));
port.postMessage(outcome);
