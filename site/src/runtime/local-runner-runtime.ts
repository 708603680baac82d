import { readNdjson } from './ndjson.ts';
import type { RunnerErrorBody, RunnerEvent, RunnerInfo, RunRequest } from '../../../contracts/runner-protocol.ts';
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
  type RustRunEvents,
  type RustRuntime,
  type RustScriptName,
  type ScriptName,
} from './types.ts';

/**
 * Runs projects through the local runner (runner/), the Node service `npm start` launches. Mounting
 * keeps the files in the page; each run sends them with the request and streams events back.
 *
 * The runner may go away while the page stays open (Ctrl+C, a restart, a crash). Then the status
 * becomes `failed` with what happened and what to do, and the runtime keeps asking /api/info until
 * the runner answers again; it says so when the answer comes from a restarted runner (a different
 * `startedAt`). The learner's edits live in the page (IndexedDB), so nothing is lost meanwhile.
 * A token refused after a restart (`--new-token`) is read again from `token` when it is a function,
 * so opening the newly printed URL in another tab also heals this one.
 */
export interface LocalRunnerOptions {
  /** While ready: how often to check that the runner is still there (ms); 0 turns it off. */
  heartbeatMs?: number;
  /** While the runner is away: how often to try again (ms). */
  reconnectMs?: number;
}

type Lost = { kind: 'unreachable' | 'unauthorized'; cause: string };

