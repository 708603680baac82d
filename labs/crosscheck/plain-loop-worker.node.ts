/**
 * Node worker entry (through worker/node-bootstrap.mjs): one approach in a fresh isolate. It prepares,
 * checks and warms up the approach, replies 'ready', then times one slice per 'slice' request until the
 * host sends 'close' (dispose, reply 'closed'; the host then terminates the worker). plain-loop.ts's
 * servePlainLoop speaks the protocol.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { resolveConfig } from '../engine/config.ts';
import { createNodePlatform } from '../engine/platform-node.ts';
import { ALL_WORKLOADS } from '../index.ts';
import { messageOf, openPlainLoop, servePlainLoop, type PlainLoopJob } from './plain-loop.ts';

const port = parentPort;
if (!port) throw new Error('plain-loop-worker.node.ts must run in a worker thread');
const job = (workerData as { job: PlainLoopJob }).job;

const session = await openPlainLoop(ALL_WORKLOADS, job, createNodePlatform({ disableNative: true }), resolveConfig()).catch((error: unknown) => ({ error: messageOf(error) }));
servePlainLoop(port, session);
