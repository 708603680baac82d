import type { ReadableStore } from './store.ts';

import type { ProjectFiles, RunExit, ScriptName } from '../../../contracts/project.ts';
import type { CargoDiagnostic } from '../../../contracts/cargo-report.ts';
import type { RustScriptName } from '../../../contracts/runner-protocol.ts';
import type { TestReport } from '../../../contracts/test-report.ts';

export type { CargoDiagnostic, ProjectFiles, RunExit, RustScriptName, ScriptName, TestReport };

export type RuntimeKind = 'local' | 'webcontainer';

/** What the runtime badge shows. `failed` always carries the cause and what the user can do about it. */
export type BootStatus =
  | { state: 'idle' }
  | { state: 'booting'; message: string }
  | { state: 'installing'; message: string; progress?: number }
  | { state: 'ready'; message: string; /** The long form, shown on hover: e.g. what the sandbox holds. */ details?: string }
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

/** What cargo reports besides output, on the Rust track (see contracts/runner-protocol.ts). */
export interface RustRunEvents extends RunEvents {
  onProgress?(progress: BuildProgress): void;
  /** The complete list for the learner's crate: it replaces any earlier one. */
  onDiagnostics?(diagnostics: CargoDiagnostic[]): void;
  onTestReport?(report: TestReport): void;
}

export interface BuildProgress {
  compiled: number;
  total: number | null;
  crate: string;
}

/**
 * Where the Rust track's crate is built: the local runner's cargo (LocalRunnerRuntime.runRust) or,
 * hosted and only after the learner agreed, the public Rust Playground (rust-playground.ts).
 */
export interface RustRuntime {
  /** "Local runner (cargo)" or "Rust Playground": said in the Output pane. */
  readonly rustLabel: string;
  /** Whether `diagnose` (cargo check while typing) is available. */
  readonly canDiagnose: boolean;
  /**
   * `crate` is the whole crate as the page has it (Cargo.toml, src/, tests/); a runtime sends only
   * what it must (the local runner takes the lesson-owned files from disk).
   */
  runRust(lessonId: string, script: RustScriptName, crate: ProjectFiles, events: RustRunEvents, options: RunOptions): Promise<RunHandle>;
}
