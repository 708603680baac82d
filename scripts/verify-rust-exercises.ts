/**
 * `npm run verify:rust-exercises [-- --debian] [-- --only <lesson-id>] [-- --verbose]`: proves that
 * every Rust exercise (lessons/<id>/rust-exercise/) bites. For each lesson, one line:
 *
 *   PASS 02-async-tokio: starter fails (tests: 2 tests failed: …) 4.1s; solution passes 3.0s; wrong fails (tests: …) 2.2s
 *
 * and last `N passed, N failed` (N counts lessons). Exit code 1 on any breach.
 *
 * The format (see the lessons' rust-exercise/exercise.md):
 *   exercise.md   YAML frontmatter with `open` (files of starter/), `runOutput` and 2-3 `hints`
 *   starter/      a complete crate: Cargo.toml, src/lib.rs, src/main.rs, tests/*.rs
 *   solution/     only the files that differ from starter/ (same relative paths)
 *   wrong/        a plausible mistake: only the files that differ from starter/
 * solution/ and wrong/ may not contain tests/ or Cargo.toml (the learner may not edit those), and
 * none of their files may be identical to starter's.
 *
 * The checks: starter alone → `cargo test` must FAIL (compile error or failing tests, we say which);
 * starter+solution → `cargo test` must PASS and `cargo run` must print runOutput; starter+wrong →
 * `cargo test` must FAIL. A time-out is always an error, never a pass or an expected failure.
 *
 * Each variant is laid out in a fresh temp dir; all three of a lesson share one CARGO_TARGET_DIR
 * (.cache/rust-exercises/<id>/) so dependencies compile once per lesson. `--debian` takes crates
 * from Debian's packaged crates offline (see scripts/lib/rust-cargo.ts).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import {
  DEBIAN_REGISTRY,
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

export interface Frontmatter {
  open: string[];
  runOutput: string;
  hints: string[];
}

/** Reads exercise.md's frontmatter; throws with a message naming what is missing. */
export function parseFrontmatter(markdown: string): Frontmatter {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(markdown);
  const [, yamlText, body] = match ?? [];
  if (yamlText === undefined || body === undefined) throw new Error('exercise.md does not start with a --- YAML frontmatter block ---');
  const data: unknown = parseYaml(yamlText);
  if (typeof data !== 'object' || data === null) throw new Error('exercise.md frontmatter is not a YAML mapping');
  const { open, runOutput, hints } = data as Record<string, unknown>;
  const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string' && s.trim() !== '');
  if (!isStrings(open) || open.length === 0) throw new Error('exercise.md frontmatter: `open` must be a non-empty list of file paths');
  if (typeof runOutput !== 'string' || runOutput.trim() === '') throw new Error('exercise.md frontmatter: `runOutput` must be a non-empty string');
  if (!isStrings(hints) || hints.length < 2 || hints.length > 3) throw new Error('exercise.md frontmatter: `hints` must be a list of 2 or 3 strings');
  if (body.trim() === '') throw new Error('exercise.md has no task text after the frontmatter');
  return { open, runOutput, hints };
}

/** Every file under dir, as relative paths with forward slashes (target/ and Cargo.lock left out). */
export function listFiles(dir: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.name === 'target' || entry.name === 'Cargo.lock') continue;
    if (entry.isDirectory()) files.push(...listFiles(dir, rel));
    else if (entry.isFile()) files.push(rel);
  }
  return files.sort();
}

