import type { FileSystemTree, WebContainer, WebContainerProcess } from '@webcontainer/api';
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
 * The part of @webcontainer/api this adapter uses. The real `WebContainer` satisfies it (checked at
 * compile time below); the contract tests pass a test double, because the hosted boot from
 * stackblitz.com cannot be reached from CI.
 */
export interface WebContainerLike {
  mount(tree: FileSystemTree, options?: { mountPoint?: string }): Promise<void>;
  spawn(command: string, args: string[], options?: { cwd?: string; env?: Record<string, string> }): Promise<WebContainerProcess>;
  on(event: 'server-ready', listener: (port: number, url: string) => void): () => void;
  fs: { mkdir(path: string, options: { recursive: true }): Promise<string> };
  teardown(): void;
}
export interface WebContainerApi {
  boot(options?: { coep?: 'require-corp' | 'credentialless'; workdirName?: string }): Promise<WebContainerLike>;
}
const _realApiFits: (real: WebContainer) => WebContainerLike = (real) => real;
void _realApiFits;

export const DEFAULT_BOOT_TIMEOUT_MS = 20_000;
/** The port a lesson's server gets as PORT inside the container (ports there are virtual). */
const PREVIEW_PORT = 3000;
const OUTPUT_LIMIT = 1024 * 1024;

export class WebContainerBootError extends Error {
  constructor(
    override readonly cause: string,
    readonly remedy: string,
  ) {
    super(cause);
  }
}

export class WebContainerRuntime implements Runtime {
  readonly kind = 'webcontainer' as const;
  readonly label = RUNTIME_LABELS.webcontainer;
  readonly status = createStore<BootStatus>({ state: 'idle' });
  private container: Promise<WebContainerLike> | undefined;
  /** Per lesson: the dependency set installed (or being installed), so installs never overlap. */
  private readonly installs = new Map<string, { deps: string; done: Promise<void> }>();
  /** The Preview belongs to the run script's server; a check's test servers must not take it. */
  private serverListener: ((url: string) => void) | undefined;

  constructor(
    private readonly api: WebContainerApi,
    private readonly bootTimeoutMs = DEFAULT_BOOT_TIMEOUT_MS,
  ) {}

  async boot(): Promise<void> {
    await this.getContainer();
  }

