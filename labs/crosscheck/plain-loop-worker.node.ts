/**
 * Node worker entry (through worker/node-bootstrap.mjs): one approach in a fresh isolate. It prepares,
 * checks and warms up the approach, replies 'ready', then times one slice per 'slice' request until the
 * host sends 'close' (dispose, reply 'closed'; the host then terminates the worker).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { resolveConfig } from '../engine/config.ts';
import { createNodePlatform } from '../engine/platform-node.ts';
import { ALL_WORKLOADS } from '../index.ts';
import { openPlainLoop, type PlainLoopJob, type PlainLoopReply, type PlainLoopRequest } from './plain-loop.ts';

const port = parentPort;
if (!port) throw new Error('plain-loop-worker.node.ts must run in a worker thread');
const job = (workerData as { job: PlainLoopJob }).job;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const reply = (r: PlainLoopReply, transfer?: ArrayBuffer[]) => port.postMessage(r, transfer);

const session = await openPlainLoop(ALL_WORKLOADS, job, createNodePlatform({ disableNative: true }), resolveConfig()).catch((error: unknown) => ({ error: message(error) }));

port.on('message', (request: PlainLoopRequest) => {
  if (request.type === 'slice') {
    if ('error' in session) return reply({ type: 'slice', error: session.error });
    try {
      const samples = Float64Array.from(session.slice(request.sliceMs));
      reply({ type: 'slice', samples }, [samples.buffer]);
    } catch (error) {
      reply({ type: 'slice', error: message(error) });
    }
  } else if (request.type === 'close') {
    const disposed = 'error' in session ? Promise.resolve() : session.dispose();
    void disposed.catch(() => undefined).then(() => reply({ type: 'closed' }));
  }
});
reply('error' in session ? { type: 'ready', error: session.error } : { type: 'ready', warmupCalls: session.warmupCalls });
