import { describe, expect, it } from 'vitest';
import type { RunnerEvent, RunnerInfo, RustRunRequest } from '../../../contracts/runner-protocol.ts';
import type { RuntimeSelection } from './choose-runtime.ts';
import { LocalRunnerRuntime } from './local-runner-runtime.ts';
import { rustAvailability, rustRuntimeOf } from './rust-availability.ts';
import { crateIdent, parseLibtestText, playgroundLink, playgroundSource, PlaygroundRustRuntime, type PlaygroundRequest } from './rust-playground.ts';
import type { BuildProgress, CargoDiagnostic, ProjectFiles, RustRunEvents, TestReport } from './types.ts';

const crate: ProjectFiles = {
  'Cargo.toml': '[package]\nname = "why-rust-exercise"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
  'src/lib.rs': '//! Entries.\npub mod parse;\npub fn total() -> u32 { parse::one() + 1 }\n',
  'src/parse.rs': 'pub fn one() -> u32 { 1 }\n',
  'src/main.rs': 'use why_rust_exercise::total;\nfn main() { println!("{}", total()); }\n',
  'tests/entries.rs': 'use why_rust_exercise::total;\n#[test]\nfn totals() { assert_eq!(total(), 2); }\n',
};

function recorder() {
  const seen = { output: '', progress: [] as BuildProgress[], diagnostics: [] as CargoDiagnostic[][], reports: [] as TestReport[], ready: [] as string[] };
  const events: RustRunEvents = {
    onOutput: (c) => (seen.output += c),
    onProgress: (p) => seen.progress.push(p),
    onDiagnostics: (d) => seen.diagnostics.push(d),
    onTestReport: (r) => seen.reports.push(r),
    onServerReady: (u) => seen.ready.push(u),
  };
  return { seen, events };
}

const diagnostic: CargoDiagnostic = {
  severity: 'warning',
  code: 'unused_variables',
  message: 'unused variable: `x`',
  file: 'src/lib.rs',
  line: 3,
  column: 9,
  endLine: 3,
  endColumn: 10,
  rendered: '\u001b[33mwarning\u001b[0m: unused variable: `x`',
};
const report: TestReport = { passed: 2, failed: 1, skipped: 0, failures: [{ name: 'totals', message: 'boom\n(at tests/entries.rs:3:15)' }], complete: true };

describe('LocalRunnerRuntime.runRust', () => {
  it('posts a RustRunRequest with only src/**.rs (no Cargo.toml, no tests/) and maps the Rust events', async () => {
    const bodies: RustRunRequest[] = [];
    const events: RunnerEvent[] = [
      { type: 'started', runId: 'r1' },
      { type: 'progress', compiled: 1, total: 12, crate: 'serde' },
      { type: 'output', stream: 'stderr', data: '\u001b[32m   Compiling\u001b[0m why-rust-exercise\n' },
      { type: 'diagnostics', diagnostics: [diagnostic] },
      { type: 'test-report', report },
      { type: 'exit', code: 101, signal: null },
    ];
    const fetchImpl = (async (_url: URL, init?: RequestInit) => {
      bodies.push(JSON.parse(String(init?.body)) as RustRunRequest);
      return new Response(events.map((e) => `${JSON.stringify(e)}\n`).join(''), { status: 200, headers: { 'content-type': 'application/x-ndjson' } });
    }) as typeof fetch;
    const runtime = new LocalRunnerRuntime('http://127.0.0.1:1', 't', fetchImpl, { heartbeatMs: 0 });
    const { seen, events: handlers } = recorder();
    const handle = await runtime.runRust('00-why-rust', 'check', crate, handlers, { timeoutSeconds: 60 });
    expect(await handle.exit).toEqual({ code: 101, signal: null });
    expect(bodies).toEqual([
      {
        track: 'rust',
        lessonId: '00-why-rust',
        script: 'check',
        files: { 'src/lib.rs': crate['src/lib.rs'], 'src/parse.rs': crate['src/parse.rs'], 'src/main.rs': crate['src/main.rs'] },
        timeoutSeconds: 60,
      },
    ]);
    expect(seen.progress).toEqual([{ compiled: 1, total: 12, crate: 'serde' }]);
    expect(seen.diagnostics).toEqual([[diagnostic]]);
    expect(seen.reports).toEqual([report]);
    expect(seen.output).toContain('\u001b[32m   Compiling');
  });

  it('canDiagnose follows /api/info: only with cargo on the runner', () => {
    const runtime = new LocalRunnerRuntime('http://127.0.0.1:1', 't', fetch, { heartbeatMs: 0 });
    expect(runtime.canDiagnose).toBe(false);
    runtime.info = { rust: { available: true, cargo: 'cargo 1.91.0', rustc: 'rustc 1.91.0', crateSource: 'debian' } } as RunnerInfo;
    expect(runtime.canDiagnose).toBe(true);
  });
});

