import type { ReadableStore } from './store.ts';

import type { ProjectFiles, RunExit, ScriptName } from '../../../contracts/project.ts';

export type { ProjectFiles, RunExit, ScriptName };

export type RuntimeKind = 'local' | 'webcontainer';

/** What the runtime badge shows. `failed` always carries the cause and what the user can do about it. */
export type BootStatus =
  | { state: 'idle' }
  | { state: 'booting'; message: string }
  | { state: 'installing'; message: string; progress?: number }
  | { state: 'ready'; message: string }
  | { state: 'failed'; message: string; cause: string; remedy: string };

export interface MountRequest {
  lessonId: string;
  /** Runnable files: TypeScript already stripped to JavaScript (see project-files.ts). */
  files: ProjectFiles;
}

export interface RunEvents {
  onOutput(chunk: string): void;
  onServerReady?(url: string): void;
  /** Position in the runner's queue (1 = next; 0 = no longer waiting); only a loaded local runner reports it. */
  onQueued?(position: number): void;
}

export interface RunHandle {
  readonly exit: Promise<RunExit>;
  stop(): Promise<void>;
}

export interface RunOptions {
  /** Wall-clock limit in seconds; the runtime kills the whole process tree when it is reached. */
  timeoutSeconds: number;
}

/**
 * A place where lesson projects run. Two implementations: LocalRunnerRuntime (our Node service)
 * and WebContainerRuntime (@webcontainer/api). Both are loaded with import() only when chosen.
 */
export interface Runtime {
  readonly kind: RuntimeKind;
  /** "Local runner" or "WebContainer": the badge text. */
  readonly label: string;
  readonly status: ReadableStore<BootStatus>;
  /** Idempotent; resolves when ready, rejects (and publishes `failed`) when the runtime cannot be used. */
  boot(): Promise<void>;
  mount(request: MountRequest): Promise<void>;
  run(lessonId: string, script: ScriptName, events: RunEvents, options: RunOptions): Promise<RunHandle>;
  dispose(): void;
}

export const RUNTIME_LABELS: Record<RuntimeKind, string> = {
  local: 'Local runner',
  webcontainer: 'WebContainer',
};
