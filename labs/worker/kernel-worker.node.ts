/** Node worker_threads entry (started through node-bootstrap.mjs). */
import { parentPort } from 'node:worker_threads';
import { handleKernelRequest } from './kernel-worker-core.ts';
import type { KernelWorkerRequest } from './protocol.ts';

const port = parentPort;
if (!port) throw new Error('kernel-worker.node.ts must run in a worker thread');
port.on('message', (request: KernelWorkerRequest) => handleKernelRequest(request, (reply) => port.postMessage(reply)));
