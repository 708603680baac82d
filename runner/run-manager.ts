import { randomBytes } from 'node:crypto';
import type { LessonSource } from '../contracts/lesson-loader.ts';
import type { RunnerEvent, RunnerLimits, RunRequest } from '../contracts/runner-protocol.ts';
import { startCargoRun } from './cargo/cargo-run.ts';
import { rustRunSeconds, type RustTrack } from './cargo/rust-track.ts';
import { lessonTimeoutSeconds } from './lesson-script.ts';
import { freePort, PreviewRoutes, waitForPort } from './preview.ts';
import { startProjectRun, type ProjectRun, type RunLimits } from './project-run.ts';

/**
 * Owns every run: at most `maxConcurrentRuns` at once, then a queue of `maxQueuedRuns` whose position
 * each waiting client is told, then refusal (the server answers 429). Each run's events go only to the
 * stream that asked for it, so output never mixes between runs.
 */
export interface RunTicket {
  runId: string;
  /** Ends the run (or takes it out of the queue). */
  stop(): void;
  done: Promise<void>;
}

export interface RunManagerOptions {
  limits: RunnerLimits;
  nodeModulesDir: string;
  /** Where run directories are made (default: the OS temp dir). */
  runRoot?: string;
  /** Per-process limits (heap, data segment, file size); the defaults suit the lessons. */
  processLimits?: Partial<RunLimits>;
  /** The Rust track (cargo runs); requests for it are refused by the server when absent or unavailable. */
  rust?: RustTrack;
  /** Where a serving run's Preview is registered (the server's /preview/ routes); a private one when absent. */
  previews?: PreviewRoutes;
}

interface Pending {
  runId: string;
  start: () => void;
  cancel: () => void;
  emit: (e: RunnerEvent) => void;
}

/** Writes one event to the run's stream; a promise means the client is behind (see openNdjsonStream). */
export type EmitEvent = (e: RunnerEvent) => void | Promise<void>;

export class QueueFullError extends Error {}

export class RunManager {
  private readonly active = new Map<string, ProjectRun | null>();
  private readonly queue: Pending[] = [];
  private readonly executing = new Set<Promise<void>>();
  /** Set by stopAll: runs still starting are stopped as soon as they exist. */
  private closing: string | undefined;
  /** Runs finished since start (for the benchmark and tests). */
  finished = 0;

  private readonly previews: PreviewRoutes;

  constructor(private readonly options: RunManagerOptions) {
    this.previews = options.previews ?? new PreviewRoutes();
  }

  get activeCount() {
    return this.active.size;
  }

  get queuedCount() {
    return this.queue.length;
  }

  /** True when a new run would be refused: every slot busy and the queue full. */
  isFull(): boolean {
    const { maxConcurrentRuns, maxQueuedRuns } = this.options.limits;
    if (this.closing) return true;
    return this.active.size >= maxConcurrentRuns && this.queue.length >= maxQueuedRuns;
  }

