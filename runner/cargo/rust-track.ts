import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LessonSource } from '../../contracts/lesson-loader.ts';
import type { RustToolchain, RustScriptName } from '../../contracts/runner-protocol.ts';
import { DEFAULT_TIMEOUTS } from '../../contracts/timeouts.ts';
import type { CargoLimits } from './cargo-run.ts';
import { crateSourceFrom, type CrateSource } from './crate-source.ts';
import { SlotPool } from './slots.ts';
import { detectRustToolchain, type RustTools } from './toolchain.ts';

/**
 * The runner's Rust track: the toolchain found at start, where crates come from, and the slot cache.
 * Created once per runner; without cargo it is still there with `info.available === false`, and
 * cargo requests are refused with that reason.
 */
export interface RustTrack {
  info: RustToolchain;
  tools: RustTools | null;
  source: CrateSource;
  slots: SlotPool;
  limits?: Partial<CargoLimits>;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `<repo>/.cache/rust-runner`, or WORKBOOK_RUST_CACHE. */
export function defaultRustCache(env: NodeJS.ProcessEnv = process.env): string {
  return env.WORKBOOK_RUST_CACHE ? path.resolve(env.WORKBOOK_RUST_CACHE) : path.join(REPO_ROOT, '.cache', 'rust-runner');
}

export interface RustTrackOptions {
  source?: CrateSource;
  cacheDir?: string;
  limits?: Partial<CargoLimits>;
  env?: NodeJS.ProcessEnv;
}

export async function createRustTrack(options: RustTrackOptions = {}): Promise<RustTrack> {
  const env = options.env ?? process.env;
  const source = options.source ?? crateSourceFrom([], env);
  const { info, tools } = await detectRustToolchain(source, env);
  return { info, tools, source, slots: new SlotPool(options.cacheDir ?? defaultRustCache(env)), ...(options.limits ? { limits: options.limits } : {}) };
}

/** The test/run step's limit of a Rust run (the build has its own): a lesson's own, else 30 s (a serving run: the Preview's). */
export function rustRunSeconds(lesson: LessonSource, script: RustScriptName): number {
  if (script === 'run') return lesson.rustExercise?.meta.preview ? DEFAULT_TIMEOUTS.serve : (lesson.meta.exercise.timeouts.run ?? DEFAULT_TIMEOUTS.run);
  if (script === 'check') return lesson.meta.exercise.timeouts.check ?? 30;
  return 0;
}

/** Why this runner cannot take a Rust request for this lesson (status and words), or null. */
export function rustRefusal(track: RustTrack | undefined, lesson: LessonSource): { status: 400 | 409; error: string } | null {
  if (!lesson.rustExercise) return { status: 400, error: `lesson ${lesson.id} has no Rust exercise (lessons/${lesson.id}/rust-exercise/)` };
  if (!track || !track.info.available || !track.tools) {
    const why = track && !track.info.available ? `${track.info.reason}. ${track.info.install}` : 'this runner has no Rust track';
    return { status: 409, error: `this runner cannot run cargo: ${why}` };
  }
  return null;
}
