import { readNdjson } from './ndjson.ts';
import type { RunnerErrorBody, RunnerEvent, RunnerInfo, RunRequest } from './protocol.ts';
import { createStore } from './store.ts';
import {
  RUNTIME_LABELS,
  type BootStatus,
  type MountRequest,
  type ProjectFiles,
  type RunEvents,
  type RunExit,
  type RunHandle,
  type RunOptions,
  type Runtime,
  type ScriptName,
} from './types.ts';

/**
 * Runs projects through the local runner (runner/), the Node service `npm start` launches. Mounting
 * keeps the files in the page; each run sends them with the request and streams events back.
 */
export class LocalRunnerRuntime implements Runtime {
  readonly kind = 'local' as const;
  readonly label = RUNTIME_LABELS.local;
  readonly status = createStore<BootStatus>({ state: 'idle' });
  private readonly mounted = new Map<string, ProjectFiles>();
  private booting: Promise<void> | undefined;
  info: RunnerInfo | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  boot(): Promise<void> {
    this.booting ??= (async () => {
      this.status.set({ state: 'booting', message: 'Connecting to the local runner…' });
      try {
        const res = await this.fetchImpl(new URL('/api/info', this.baseUrl), { headers: this.headers() });
        if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as Partial<RunnerErrorBody>).error ?? `HTTP ${res.status}`);
        this.info = (await res.json()) as RunnerInfo;
        this.status.set({ state: 'ready', message: `Node ${this.info.node} on this machine` });
      } catch (e) {
        this.booting = undefined;
        const cause = (e as Error).message;
        this.status.set({ state: 'failed', message: 'The local runner did not answer.', cause, remedy: 'Start it with `npm start` and open the URL it prints.' });
        throw e;
      }
    })();
    return this.booting;
  }

  async mount({ lessonId, files }: MountRequest): Promise<void> {
    this.mounted.set(lessonId, files);
  }

  async run(lessonId: string, script: ScriptName, events: RunEvents, options: RunOptions): Promise<RunHandle> {
    const files = this.mounted.get(lessonId);
    if (!files) throw new Error(`lesson ${lessonId} is not mounted`);
    const body: RunRequest = { lessonId, script, files, timeoutSeconds: options.timeoutSeconds };
    const abort = new AbortController();
    let runId: string | undefined;
    let stopRequested = false;

    const exit = (async (): Promise<RunExit> => {
      let res: Response;
      try {
        res = await this.fetchImpl(new URL('/api/runs', this.baseUrl), {
          method: 'POST',
          headers: { ...this.headers(), 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: abort.signal,
        });
      } catch (e) {
        return { code: null, signal: null, reason: 'error', message: unreachable(e) };
      }
      if (!res.ok || !res.body) {
        const error = ((await res.json().catch(() => ({}))) as Partial<RunnerErrorBody>).error ?? `HTTP ${res.status}`;
        const retry = res.headers.get('retry-after');
        return { code: null, signal: null, reason: 'error', message: `the runner refused the run: ${error}${retry ? ` (try again in ${retry} s)` : ''}` };
      }
      try {
        for await (const event of readNdjson<RunnerEvent>(res.body)) {
          switch (event.type) {
            case 'queued':
              runId = event.runId;
              events.onQueued?.(event.position);
              break;
            case 'started':
              runId = event.runId;
              if (stopRequested) void this.requestStop(runId);
              break;
            case 'output':
              events.onOutput(event.data);
              break;
            case 'server-ready':
              events.onServerReady?.(event.url);
              break;
            case 'exit': {
              const { type: _type, ...exit } = event;
              return exit;
            }
          }
        }
      } catch (e) {
        if (stopRequested) return { code: null, signal: 'SIGKILL', reason: 'stopped' };
        return { code: null, signal: null, reason: 'error', message: unreachable(e) };
      }
      return { code: null, signal: null, reason: 'error', message: 'the connection to the local runner ended before the run did (was the runner stopped?)' };
    })();

    return {
      exit,
      stop: async () => {
        stopRequested = true;
        if (runId) await this.requestStop(runId);
        // If the runner cannot be told, dropping the stream also ends the run on its side.
        setTimeout(() => abort.abort(), 2000);
        await exit;
      },
    };
  }

  dispose(): void {
    this.mounted.clear();
  }

  private async requestStop(runId: string) {
    await this.fetchImpl(new URL(`/api/runs/${runId}/stop`, this.baseUrl), { method: 'POST', headers: this.headers() }).catch(() => undefined);
  }

  private headers() {
    return { authorization: `Bearer ${this.token}` };
  }
}

function unreachable(e: unknown): string {
  return `cannot reach the local runner (${(e as Error).message}); is \`npm start\` still running?`;
}
