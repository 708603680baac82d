// Node worker bootstrap: worker threads do not inherit tsx's loader from `tsx labs/cli/bench.ts` (nor from
// Vitest), so register tsx here, then import the TypeScript entry named in workerData.
import { workerData } from 'node:worker_threads';

const entry = workerData?.entry;
if (typeof entry !== 'string') throw new Error('node-bootstrap.mjs needs workerData.entry');
if (entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(entry);
