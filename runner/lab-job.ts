/**
 * One benchmark-lab run, in a child `node` process of its own (forked by lab-api.ts with tsx).
 * Why a process and not the runner's thread: tinybench times a synchronous kernel back to back for the
 * whole budget, which blocked a 50 ms probe in the runner for 1.2 s per approach (default profile);
 * here it blocks only this process, and killing the process group ends workers, cargo and native alike.
 *
 * IPC in:  { type: 'start', request } once, then { type: 'cancel' } to stop after the current approach.
 * IPC out: LabRunEvent — the engine's progress events ('done' carries the report) or 'failed'.
 */
import { runBenchmarks } from '../labs/index.ts';
import { createNodePlatform } from '../labs/engine/platform-node.ts';
import type { LabRunEvent, LabRunRequest } from '../contracts/lab-protocol.ts';
import { labConfigFor, planLabWorkloads } from './lab-request.ts';

export type ToLabJob = { type: 'start'; request: LabRunRequest } | { type: 'cancel' };

const controller = new AbortController();
let lastSend = Promise.resolve();
const send = (event: LabRunEvent) => {
  lastSend = new Promise<void>((resolve) => (process.send ? process.send(event, undefined, {}, () => resolve()) : resolve()));
  return lastSend;
};

async function run(request: LabRunRequest) {
  try {
    await runBenchmarks({
      platform: createNodePlatform(),
      workloads: planLabWorkloads(request),
      config: labConfigFor(request),
      signal: controller.signal,
      onProgress: (event) => void send(event),
    });
  } catch (e) {
    await send({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
  // Messages go out in order: once the last is written, all are.
  await lastSend;
  process.exit(0);
}

process.on('message', (message: ToLabJob) => {
  if (message.type === 'cancel') controller.abort();
  else void run(message.request);
});
// The runner went away (crash, shutdown): stop measuring for nobody.
process.on('disconnect', () => {
  controller.abort();
  setTimeout(() => process.exit(1), 2000).unref();
});
