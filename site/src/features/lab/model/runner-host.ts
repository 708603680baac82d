/**
 * where = 'runner': the suites run in Node on the learner's machine, through the local runner's
 * POST /api/lab/runs (runtime/lab-protocol.ts), native Rust included when that machine has cargo. The
 * stream carries the engine's own progress events, so the page shows them exactly as a run in the page.
 * Loaded with import() by bench-host.ts only when this option is chosen.
 */
import type { BenchResult, Environment, ProgressEvent, RunReport } from '../../../../../labs/index.ts';
import { readToken } from '../../../runtime/choose-runtime.ts';
import type { LabRunEvent, LabRunRequest } from '../../../../../contracts/lab-protocol.ts';
import { readNdjson } from '../../../runtime/ndjson.ts';
import { partialReport, type RunHandle } from './bench-host.ts';
import { allWorkloads, approachKey, configFor, type RunRequest } from './run-plan.ts';

/** How long after Cancel the page waits for the runner's own Stop (10 s grace) before it drops the stream. */
const CANCEL_GRACE_MS = 12_000;

/**
 * The page's choice as the runner's request: engine workloads with the approaches left ticked, by
 * label. The learner's edited kernels live in this page, so they are not sent.
 */
export function labRequestFor(request: RunRequest): LabRunRequest {
  const config = configFor(request.profile);
  const excluded = new Set(request.excluded);
  const workloads = allWorkloads(request.io, { size: request.edited.size })
    .filter((p) => p.group !== 'yours' && request.workloads.includes(p.key))
    .map((p) => ({ id: p.key, approaches: p.workload.approaches(config).map((a) => a.label ?? a.name).filter((label) => !excluded.has(approachKey(p.key, label))) }))
    .filter((w) => w.approaches.length > 0);
  return { profile: request.profile, io: request.io, workloads };
}

export interface RunnerConnection {
  origin: string;
  token(): string | null;
  fetch: typeof fetch;
}

const browserConnection = (): RunnerConnection => ({
  origin: location.origin,
  token: () => readToken(location, localStorage),
  fetch: (...args) => fetch(...args),
});

export function runOnRunner(request: RunRequest, onEvent: (event: ProgressEvent) => void, connection: RunnerConnection = browserConnection()): RunHandle {
  const controller = new AbortController();
  let cancelled = false;
  let environment: Environment | undefined;
  const results: BenchResult[] = [];
  const call = (path: string, body?: unknown) =>
    connection.fetch(new URL(path, connection.origin), {
      method: 'POST',
      headers: { authorization: `Bearer ${connection.token() ?? ''}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(path === '/api/lab/runs' ? { signal: controller.signal } : {}),
    });
  const stoppedReport = async () => {
    const partial = await partialReport(request, environment, results);
    if (partial instanceof Error) throw partial;
    return partial;
  };

  const done = (async (): Promise<RunReport> => {
    const body = labRequestFor(request);
    if (body.workloads.length === 0) throw new Error('nothing to run in Node: your edited kernels run only in this page (Main thread or Web Worker)');
    const res = await call('/api/lab/runs', body);
    if (!res.ok || !res.body) {
      const refusal = (await res.json().catch(() => null)) as { error?: string } | null;
      throw new Error(`the local runner refused the run (${res.status}): ${refusal?.error ?? res.statusText}`);
    }
    let failure: string | undefined;
    try {
      for await (const event of readNdjson<LabRunEvent>(res.body)) {
        if (event.type === 'failed') {
          failure = event.message;
          continue;
        }
        if (event.type === 'environment') environment = event.environment;
        if (event.type === 'result') results.push(event.result);
        onEvent(event);
        if (event.type === 'done') return event.report;
      }
    } catch (e) {
      if (!cancelled) throw new Error(`lost the connection to the local runner (${e instanceof Error ? e.message : String(e)})`);
    }
    if (cancelled) return stoppedReport();
    throw new Error(failure || 'the local runner ended the run without a report');
  })();

  return {
    done,
    cancel() {
      if (cancelled) return;
      cancelled = true;
      // Stop lets the current approach finish and returns the report; if even that hangs, drop the stream
      // (the runner then kills the job) and keep what finished.
      void call('/api/lab/runs/stop').catch(() => controller.abort());
      setTimeout(() => controller.abort(), CANCEL_GRACE_MS);
    },
  };
}