describe('where the Rust track builds', () => {
  const local = (rust: RunnerInfo['rust']) => {
    const runtime = new LocalRunnerRuntime('http://127.0.0.1:1', 't', fetch, { heartbeatMs: 0 });
    runtime.info = { rust } as RunnerInfo;
    return { runtime, kind: 'local', status: { state: 'ready', message: '' } } as RuntimeSelection;
  };
  it('uses the runner with cargo, says why and how to install without, and the Playground only when agreed to', () => {
    expect(rustAvailability(local({ available: true, cargo: 'cargo 1.91.0', rustc: 'rustc 1.91.0', crateSource: 'configured' }), false)).toMatchObject({ state: 'local' });
    const missing = rustAvailability(local({ available: false, reason: 'cargo was not found on PATH', install: 'Install Rust from https://rustup.rs' }), true);
    expect(missing).toEqual({ state: 'missing', reason: 'cargo was not found on PATH', install: 'Install Rust from https://rustup.rs' });
    expect(rustRuntimeOf(missing, () => new PlaygroundRustRuntime())).toEqual({ error: 'Rust cannot be built here: cargo was not found on PATH\nInstall Rust from https://rustup.rs' });
    expect(rustAvailability(local(undefined), false)).toMatchObject({ state: 'missing' });

    const hosted = { runtime: null, kind: 'webcontainer', status: { state: 'ready', message: '' } } as RuntimeSelection;
    expect(rustAvailability(hosted, false)).toEqual({ state: 'playground', consented: false });
    expect(rustRuntimeOf(rustAvailability(hosted, false), () => new PlaygroundRustRuntime())).toHaveProperty('error');
    expect(rustRuntimeOf(rustAvailability(hosted, true), () => new PlaygroundRustRuntime())).toBeInstanceOf(PlaygroundRustRuntime);
  });
});