export class LocalRunnerRuntime implements Runtime, RustRuntime {
  readonly kind = 'local' as const;
  readonly label = RUNTIME_LABELS.local;
  readonly status = createStore<BootStatus>({ state: 'idle' });
  private readonly mounted = new Map<string, ProjectFiles>();
  private readonly heartbeatMs: number;
  private readonly reconnectMs: number;
  private booting: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  info: RunnerInfo | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string | (() => string | null),
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
    options: LocalRunnerOptions = {},
  ) {
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.reconnectMs = options.reconnectMs ?? 2_000;
  }

  boot(): Promise<void> {
    this.booting ??= (async () => {
      this.status.set({ state: 'booting', message: 'Connecting to the local runner…' });
      const probe = await this.probe();
      if (probe.ok) return this.becomeReady(probe.info);
      this.booting = undefined;
      this.status.set({ state: 'failed', message: 'The local runner did not answer.', cause: probe.lost.cause, remedy: 'Start it with `npm start` and open the URL it prints.' });
      this.schedule(this.reconnectMs);
      throw new Error(probe.lost.cause);
    })();
    return this.booting;
  }

  async mount({ lessonId, files }: MountRequest): Promise<void> {
    this.mounted.set(lessonId, files);
  }

  async run(lessonId: string, script: ScriptName, events: RunEvents, options: RunOptions): Promise<RunHandle> {
    const files = this.mounted.get(lessonId);
    if (!files) throw new Error(`lesson ${lessonId} is not mounted`);
    return this.stream({ lessonId, script, files, timeoutSeconds: options.timeoutSeconds }, events);
  }

  readonly rustLabel = 'Local runner (cargo)';
  get canDiagnose(): boolean {
    return this.info?.rust?.available === true;
  }

  /**
   * A cargo run of the lesson's Rust exercise crate. Only the learner's files go over the wire
   * (`src/**.rs` and build.rs): Cargo.toml and tests/ are the lesson's and the runner reads them from disk.
   */
  async runRust(lessonId: string, script: RustScriptName, crate: ProjectFiles, events: RustRunEvents, options: RunOptions): Promise<RunHandle> {
    const files = Object.fromEntries(Object.entries(crate).filter(([p]) => isRustLearnerPath(p)));
    return this.stream({ track: 'rust', lessonId, script, files, timeoutSeconds: options.timeoutSeconds }, events);
  }

  private stream(body: RunRequest, events: RustRunEvents): RunHandle {
    const abort = new AbortController();
    let runId: string | undefined;
    let stopRequested = false;
    let wasQueued = false;

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
        this.lost({ kind: 'unreachable', cause: (e as Error).message });
        return { code: null, signal: null, reason: 'error', message: unreachable(e) };
      }
      if (!res.ok || !res.body) {
        const error = ((await res.json().catch(() => ({}))) as Partial<RunnerErrorBody>).error ?? `HTTP ${res.status}`;
        if (res.status === 401) this.lost({ kind: 'unauthorized', cause: error });
        const retry = res.headers.get('retry-after');
        return { code: null, signal: null, reason: 'error', message: `the runner refused the run: ${error}${retry ? ` (try again in ${retry} s)` : ''}` };
      }
      try {
        for await (const event of readNdjson<RunnerEvent>(res.body)) {
          switch (event.type) {
            case 'queued':
              runId = event.runId;
              wasQueued = true;
              events.onQueued?.(event.position);
              break;
            case 'started':
              runId = event.runId;
              // 0: no longer waiting, so the page stops showing a queue position.
              if (wasQueued) events.onQueued?.(0);
              if (stopRequested) void this.requestStop(runId);
              break;
            case 'output':
              events.onOutput(event.data);
              break;
            case 'server-ready':
              // A path on the runner's own port (/preview/<capability>/), so it works from other machines too.
              events.onServerReady?.(new URL(event.url, this.baseUrl).href);
              break;
            case 'progress':
              events.onProgress?.({ compiled: event.compiled, total: event.total, crate: event.crate });
              break;
            case 'diagnostics':
              events.onDiagnostics?.(event.diagnostics);
              break;
            case 'test-report':
              events.onTestReport?.(event.report);
              break;
            case 'exit': {
              const { type: _type, ...exit } = event;
              // The runner may be shutting down (that is one reason a run ends in an error): look now.
              if (exit.reason === 'error') void this.check();
              return exit;
            }
          }
        }
      } catch (e) {
        if (stopRequested) return { code: null, signal: 'SIGKILL', reason: 'stopped' };
        this.lost({ kind: 'unreachable', cause: (e as Error).message });
        return { code: null, signal: null, reason: 'error', message: unreachable(e) };
      }
      if (stopRequested) return { code: null, signal: 'SIGKILL', reason: 'stopped' };
      this.lost({ kind: 'unreachable', cause: 'the connection ended in the middle of a run' });
      return {
        code: null,
        signal: null,
        reason: 'error',
        message: 'the local runner went away during the run (stopped or restarted); your edits are kept, run again once it is back',
      };
    })();

    return {
      exit,
      stop: async () => {
        stopRequested = true;
        if (runId) await this.requestStop(runId);
        // If the runner cannot be told, dropping the stream also ends the run on its side.
        const drop = setTimeout(() => abort.abort(), 2000);
        await exit;
        clearTimeout(drop);
      },
    };
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.mounted.clear();
  }

  private async probe(): Promise<{ ok: true; info: RunnerInfo } | { ok: false; lost: Lost }> {
    try {
      const res = await this.fetchImpl(new URL('/api/info', this.baseUrl), { headers: this.headers(), signal: AbortSignal.timeout(5000) });
      if (res.ok) return { ok: true, info: (await res.json()) as RunnerInfo };
      const error = ((await res.json().catch(() => ({}))) as Partial<RunnerErrorBody>).error ?? `HTTP ${res.status}`;
      return { ok: false, lost: { kind: res.status === 401 ? 'unauthorized' : 'unreachable', cause: error } };
    } catch (e) {
      return { ok: false, lost: { kind: 'unreachable', cause: (e as Error).message } };
    }
  }

  private becomeReady(info: RunnerInfo) {
    const restarted = this.info !== undefined && this.info.startedAt !== info.startedAt;
    const recovered = this.status.get().state === 'failed';
    this.info = info;
    const message = restarted
      ? `Reconnected: the runner restarted at ${new Date(info.startedAt).toLocaleTimeString()} (runs then were stopped)`
      : recovered
        ? 'Reconnected to the local runner.'
        : `Node ${info.node} on this machine${sandboxWord(info)}`;
    this.status.set({ state: 'ready', message, details: describeProtection(info) });
    this.schedule(this.heartbeatMs);
  }

  /** The runner did not answer, or refused the token: say so, and keep trying in the background. */
  private lost(lost: Lost) {
    if (this.disposed) return;
    this.status.set(
      lost.kind === 'unauthorized'
        ? {
            state: 'failed',
            message: 'The local runner no longer accepts this page’s access token.',
            cause: `${tokenProblem(lost.cause)} It was probably restarted with a new token.`,
            remedy: 'Open the URL that `npm start` printed (it ends with ?token=…). Your edits are kept.',
          }
        : {
            state: 'failed',
            message: 'Lost the connection to the local runner.',
            cause: lost.cause,
            remedy: 'If it was stopped, start it again with `npm start`. This page reconnects by itself, and your edits are kept.',
          },
    );
    this.schedule(this.reconnectMs);
  }

  private schedule(ms: number) {
    clearTimeout(this.timer);
    if (this.disposed || ms <= 0) return;
    this.timer = setTimeout(() => void this.check(), ms);
    // In Node (tests, tools) a pending check must not keep the process alive.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private async check() {
    const probe = await this.probe();
    if (this.disposed) return;
    if (probe.ok) {
      if (this.status.get().state === 'failed' || probe.info.startedAt !== this.info?.startedAt) this.becomeReady(probe.info);
      else this.schedule(this.heartbeatMs);
    } else {
      this.lost(probe.lost);
    }
  }

  private async requestStop(runId: string) {
    await this.fetchImpl(new URL(`/api/runs/${runId}/stop`, this.baseUrl), { method: 'POST', headers: this.headers() }).catch(() => undefined);
  }

  private headers() {
    const token = typeof this.token === 'function' ? this.token() : this.token;
    return { authorization: `Bearer ${token ?? ''}` };
  }
}

