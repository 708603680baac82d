import { RUNNER_NAME, type RunnerErrorBody, type RunnerInfo } from '../../../contracts/runner-protocol.ts';
import { createStore, type ReadableStore } from './store.ts';
import type { BootStatus, Runtime, RuntimeKind } from './types.ts';

/**
 * The one place that decides where projects run:
 *   1. served by the local runner (npm start) and holding its token  -> local runner;
 *   2. otherwise, cross-origin isolated and online                     -> WebContainer;
 *   3. WebContainer fails to boot but a local runner answers            -> local runner, with a notice.
 * `?runtime=webcontainer` asks for WebContainer first (to try it while served locally).
 * Implementations are loaded with import() only when chosen.
 */
export interface RuntimeSelection {
  runtime: Runtime | null;
  kind: RuntimeKind | null;
  status: BootStatus;
  /** Why the choice differs from what was asked or expected, in words for the learner. */
  notice?: string;
}

export interface ChooseOptions {
  location: Pick<Location, 'origin' | 'search'>;
  crossOriginIsolated: boolean;
  online: boolean;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  bootTimeoutMs?: number;
  fetchImpl?: typeof fetch;
}

const TOKEN_KEY = 'workbook.runnerToken';

export function readToken(location: Pick<Location, 'search'>, storage: Pick<Storage, 'getItem' | 'setItem'>): string | null {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

type Probe = { state: 'ok'; info: RunnerInfo } | { state: 'unauthorized'; error: string } | { state: 'absent' };

export async function probeLocalRunner(origin: string, token: string | null, fetchImpl: typeof fetch = fetch): Promise<Probe> {
  try {
    const res = await fetchImpl(new URL('/api/info', origin), {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(4000),
    });
    const body = (await res.json().catch(() => null)) as Partial<RunnerInfo> | Partial<RunnerErrorBody> | null;
    if (res.ok && body?.runner === RUNNER_NAME) return { state: 'ok', info: body as RunnerInfo };
    if (res.status === 401 && body?.runner === true) return { state: 'unauthorized', error: (body as RunnerErrorBody).error };
  } catch {
    // not served by the runner (a static host answers 404 or HTML)
  }
  return { state: 'absent' };
}

export async function chooseRuntime(options: ChooseOptions): Promise<RuntimeSelection> {
  const fetchImpl = options.fetchImpl ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const token = readToken(options.location, options.storage);
  const probe = await probeLocalRunner(options.location.origin, token, fetchImpl);
  const wantsWebContainer = new URLSearchParams(options.location.search).get('runtime') === 'webcontainer';

  const local = async (notice?: string): Promise<RuntimeSelection> => {
    const { LocalRunnerRuntime } = await import('./local-runner-runtime.ts');
    // Read the token at each call: after a restart with a new token, opening the new URL in any
    // tab stores it, and this tab recovers without a reload.
    const runtime = new LocalRunnerRuntime(options.location.origin, () => options.storage.getItem(TOKEN_KEY) ?? token, fetchImpl);
    await runtime.boot().catch(() => undefined);
    return { runtime, kind: 'local', status: runtime.status.get(), ...(notice ? { notice } : {}) };
  };

  const unauthorized = async (error: string): Promise<RuntimeSelection> => ({
    runtime: null,
    kind: 'local',
    status: {
      state: 'failed',
      message: 'This page has no valid access token for the local runner.',
      cause: await tokenCause(error),
      remedy: 'Open the URL that `npm start` printed in its terminal (it ends with ?token=…). Your edits are kept.',
    },
  });

  if (probe.state === 'ok' && !wantsWebContainer) return local();
  // Served by the runner but without its token: say how to get it rather than try elsewhere.
  if (probe.state === 'unauthorized' && !wantsWebContainer) return await unauthorized(probe.error);

  const webContainer = await tryWebContainer(options);
  if (webContainer.runtime) return webContainer;
  if (probe.state === 'ok') {
    const status = webContainer.status.state === 'failed' ? webContainer.status : undefined;
    return local(`WebContainer could not be used: ${status?.cause ?? 'unknown reason'} Using the local runner instead.`);
  }
  if (probe.state === 'unauthorized') return await unauthorized(probe.error);
  return webContainer;
}

/** The runner's reason without its own "open the URL" advice: the remedy says that once. */
async function tokenCause(error: string): Promise<string> {
  const { tokenProblem } = await import('./local-runner-runtime.ts');
  return tokenProblem(error);
}

async function tryWebContainer(options: ChooseOptions): Promise<RuntimeSelection> {
  const failed = (message: string, cause: string, remedy: string): RuntimeSelection => ({
    runtime: null,
    kind: 'webcontainer',
    status: { state: 'failed', message, cause, remedy },
  });
  const REMEDY = 'Run the workbook locally instead: `npm install && npm start`, then open the URL it prints.';
  if (!options.crossOriginIsolated) {
    return failed(
      'WebContainer cannot start on this page.',
      'The page is not cross-origin isolated: the server must send Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp.',
      `${REMEDY} If you host the workbook, add those headers (see README, "Deploying the static site").`,
    );
  }
  if (!options.online) return failed('WebContainer cannot start offline.', 'This browser reports that it is offline.', REMEDY);
  const [{ WebContainerRuntime }, api] = await Promise.all([import('./webcontainer-runtime.ts'), import('@webcontainer/api')]);
  const runtime = new WebContainerRuntime(api.WebContainer, options.bootTimeoutMs);
  try {
    await runtime.boot();
    return { runtime, kind: 'webcontainer', status: runtime.status.get() };
  } catch {
    return { runtime: null, kind: 'webcontainer', status: runtime.status.get() };
  }
}

/** App-wide: the selection happens once per page, and every view reads it from here. */
export function createRuntimeController(choose: () => Promise<RuntimeSelection>) {
  const selection = createStore<RuntimeSelection>({ runtime: null, kind: null, status: { state: 'booting', message: 'Choosing a runtime…' } });
  let started: Promise<RuntimeSelection> | undefined;
  const start = () =>
    (started ??= choose().then((s) => {
      selection.set(s);
      // Keep the badge live: installs and failures after boot are published by the runtime itself.
      s.runtime?.status.subscribe((status) => selection.set({ ...selection.get(), status }));
      return s;
    }));
  return { selection: selection as ReadableStore<RuntimeSelection>, start };
}