  submit(lesson: LessonSource, request: RunRequest, emit: EmitEvent): RunTicket {
    if (this.isFull()) throw new QueueFullError('the runner is busy: too many runs at once');
    const runId = randomBytes(12).toString('hex');
    let stopped = false;
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));

    const start = () => {
      this.active.set(runId, null);
      emit({ type: 'started', runId });
      const execution = this.execute(runId, lesson, request, emit, () => stopped).finally(() => {
        this.active.delete(runId);
        this.executing.delete(execution);
        this.finished++;
        finish();
        this.next();
      });
      this.executing.add(execution);
    };
    const pending: Pending = {
      runId,
      start,
      emit,
      cancel: () => {
        emit({ type: 'exit', code: null, signal: null, reason: 'stopped', message: 'stopped while waiting in the queue' });
        finish();
      },
    };
    const stop = () => {
      stopped = true;
      this.stopById(runId);
    };

    if (this.active.size < this.options.limits.maxConcurrentRuns) start();
    else {
      this.queue.push(pending);
      emit({ type: 'queued', runId, position: this.queue.length });
    }
    return { runId, stop, done };
  }

  /** Stops every run and resolves once all of them have ended and their directories are gone. */
  async stopAll(why?: string): Promise<void> {
    this.closing = why ?? 'stopped';
    for (const p of this.queue.splice(0)) p.cancel();
    for (const run of this.active.values()) run?.stop(why ? 'error' : 'stopped', why);
    while (this.executing.size) await Promise.all([...this.executing]);
  }

  /** Stops one run by id; false when no such run is active or queued. */
  stopById(runId: string): boolean {
    const queued = this.queue.findIndex((p) => p.runId === runId);
    if (queued >= 0) {
      this.queue.splice(queued, 1)[0]!.cancel();
      this.announcePositions();
      return true;
    }
    if (!this.active.has(runId)) return false;
    this.active.get(runId)?.stop('stopped');
    return true;
  }

  private next() {
    const pending = this.queue.shift();
    if (pending) {
      pending.start();
      this.announcePositions();
    }
  }

  private announcePositions() {
    this.queue.forEach((p, i) => p.emit({ type: 'queued', runId: p.runId, position: i + 1 }));
  }

  private async execute(
    runId: string,
    lesson: LessonSource,
    request: RunRequest,
    emit: EmitEvent,
    isStopped: () => boolean,
  ) {
    const { script, files, timeoutSeconds: requestedTimeout } = request;
    const rust = request.track === 'rust' ? this.options.rust : undefined;
    // Rust: the limit of the test/run step; the build before it has its own (cargo/cargo-run.ts).
    const lessonTimeout = request.track === 'rust' ? rustRunSeconds(lesson, request.script) : lessonTimeoutSeconds(lesson, request.script);
    // The page may ask for less time than the lesson allows, never for more.
    const timeoutSeconds = Math.min(lessonTimeout, requestedTimeout ?? lessonTimeout);
    // Only a run that serves the Preview gets the host network; a Rust exercise says so on its own.
    const serves = script === 'run' && (request.track === 'rust' ? lesson.rustExercise?.meta.preview === true : lesson.meta.exercise.preview);
    const watch = new AbortController();
    let preview: { close(): void } | undefined;
    try {
      const port = serves ? await freePort() : 0;
      const { limits } = this.options;
      const run: ProjectRun =
        request.track === 'rust'
          ? await startCargoRun({
              lessonId: lesson.id,
              exercise: lesson.rustExercise!,
              script: request.script,
              files,
              tools: rust!.tools!,
              source: rust!.source,
              slots: rust!.slots,
              ...(this.options.runRoot ? { runRoot: this.options.runRoot } : {}),
              ...(rust!.limits ? { limits: rust!.limits } : {}),
              runTimeoutMs: timeoutSeconds * 1000,
              outputLimitBytes: limits.outputLimitBytes,
              env: { PORT: String(port) },
              network: serves ? 'host' : 'none',
              emit,
            })
          : await startProjectRun({
            files,
            command: lesson.scripts[request.script],
            timeoutMs: timeoutSeconds * 1000,
            outputLimitBytes: limits.outputLimitBytes,
            nodeModulesDir: this.options.nodeModulesDir,
            ...(this.options.runRoot ? { runRoot: this.options.runRoot } : {}),
            limits: { ...this.options.processLimits, maxProcesses: limits.maxProcesses, memoryBytes: limits.memoryLimitBytes },
            env: { PORT: String(port) },
            network: serves ? 'host' : 'none', // the Preview proxy must reach its server on the host's 127.0.0.1:PORT
            onOutput: (data, stream) => emit({ type: 'output', stream, data }), // a promise: the client is behind, the run waits
            });
      this.active.set(runId, run);
      if (isStopped()) run.stop('stopped');
      if (this.closing) run.stop('error', this.closing);
      if (serves) {
        void waitForPort(port, watch.signal)
          .then(async (open) => {
            if (!open) return;
            if (watch.signal.aborted) return;
            // Its capability goes only into this run's own stream, and dies with the run (finally).
            const registered = this.previews.register(port);
            preview = registered;
            emit({ type: 'server-ready', url: registered.path });
          })
          .catch((e: unknown) => emit({ type: 'output', stream: 'stderr', data: `\n[the preview could not start: ${(e as Error).message}]\n` }));
      }
      const exit = await run.exit;
      emit({ type: 'exit', ...exit });
    } catch (e) {
      emit({ type: 'exit', code: null, signal: null, reason: 'error', message: `the run could not start: ${(e as Error).message}` });
    } finally {
      watch.abort();
      preview?.close();
    }
  }
}
