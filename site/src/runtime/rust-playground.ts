import { panicMessage } from '../../../contracts/cargo-report.ts';
import type { TestFailure } from '../../../contracts/test-report.ts';
import type { ProjectFiles, RunExit, RunHandle, RunOptions, RustRunEvents, RustRuntime, RustScriptName, TestReport } from './types.ts';

/**
 * The Rust track on the public Rust Playground (play.rust-lang.org), for the hosted workbook where no
 * cargo exists (WebContainers run Node only). Used only after the learner agreed that their code is
 * sent to that third party. The Playground builds one file, so the crate is folded into one:
 *   mod <crate_name> { <src/lib.rs, with `mod x;` inlined from src/x.rs> }
 *   + src/main.rs (Run, a bin crate)  or  + the items of tests/*.rs (Check, a lib crate with tests)
 * `use <crate_name>::…` in main.rs and the tests then names that module (2018+ paths).
 */
export const PLAYGROUND_ORIGIN = 'https://play.rust-lang.org';

export interface PlaygroundRequest {
  channel: 'stable';
  mode: 'debug';
  edition: '2021';
  crateType: 'bin' | 'lib';
  tests: boolean;
  code: string;
  backtrace: false;
}

interface PlaygroundResponse {
  success?: boolean;
  stdout?: string;
  stderr?: string;
  error?: string;
}

/** The `[package] name` of Cargo.toml as a Rust identifier ("why-rust-exercise" -> why_rust_exercise). */
export function crateIdent(cargoToml: string): string {
  const pkg = /\[package\]([\s\S]*?)(?:\n\[|$)/.exec(cargoToml)?.[1] ?? cargoToml;
  const name = /^\s*name\s*=\s*"([^"]+)"/m.exec(pkg)?.[1] ?? 'exercise';
  return name.replace(/-/g, '_');
}

/** src/lib.rs with its `mod x;` lines replaced by the module's file (src/x.rs or src/x/mod.rs), recursively. */
function inlineModules(crate: ProjectFiles, text: string, dir: string, depth = 0): string {
  if (depth > 8) return text;
  return text.replace(/^([ \t]*(?:pub(?:\([^)]*\))?\s+)?mod\s+([A-Za-z_][A-Za-z0-9_]*)\s*);/gm, (whole, head: string, name: string) => {
    const file = crate[`${dir}${name}.rs`] ?? crate[`${dir}${name}/mod.rs`];
    if (file === undefined) return whole;
    return `${head.trimEnd()} {\n${inlineModules(crate, file, `${dir}${name}/`, depth + 1)}\n}`;
  });
}

export function playgroundSource(crate: ProjectFiles, script: 'run' | 'check'): PlaygroundRequest {
  const ident = crateIdent(crate['Cargo.toml'] ?? '');
  const lib = crate['src/lib.rs'];
  const parts: string[] = [];
  if (lib !== undefined) parts.push(`#[allow(dead_code)]\nmod ${ident} {\n${inlineModules(crate, lib, 'src/')}\n}\n`);
  if (script === 'run') {
    parts.push(inlineModules(crate, crate['src/main.rs'] ?? 'fn main() {}\n', 'src/'));
  } else {
    const tests = Object.keys(crate)
      .filter((p) => p.startsWith('tests/') && p.endsWith('.rs'))
      .sort();
    for (const p of tests) parts.push(`// ${p}\n${crate[p]}`);
  }
  return {
    channel: 'stable',
    mode: 'debug',
    edition: '2021',
    crateType: script === 'run' ? 'bin' : 'lib',
    tests: script === 'check',
    code: parts.join('\n'),
    backtrace: false,
  };
}

/**
 * libtest's plain text, which is all the Playground gives back ("test name ... ok|FAILED|ignored",
 * then a "---- name stdout ----" block per failure, then "test result: …"). No structured form exists
 * there, so this small parser reads those fixed lines; null when no test ran (it did not compile).
 */
