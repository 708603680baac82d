/** The benchmark engine in a dedicated Web Worker (bench-host.ts, where = 'worker'). */
import { runHere, type FromBenchWorker, type ToBenchWorker } from './bench-host.ts';

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<ToBenchWorker>) => void) | null;
  postMessage(message: FromBenchWorker): void;
};

const controller = new AbortController();
scope.onmessage = ({ data }) => {
  if (data.type === 'cancel') return controller.abort();
  runHere(data.request, (event) => scope.postMessage({ type: 'progress', event }), controller.signal).catch((error: unknown) =>
    scope.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
};
