/**
 * `npm run verify:rust-exercises [-- --debian] [-- --only <lesson-id>] [-- --verbose]`: proves that
 * every Rust exercise (lessons/<id>/rust-exercise/) bites. For each lesson, one line:
 *
 *   PASS 02-async-tokio: starter fails (tests: 2 tests failed: …) 4.1s; solution passes 3.0s; wrong fails (tests: …) 2.2s
 *
 * and last `N passed, N failed` (N counts lessons). Exit code 1 on any breach.
 *
 * The format (rust-exercise/: exercise.md, starter/, solution/, wrong/) is validated by the lesson
 * loader (contracts/lesson-loader.ts), which names the file and field of a breach; see lessons/README.md.
 *
 * The checks: starter alone → `cargo test` must FAIL (compile error or failing tests, we say which);
 * starter+solution → `cargo test` must PASS and `cargo run` must print runOutput; starter+wrong →
 * `cargo test` must FAIL. A time-out is always an error, never a pass or an expected failure.
 *
 * Each variant is laid out in a fresh temp dir; all three of a lesson share one CARGO_TARGET_DIR
 * (.cache/rust-exercises/<id>/) so dependencies compile once per lesson. `--debian` takes crates
 * from Debian's packaged crates offline (see scripts/lib/rust-cargo.ts).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LessonError, loadLessonSources } from '../contracts/lesson-loader.ts';
import type { RustExerciseSource } from '../contracts/lesson-schema.ts';
import {
  DEBIAN_REGISTRY,
  cargoEnvironment,
  checkCargo,
  describeSource,
  killRunning,
  outputTail,
  runCommand,
  sourceConfigArgs,
  summarizeFailure,
  type CommandResult,
  type CrateSource,
} from './lib/rust-cargo.ts';

const MINUTE = 60_000;
const TIMEOUTS = { build: 30 * MINUTE, test: 2 * MINUTE, run: 2 * MINUTE };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Options {
  source: CrateSource;
  verbose: boolean;
  only: string[];
}

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): Options {
  const debian = argv.includes('--debian') || env.WORKBOOK_CARGO_SOURCE === 'debian';
  const only: string[] = [];
  for (const [i, arg] of argv.entries()) {
    const next = argv[i + 1];
    if (arg === '--only' && next !== undefined) only.push(...next.split(','));
    else if (arg.startsWith('--only=')) only.push(...arg.slice('--only='.length).split(','));
  }
  return {
    source: debian ? { kind: 'debian', directory: DEBIAN_REGISTRY } : { kind: 'configured' },
    verbose: argv.includes('--verbose'),
    only: only.filter((o) => o !== ''),
  };
}

export interface Exercise {
  id: string;
  exercise: RustExerciseSource;
}

/** Every lesson with a rust-exercise/, loaded and validated by the lesson loader (throws LessonError). */
export function findExercises(lessonsDir: string): Exercise[] {
  return loadLessonSources(lessonsDir).flatMap((l) => (l.rustExercise ? [{ id: l.id, exercise: l.rustExercise }] : []));
}

type TestResult =
  | { kind: 'passed'; seconds: number; output: string }
  | { kind: 'compile-error' | 'tests-failed'; seconds: number; reason: string; output: string }
  | { kind: 'error'; seconds: number; reason: string; output: string };

interface Context {
  options: Options;
  env: NodeJS.ProcessEnv;
}

function cargo(args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number, ctx: Context): Promise<CommandResult> {
  return runCommand('cargo', [...sourceConfigArgs(ctx.options.source), ...args], {
    cwd,
    env,
    timeoutMs,
    echo: ctx.options.verbose,
  });
}

/** `cargo test` in dir: build first with the long limit, then run the tests with a short one. */
async function cargoTest(dir: string, env: NodeJS.ProcessEnv, ctx: Context): Promise<TestResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const build = await cargo(['test', '--no-run'], dir, env, TIMEOUTS.build, ctx);
  if (build.timedOut) return { kind: 'error', seconds: seconds(), reason: `build ${summarizeFailure(build, TIMEOUTS.build)}`, output: build.output };
  if (build.code !== 0) {
    return { kind: 'compile-error', seconds: seconds(), reason: summarizeFailure(build, TIMEOUTS.build), output: build.output };
  }
  const test = await cargo(['test', '--no-fail-fast'], dir, env, TIMEOUTS.test, ctx);
  if (test.timedOut) return { kind: 'error', seconds: seconds(), reason: `tests ${summarizeFailure(test, TIMEOUTS.test)}`, output: test.output };
  if (test.code === 0) return { kind: 'passed', seconds: seconds(), output: test.output };
  const reason = summarizeFailure(test, TIMEOUTS.test);
  // A non-zero exit without a failing test is not the "tests fail" we want (e.g. a crash, a link error).
  if (!/test result: FAILED/.test(test.output)) return { kind: 'error', seconds: seconds(), reason: `cargo test: ${reason}`, output: test.output };
  return { kind: 'tests-failed', seconds: seconds(), reason, output: test.output };
}

