/**
 * Node worker entry (through worker/node-bootstrap.mjs): one approach, found by the job platform-node.ts
 * sends, prepared and measured slice by slice in this fresh isolate (isolate.ts's serveIsolate, the same
 * protocol the browser's Web Worker isolates speak). The .wasm files come from disk.
 */
import { parentPort } from 'node:worker_threads';
import { serveIsolate, type IsolateScope } from './isolate.ts';
import { createNodePlatform } from './platform-node.ts';

const port = parentPort;
if (!port) throw new Error('isolate-worker.node.ts must run in a worker thread');
// A worker's parentPort is an EventTarget-style MessagePort: addEventListener('message', …) gives { data }.
serveIsolate(port as unknown as IsolateScope, () => createNodePlatform({ disableNative: true }));