/** Format breaches of one rust-exercise folder (empty when it is well-formed). */
export function checkFormat(exerciseDir: string): { problems: string[]; frontmatter?: Frontmatter } {
  const problems: string[] = [];
  let frontmatter: Frontmatter | undefined;
  const mdPath = path.join(exerciseDir, 'exercise.md');
  if (!existsSync(mdPath)) problems.push('exercise.md is missing');
  else {
    try {
      frontmatter = parseFrontmatter(readFileSync(mdPath, 'utf8'));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const starter = path.join(exerciseDir, 'starter');
  if (!existsSync(starter)) return { problems: [...problems, 'starter/ is missing'], ...(frontmatter ? { frontmatter } : {}) };
  const starterFiles = listFiles(starter);
  for (const required of ['Cargo.toml', 'src/lib.rs', 'src/main.rs']) {
    if (!starterFiles.includes(required)) problems.push(`starter/${required} is missing`);
  }
  if (!starterFiles.some((f) => /^tests\/[^/]+\.rs$/.test(f))) problems.push('starter/tests/ has no .rs test file');
  for (const open of frontmatter?.open ?? []) {
    if (!starterFiles.includes(open)) problems.push(`open lists ${open}, which is not a file of starter/`);
  }
  for (const variant of ['solution', 'wrong'] as const) {
    const dir = path.join(exerciseDir, variant);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      problems.push(`${variant}/ is missing`);
      continue;
    }
    const files = listFiles(dir);
    if (files.length === 0) problems.push(`${variant}/ has no files`);
    for (const file of files) {
      if (file === 'Cargo.toml' || file.startsWith('tests/')) {
        problems.push(`${variant}/${file}: the learner may not edit tests/ or Cargo.toml`);
        continue;
      }
      const inStarter = path.join(starter, file);
      if (existsSync(inStarter) && readFileSync(inStarter, 'utf8') === readFileSync(path.join(dir, file), 'utf8')) {
        problems.push(`${variant}/${file} is identical to starter/${file}`);
      }
    }
  }
  return { problems, ...(frontmatter ? { frontmatter } : {}) };
}

export interface Exercise {
  id: string;
  dir: string;
}

export function findExercises(lessonsDir: string): Exercise[] {
  return readdirSync(lessonsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(lessonsDir, e.name, 'rust-exercise')))
    .map((e) => ({ id: e.name, dir: path.join(lessonsDir, e.name, 'rust-exercise') }))
    .sort((a, b) => a.id.localeCompare(b.id));
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

/** starter/ copied into a fresh temp dir, with the variant's files laid over it. */
function layOut(exercise: Exercise, variant: 'starter' | 'solution' | 'wrong'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `rust-exercise-${exercise.id}-${variant}-`));
  const filter = (src: string) => !/[/\\](target|Cargo\.lock)$/.test(src);
  cpSync(path.join(exercise.dir, 'starter'), dir, { recursive: true, filter });
  if (variant !== 'starter') cpSync(path.join(exercise.dir, variant), dir, { recursive: true, filter, force: true });
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
  const { problems, frontmatter } = checkFormat(exercise.dir);
  if (problems.length > 0 || !frontmatter) {
    return { ok: false, line: `FAIL ${exercise.id}: format: ${problems.join('; ')}`, outputs: [] };
  }
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
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [...extraPath, process.env.PATH ?? ''].join(path.delimiter),
    CARGO_TERM_COLOR: 'never',
    CARGO_TERM_PROGRESS_WHEN: 'never',
    CARGO_PROFILE_DEV_DEBUG: process.env.CARGO_PROFILE_DEV_DEBUG ?? '0',
    ...(options.verbose ? {} : { RUST_BACKTRACE: '0' }),
  };
  const version = await runCommand('cargo', ['--version'], { cwd: root, env, timeoutMs: MINUTE });
  if (version.code !== 0) {
    console.error('cargo was not found. Install Rust from https://rustup.rs (or `apt-get install cargo`).');
    return 1;
  }
  if (options.source.kind === 'debian' && !existsSync(options.source.directory)) {
    console.error(`--debian: ${options.source.directory} does not exist. Install the crates with apt-get install librust-<crate>-dev.`);
    return 1;
  }
  const exercises = findExercises(path.join(root, 'lessons')).filter(
    (e) => options.only.length === 0 || options.only.some((o) => e.id === o || e.id.startsWith(`${o}-`)),
  );
  if (exercises.length === 0) {
    console.error(`no Rust exercises found${options.only.length ? ` matching ${options.only.join(', ')}` : ''}`);
    return 1;
  }
  console.log(`${version.output.trim()}; crates from ${describeSource(options.source)}; target dirs under .cache/rust-exercises/`);
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