/** The starter's files written into a fresh temp dir, with the variant's files laid over them. */
function layOut({ id, exercise }: Exercise, variant: 'starter' | 'solution' | 'wrong'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `rust-exercise-${id}-${variant}-`));
  const files = { ...exercise.starter, ...(variant === 'starter' ? {} : exercise[variant]) };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function describeFailure(result: TestResult): string {
  if (result.kind === 'compile-error') return `fails to compile: ${result.reason}`;
  if (result.kind === 'tests-failed') return `tests fail: ${result.reason}`;
  if (result.kind === 'error') return `error: ${result.reason}`;
  return 'passes';
}

interface Verdict {
  ok: boolean;
  text: string;
  output?: string;
}

async function verifyExercise(exercise: Exercise, ctx: Context): Promise<{ ok: boolean; line: string; outputs: string[] }> {
  const frontmatter = exercise.exercise.meta;
  const env: NodeJS.ProcessEnv = { ...ctx.env, CARGO_TARGET_DIR: path.join(root, '.cache', 'rust-exercises', exercise.id) };
  const verdicts: Verdict[] = [];
  for (const variant of ['starter', 'solution', 'wrong'] as const) {
    const dir = layOut(exercise, variant);
    try {
      const result = await cargoTest(dir, env, ctx);
      const time = `${result.seconds.toFixed(1)}s`;
      if (variant === 'solution') {
        if (result.kind !== 'passed') {
          verdicts.push({ ok: false, text: `solution must pass but ${describeFailure(result)} ${time}`, output: result.output });
          continue;
        }
        const run = await cargo(['run', '--quiet'], dir, env, TIMEOUTS.run, ctx);
        if (run.code !== 0 || run.timedOut) {
          verdicts.push({ ok: false, text: `solution passes ${time} but cargo run: ${summarizeFailure(run, TIMEOUTS.run)}`, output: run.output });
        } else if (!run.stdout.includes(frontmatter.runOutput.trim())) {
          const printed = run.stdout.trim().split('\n').slice(0, 3).join(' | ');
          verdicts.push({ ok: false, text: `solution passes ${time} but cargo run printed "${printed}", not runOutput "${frontmatter.runOutput.trim()}"`, output: run.output });
        } else {
          verdicts.push({ ok: true, text: `solution passes ${time} and prints runOutput` });
        }
      } else if (result.kind === 'passed') {
        verdicts.push({ ok: false, text: `${variant} must fail but passes ${time}`, output: result.output });
      } else if (result.kind === 'error') {
        verdicts.push({ ok: false, text: `${variant} ${describeFailure(result)} ${time}`, output: result.output });
      } else {
        verdicts.push({ ok: true, text: `${variant} ${describeFailure(result)} ${time}` });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const ok = verdicts.every((v) => v.ok);
  return {
    ok,
    line: `${ok ? 'PASS' : 'FAIL'} ${exercise.id}: ${verdicts.map((v) => v.text).join('; ')}`,
    outputs: verdicts.filter((v) => !v.ok && v.output).map((v) => v.output as string),
  };
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  // rustup installs cargo in ~/.cargo/bin, which a non-login shell may not have on PATH.
  const extraPath = [path.join(os.homedir(), '.cargo', 'bin'), '/root/.cargo/bin'].filter((p) => existsSync(p));
  const env = cargoEnvironment(options.verbose, { PATH: [...extraPath, process.env.PATH ?? ''].join(path.delimiter) });
  const toolchain = await checkCargo(options.source, env, root);
  if (!toolchain.ok) {
    console.error(toolchain.problem);
    return 1;
  }
  let all: Exercise[];
  try {
    all = findExercises(path.join(root, 'lessons'));
  } catch (e) {
    if (!(e instanceof LessonError)) throw e;
    console.error(`A lesson is broken: ${e.message}`);
    return 1;
  }
  const exercises = all.filter(
    (e) => options.only.length === 0 || options.only.some((o) => e.id === o || e.id.startsWith(`${o}-`)),
  );
  if (exercises.length === 0) {
    console.error(`no Rust exercises found${options.only.length ? ` matching ${options.only.join(', ')}` : ''}`);
    return 1;
  }
  console.log(`${toolchain.version}; crates from ${describeSource(options.source)}; target dirs under .cache/rust-exercises/`);
  const ctx: Context = { options, env };
  const counts = { passed: 0, failed: 0 };
  for (const exercise of exercises) {
    const { ok, line, outputs } = await verifyExercise(exercise, ctx);
    console.log(line);
    if (!ok && !options.verbose) for (const output of outputs) console.error(outputTail(output));
    if (ok) counts.passed++;
    else counts.failed++;
  }
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  return counts.failed > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      killRunning();
      process.exit(130);
    });
  }
  process.exitCode = await main();
}