// play.rust-lang.org cannot be reached from this machine (no network in CI and here), so a test double
// stands in for its /execute endpoint: it records the request and answers as the Playground does
// ({ success, stdout, stderr }), with libtest's plain-text output.
describe('PlaygroundRustRuntime (a fake fetch stands in for play.rust-lang.org)', () => {
  const libtestOutput = [
    '',
    'running 3 tests',
    'test totals ... ok',
    'test parses_counts ... FAILED',
    'test why_rust_exercise::tests::inner ... ok',
    '',
    'failures:',
    '',
    '---- parses_counts stdout ----',
    'checking apples',
    "thread 'parses_counts' panicked at src/main.rs:12:5:",
    'assertion `left == right` failed: apples=3 is 3',
    '  left: 0',
    ' right: 3',
    'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace',
    '',
    '',
    'failures:',
    '    parses_counts',
    '',
    'test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s',
    '',
  ].join('\n');

  function playground(answer: (req: PlaygroundRequest, signal?: AbortSignal | null) => Response | Promise<Response>) {
    const requests: { url: string; body: PlaygroundRequest }[] = [];
    const fetchImpl = (async (url: string, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body)) as PlaygroundRequest;
      requests.push({ url, body });
      return answer(body, init?.signal);
    }) as typeof fetch;
    return { runtime: new PlaygroundRustRuntime(fetchImpl), requests };
  }

  it('Check sends one file (lib as a module, the tests at the top level) with tests: true and reads libtest text into a report', async () => {
    const { runtime, requests } = playground(() => Response.json({ success: false, stdout: libtestOutput, stderr: '   Compiling playground v0.0.1 (/playground)\n' }));
    const { seen, events } = recorder();
    const handle = await runtime.runRust('00-why-rust', 'check', crate, events, { timeoutSeconds: 30 });
    expect(await handle.exit).toEqual({ code: 101, signal: null });
    expect(requests[0]!.url).toBe('https://play.rust-lang.org/execute');
    const body = requests[0]!.body;
    expect(body).toMatchObject({ channel: 'stable', mode: 'debug', edition: '2021', crateType: 'lib', tests: true, backtrace: false });
    expect(body.code).toContain('mod why_rust_exercise {');
    expect(body.code).toContain('pub mod parse {\npub fn one() -> u32 { 1 }');
    expect(body.code).toContain('use why_rust_exercise::total;\n#[test]');
    expect(body.code).not.toContain('fn main()');
    expect(seen.reports).toEqual([
      {
        passed: 2,
        failed: 1,
        skipped: 0,
        complete: true,
        failures: [{ name: 'parses_counts', message: 'assertion `left == right` failed: apples=3 is 3\n  left: 0\n right: 3\n(at src/main.rs:12:5)' }],
      },
    ]);
    expect(seen.output).toContain('Compiling playground');
  });

  it('Run sends a bin crate with main.rs after the lib module, and streams what it printed', async () => {
    const { runtime, requests } = playground(() => Response.json({ success: true, stdout: '2\n', stderr: '' }));
    const { seen, events } = recorder();
    const handle = await runtime.runRust('00-why-rust', 'run', crate, events, { timeoutSeconds: 30 });
    expect(await handle.exit).toEqual({ code: 0, signal: null });
    expect(requests[0]!.body).toMatchObject({ crateType: 'bin', tests: false });
    expect(requests[0]!.body.code).toMatch(/mod why_rust_exercise \{[\s\S]*\}\n\nuse why_rust_exercise::total;\nfn main\(\)/);
    expect(seen.output).toBe('2\n');
  });

  it('says clearly when the Playground cannot be reached, and when it refuses', async () => {
    const down = playground(() => {
      throw new TypeError('Failed to fetch');
    });
    const exit = await (await down.runtime.runRust('x', 'run', crate, recorder().events, { timeoutSeconds: 30 })).exit;
    expect(exit).toMatchObject({ reason: 'error' });
    expect(exit.message).toMatch(/^cannot reach the Rust Playground at play\.rust-lang\.org \(Failed to fetch\)/);

    const refused = playground(() => Response.json({ error: 'rate limited' }, { status: 429 }));
    expect(await (await refused.runtime.runRust('x', 'check', crate, recorder().events, { timeoutSeconds: 30 })).exit).toMatchObject({
      reason: 'error',
      message: 'the Rust Playground refused the run: rate limited',
    });
  });

  it('Stop aborts the request and the run reads as stopped', async () => {
    // Like a real fetch, the double rejects once the request's signal is aborted.
    const { runtime } = playground((_body, signal) => new Promise<Response>((_resolve, reject) => signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))));
    const handle = await runtime.runRust('x', 'run', crate, recorder().events, { timeoutSeconds: 30 });
    await handle.stop();
    expect(await handle.exit).toEqual({ code: null, signal: null, reason: 'stopped' });
  });

  it('reads a compile failure as no report, and names the crate from Cargo.toml', () => {
    expect(parseLibtestText('')).toBeNull();
    expect(crateIdent(crate['Cargo.toml']!)).toBe('why_rust_exercise');
    expect(playgroundSource(crate, 'check').tests).toBe(true);
    expect(playgroundLink(crate)).toMatch(/^https:\/\/play\.rust-lang\.org\/\?version=stable&mode=debug&edition=2021&code=/);
  });
});
