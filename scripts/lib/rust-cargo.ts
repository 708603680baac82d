/**
 * Running cargo for `npm run verify:rust`: where crates come from, running a command with a time
 * limit, and reading cargo's output (a crate the registry lacks, the reason a build or test failed).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

// Shared with the runner's cargo runs: defined in runner/cargo/, which scripts may import (not the reverse).
export { DEBIAN_REGISTRY, describeSource, sourceConfigArgs, type CrateSource } from '../../runner/cargo/crate-source.ts';
import type { CrateSource } from '../../runner/cargo/crate-source.ts';

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** stdout and stderr interleaved as they arrived (the last MAX_OUTPUT characters). */
  output: string;
  /** stdout alone (for commands whose stdout is data, like `cargo metadata`). */
  stdout: string;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Copy the output to our stderr as it arrives (--verbose). */
  echo?: boolean;
}

const MAX_OUTPUT = 2_000_000;
const running = new Set<number>();

/**
 * Runs a command in its own process group, so that on a timeout (or Ctrl-C) the whole tree goes:
 * cargo, rustc and the test binaries it started, not just cargo.
 */
export function runCommand(command: string, args: readonly string[], options: RunOptions): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    let stdout = '';
    let timedOut = false;
    let settled = false;
    // setEncoding decodes UTF-8 across chunk boundaries (a character can straddle two chunks).
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    const collect = (text: string) => {
      output = (output + text).slice(-MAX_OUTPUT);
      if (options.echo) process.stderr.write(text);
    };
    child.stdout.on('data', (text: string) => {
      stdout = (stdout + text).slice(-MAX_OUTPUT);
      collect(text);
    });
    child.stderr.on('data', collect);
    if (child.pid !== undefined) running.add(child.pid);
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) killGroup(child.pid);
    }, options.timeoutMs);
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.pid !== undefined) running.delete(child.pid);
      resolve({ code, signal, timedOut, output, stdout });
    };
    child.on('error', (error) => {
      output += `\n${error.message}\n`;
      finish(null, null);
    });
    child.on('close', finish);
  });
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Ends every command still running (used on Ctrl-C): they are in their own process groups. */
export function killRunning(): void {
  for (const pid of running) killGroup(pid);
}

/**
 * The crate that dependency resolution could not find in the source at all, if that is why it
 * failed. A version mismatch ("failed to select a version for the requirement") is not a missing
 * crate: the crate is there, the listing asks for something else, and that is a real failure.
 */
export function findMissingCrate(output: string): string | undefined {
  const named = /no matching package named `([^`]+)` found/.exec(output);
  if (named) return named[1];
  return /no matching package found\s*\n\s*searched package name: `([^`]+)`/.exec(output)?.[1];
}

/** One line that says why a cargo command failed: the failing tests, or the first compiler error. */
export function summarizeFailure(result: CommandResult, timeoutMs: number): string {
  if (result.timedOut) return `timed out after ${Math.round(timeoutMs / 1000)}s`;
  const lines = result.output.split('\n').map((l) => l.trimEnd());

  const failedTests = lines.flatMap((l) => /^test (.+) \.\.\. FAILED$/.exec(l)?.[1] ?? []);
  if (failedTests.length > 0) {
    const names = failedTests.slice(0, 3).join(', ') + (failedTests.length > 3 ? ', …' : '');
    const panic = panicMessage(lines);
    return `${failedTests.length} test${failedTests.length > 1 ? 's' : ''} failed: ${names}${panic ? ` (${panic})` : ''}`;
  }

  const errorAt = lines.findIndex(
    (l) => /^error(\[E\d+\])?: /.test(l) && !/^error: (could not compile|test failed|aborting|build failed)/.test(l),
  );
  if (errorAt >= 0) {
    const location = lines.slice(errorAt + 1, errorAt + 4).find((l) => /^\s*--> /.test(l));
    // cargo nests the root cause under "Caused by:" (e.g. a registry it cannot reach): show the last one.
    const causedAt = lines.lastIndexOf('Caused by:');
    const cause = causedAt > errorAt ? lines.slice(causedAt + 1).find((l) => l.trim() !== '')?.trim() : undefined;
    return `${lines[errorAt]}${location ? ` at ${location.trim().slice(4)}` : ''}${cause ? ` (caused by: ${cause})` : ''}`;
  }
  const last = lines.filter((l) => l.trim() !== '').at(-1);
  const how = result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`;
  return last ? `${how}: ${last.trim()}` : how;
}

/**
 * "panicked at tests/x.rs:8:5: assertion failed". Rust 1.73+ puts the message on the next line,
 * and newer versions print the thread id: `thread 'name' (1234) panicked at …`.
 */
function panicMessage(lines: string[]): string | undefined {
  for (const [i, line] of lines.entries()) {
    const where = /^thread '.*?' (?:\(\d+\) )?panicked at (.*)$/.exec(line)?.[1];
    if (where === undefined) continue;
    const next = lines[i + 1];
    return where.endsWith(':') && next ? `panicked at ${where} ${next}` : `panicked at ${where}`;
  }
  return undefined;
}

/** The last lines of a command's output, indented, to print under a FAIL line. */
export function outputTail(output: string, count = 40): string {
  const lines = output.trimEnd().split('\n');
  return lines
    .slice(-count)
    .map((l) => `    | ${l}`)
    .join('\n');
}

/**
 * What the verify scripts run cargo with: plain, quiet output to read; no debug info in our own
 * target dirs (panics still name file and line, and a cold run takes about 40% less time and a third
 * of the disk; set CARGO_PROFILE_DEV_DEBUG yourself to override); no backtraces unless --verbose (a
 * FAIL line already names the panic's location). `extra` comes last (PATH, CARGO_TARGET_DIR).
 */
export function cargoEnvironment(verbose: boolean, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CARGO_TERM_COLOR: 'never',
    CARGO_TERM_PROGRESS_WHEN: 'never',
    CARGO_PROFILE_DEV_DEBUG: process.env.CARGO_PROFILE_DEV_DEBUG ?? '0',
    ...(verbose ? {} : { RUST_BACKTRACE: '0' }),
    ...extra,
  };
}

/** `cargo --version` when cargo can be used with this source here, else why not (what to install). */
export async function checkCargo(
  source: CrateSource,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ ok: true; version: string } | { ok: false; problem: string }> {
  const version = await runCommand('cargo', ['--version'], { cwd, env, timeoutMs: 60_000 });
  if (version.code !== 0) return { ok: false, problem: 'cargo was not found. Install Rust from https://rustup.rs (or `apt-get install cargo`).' };
  if (source.kind === 'debian' && !existsSync(source.directory)) {
    return { ok: false, problem: `--debian: ${source.directory} does not exist. Install the crates with apt-get install librust-<crate>-dev.` };
  }
  return { ok: true, version: version.output.trim() };
}