  private getContainer(): Promise<WebContainerLike> {
    this.container ??= (async () => {
      this.status.set({ state: 'booting', message: 'Booting WebContainer…' });
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        // Offline or behind a firewall, boot() neither resolves nor rejects (its iframe never loads),
        // so the workbook sets its own deadline and says what went wrong.
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new WebContainerBootError(`WebContainer did not boot within ${this.bootTimeoutMs / 1000} s: its host (stackblitz.com) could not be reached from this browser.`, REMEDY)),
            this.bootTimeoutMs,
          );
        });
        const wc = await Promise.race([this.api.boot({ coep: 'require-corp', workdirName: 'workbook' }), timeout]);
        wc.on('server-ready', (port, url) => {
          if (port === PREVIEW_PORT) this.serverListener?.(url);
        });
        this.status.set({ state: 'ready', message: 'Node in this browser tab' });
        return wc;
      } catch (e) {
        this.container = undefined;
        const err = e instanceof WebContainerBootError ? e : new WebContainerBootError(`WebContainer failed to boot: ${(e as Error).message}`, REMEDY);
        this.status.set({ state: 'failed', message: 'WebContainer could not start.', cause: err.cause, remedy: err.remedy });
        throw err;
      } finally {
        clearTimeout(timer);
      }
    })();
    return this.container;
  }

  async mount({ lessonId, files }: MountRequest): Promise<void> {
    const wc = await this.getContainer();
    const dir = projectDir(lessonId);
    await wc.fs.mkdir(dir, { recursive: true });
    await wc.mount(toFileSystemTree(files), { mountPoint: dir });
    const deps = dependenciesOf(files);
    const current = this.installs.get(lessonId);
    if (current?.deps === deps) return current.done;
    const done = this.install(wc, dir).catch((e: unknown) => {
      this.installs.delete(lessonId); // the next run tries again
      throw e;
    });
    this.installs.set(lessonId, { deps, done });
    return done;
  }

  private async install(wc: WebContainerLike, dir: string): Promise<void> {
    this.status.set({ state: 'installing', message: 'Installing dependencies (npm install)…' });
    const install = await wc.spawn('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir });
    let lines = 0;
    void install.output.pipeTo(
      new WritableStream({
        write: (chunk) => {
          lines += chunk.split('\n').length - 1;
          this.status.set({ state: 'installing', message: `Installing dependencies (npm install)… ${lines} lines of output` });
        },
      }),
    );
    const code = await install.exit;
    if (code !== 0) {
      this.status.set({ state: 'failed', message: 'npm install failed.', cause: `npm install exited with code ${code}`, remedy: 'Check your connection and reload, or run the workbook locally with `npm install && npm start`.' });
      throw new Error(`npm install exited with code ${code}`);
    }
    this.status.set({ state: 'ready', message: 'Node in this browser tab' });
  }

  async run(lessonId: string, script: ScriptName, events: RunEvents, options: RunOptions): Promise<RunHandle> {
    const wc = await this.getContainer();
    const process = await wc.spawn('npm', ['run', '--silent', script], { cwd: projectDir(lessonId), env: { PORT: String(PREVIEW_PORT) } });
    let reason: RunExit['reason'];
    let message: string | undefined;
    let bytes = 0;
    const kill = (why: NonNullable<RunExit['reason']>, text?: string) => {
      reason ??= why;
      message ??= text;
      process.kill();
    };
    const listener = (url: string) => events.onServerReady?.(url);
    if (script === 'run') this.serverListener = listener;
    const timer = setTimeout(() => kill('timeout', `time limit of ${options.timeoutSeconds} s reached; the run was stopped`), options.timeoutSeconds * 1000);
    void process.output
      .pipeTo(
        new WritableStream({
          write(chunk) {
            if (reason === 'output-limit') return;
            bytes += chunk.length;
            if (bytes > OUTPUT_LIMIT) {
              events.onOutput('\n[output truncated]\n');
              kill('output-limit', 'output passed 1024 KiB; the run was stopped');
              return;
            }
            events.onOutput(chunk);
          },
        }),
      )
      .catch(() => undefined);
    const exit = process.exit.then((code): RunExit => {
      clearTimeout(timer);
      if (this.serverListener === listener) this.serverListener = undefined;
      return { code: reason ? null : code, signal: reason ? 'SIGKILL' : null, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
    });
    return {
      exit,
      stop: async () => {
        kill('stopped');
        await exit;
      },
    };
  }

  dispose(): void {
    void this.container?.then((wc) => wc.teardown()).catch(() => undefined);
    this.container = undefined;
  }
}

const REMEDY = 'Run the workbook locally instead: `npm install && npm start` in a clone of the repository, then open the URL it prints.';

function projectDir(lessonId: string) {
  // Relative to the WebContainer workdir, which is how spawn() and fs paths are resolved.
  return `lessons/${lessonId}`;
}

function dependenciesOf(files: ProjectFiles): string {
  try {
    const pkg = JSON.parse(files['package.json'] ?? '{}') as { dependencies?: Record<string, string> };
    return JSON.stringify(pkg.dependencies ?? {});
  } catch {
    return '{}';
  }
}

export function toFileSystemTree(files: ProjectFiles): FileSystemTree {
  const root: FileSystemTree = {};
  for (const [path, contents] of Object.entries(files)) {
    const parts = path.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      const node = (dir[part] ??= { directory: {} });
      if (!('directory' in node)) throw new Error(`${path}: ${part} is both a file and a folder`);
      dir = node.directory;
    }
    dir[parts[parts.length - 1]!] = { file: { contents } };
  }
  return root;
}