export function parseLibtestText(stdout: string): TestReport | null {
  const lines = stdout.replace(/\r\n/g, '\n').split('\n');
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let ran = false;
  let complete = false;
  const failedNames: string[] = [];
  const captured = new Map<string, string[]>();
  let capturing: string | null = null;
  for (const line of lines) {
    const block = /^---- (.+?) stdout ----$/.exec(line);
    if (block) {
      capturing = block[1]!;
      captured.set(capturing, []);
      continue;
    }
    if (capturing !== null) {
      if (/^(failures:|successes:)$/.test(line) || /^test result: /.test(line)) capturing = null;
      else {
        captured.get(capturing)!.push(line);
        continue;
      }
    }
    if (/^running \d+ tests?$/.test(line)) ran = true;
    const test = /^test (.+?) \.\.\. (ok|FAILED|ignored)\b/.exec(line);
    if (test) {
      if (test[2] === 'ok') passed++;
      else if (test[2] === 'ignored') skipped++;
      else {
        failed++;
        failedNames.push(test[1]!);
      }
      continue;
    }
    if (/^test result: /.test(line)) complete = true;
  }
  if (!ran) return null;
  const failures: TestFailure[] = failedNames.map((name) => ({ name, message: panicMessage((captured.get(name) ?? []).join('\n'), name) }));
  return { passed, failed, skipped, failures, complete };
}

export class PlaygroundRustRuntime implements RustRuntime {
  readonly rustLabel = 'Rust Playground, play.rust-lang.org';
  readonly canDiagnose = false;

  constructor(
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
    private readonly origin = PLAYGROUND_ORIGIN,
  ) {}

  async runRust(_lessonId: string, script: RustScriptName, crate: ProjectFiles, events: RustRunEvents, options: RunOptions): Promise<RunHandle> {
    if (script === 'diagnose') throw new Error('the Rust Playground cannot check code while you type');
    const abort = new AbortController();
    let stopped = false;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, options.timeoutSeconds * 1000);
    const exit = (async (): Promise<RunExit> => {
      let res: Response;
      try {
        res = await this.fetchImpl(`${this.origin}/execute`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(playgroundSource(crate, script)),
          signal: abort.signal,
        });
      } catch (e) {
        if (stopped) return { code: null, signal: null, reason: 'stopped' };
        if (timedOut) return { code: null, signal: null, reason: 'timeout', message: `the Rust Playground did not answer within ${options.timeoutSeconds} s` };
        return { code: null, signal: null, reason: 'error', message: unreachable((e as Error).message) };
      } finally {
        clearTimeout(timer);
      }
      const body = (await res.json().catch(() => ({}))) as PlaygroundResponse;
      if (!res.ok) return { code: null, signal: null, reason: 'error', message: `the Rust Playground refused the run: ${body.error ?? `HTTP ${res.status}`}` };
      if (body.stderr) events.onOutput(body.stderr.endsWith('\n') ? body.stderr : `${body.stderr}\n`);
      if (body.stdout) events.onOutput(body.stdout.endsWith('\n') ? body.stdout : `${body.stdout}\n`);
      if (script === 'check') {
        const report = parseLibtestText(body.stdout ?? '');
        if (report) events.onTestReport?.(report);
      }
      return { code: body.success ? 0 : 101, signal: null };
    })();
    return {
      exit,
      stop: async () => {
        stopped = true;
        abort.abort();
        await exit;
      },
    };
  }
}

function unreachable(cause: string): string {
  return `cannot reach the Rust Playground at play.rust-lang.org (${cause}). Check your connection, or run the workbook on your machine with Rust installed (npm start)`;
}

/** A link that opens the learner's crate on the Playground, folded into one file as for Run. */
export function playgroundLink(crate: ProjectFiles): string {
  const { code } = playgroundSource(crate, 'run');
  return `${PLAYGROUND_ORIGIN}/?version=stable&mode=debug&edition=2021&code=${encodeURIComponent(code)}`;
}