/** What a Rust run request may carry: the learner's sources, never the lesson-owned manifest or tests. */
export function isRustLearnerPath(path: string): boolean {
  return (path.startsWith('src/') && path.endsWith('.rs')) || path === 'build.rs';
}

/**
 * The runner's 401 says "wrong token: open the URL that `npm start` printed"; the remedy beside it
 * says the same, so the cause keeps only what went wrong, as a sentence.
 */
export function tokenProblem(error: string): string {
  const what = error.replace(/:\s*open the URL.*$/i, '').trim();
  if (/^missing token$/i.test(what)) return 'The page sent no token.';
  if (/^wrong token$/i.test(what)) return 'The token this page has is not the runner’s.';
  return `${what.charAt(0).toUpperCase()}${what.slice(1)}${/[.!?]$/.test(what) ? '' : '.'}`;
}

function unreachable(e: unknown): string {
  return `cannot reach the local runner (${(e as Error).message}); is \`npm start\` still running?`;
}

/** " · sandboxed" or " · no sandbox" after the badge's Node version; nothing for an older runner. */
function sandboxWord(info: RunnerInfo): string {
  const sandbox = info.seatBelts?.sandbox;
  if (!sandbox) return '';
  return sandbox.kind === 'bubblewrap' ? ' · sandboxed' : ' · no sandbox';
}

/** What protects this machine from the projects it runs, in words, for the badge's details. */
export function describeProtection(info: RunnerInfo): string | undefined {
  const sandbox = info.seatBelts?.sandbox;
  if (!sandbox) return undefined;
  const box =
    sandbox.kind === 'bubblewrap'
      ? `Every run is sandboxed with bubblewrap ${sandbox.version}: read-only system, private /tmp, your home and the checkout hidden, no network except for the Preview.`
      : `No sandbox (${sandbox.reason}): runs get only the seat belts (rlimits, a process watchdog, Node's permission model). To sandbox them: ${sandbox.install}.`;
  const cgroup = info.seatBelts.cgroup;
  const limits = cgroup?.kind === 'v2' ? ' Memory and process limits: a cgroup per run.' : ' Memory and process limits: rlimits and the watchdog.';
  // Without a PID namespace, what ends a run's leftovers (a detached child with a cleaned environment).
  const reaper = info.seatBelts.reaper;
  const leftovers =
    sandbox.kind === 'bubblewrap' || !reaper
      ? ''
      : reaper.kind === 'subreaper'
        ? ' Processes a run leaves behind: caught by a subreaper and ended with it.'
        : ` Processes a run leaves behind may outlive it (${reaper.reason}).`;
  const rust = info.rust ? (info.rust.available ? ` Rust: ${info.rust.cargo}.` : ` Rust: ${info.rust.reason}.`) : '';
  return box + limits + leftovers + rust;
}
