import { describe, expect, it } from 'vitest';
import type { CargoDiagnostic, ProjectFiles, RunExit, RunHandle, RunOptions, RustRunEvents, RustRuntime, RustScriptName, TestReport } from '../runtime/types.ts';
import { withLiveProgress } from './persistence.ts';
import { RUST_SCRIPTS, RustSession } from './rust-session.ts';
import { createMemoryStorage } from './memory-storage.ts';

// The Rust session against a fake RustRuntime: each call is recorded and finished by the test, so the
// order of events (diagnostics, test report, exit) and the debounce can be driven exactly. The real
// runner's cargo side is covered by runner/ tests and the e2e suite.

interface Call {
  script: RustScriptName;
  crate: ProjectFiles;
  events: RustRunEvents;
  options: RunOptions;
  stopped: boolean;
  finish(exit?: RunExit): void;
}

class FakeRustRuntime implements RustRuntime {
  readonly rustLabel = 'fake cargo';
  canDiagnose = true;
  readonly calls: Call[] = [];
  active = 0;
  maxActive = 0;
  async runRust(_lessonId: string, script: RustScriptName, crate: ProjectFiles, events: RustRunEvents, options: RunOptions): Promise<RunHandle> {
    let finish!: (exit: RunExit) => void;
    const exit = new Promise<RunExit>((resolve) => (finish = resolve));
    this.maxActive = Math.max(this.maxActive, ++this.active);
    void exit.then(() => this.active--);
    const call: Call = { script, crate, events, options, stopped: false, finish: (e = { code: 0, signal: null }) => finish(e) };
    this.calls.push(call);
    return {
      exit,
      stop: async () => {
        call.stopped = true;
        finish({ code: null, signal: 'SIGKILL', reason: 'stopped' });
        await exit;
      },
    };
  }
  of(script: RustScriptName) {
    return this.calls.filter((c) => c.script === script);
  }
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms = 2000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await tick(2);
  }
}

const starter: ProjectFiles = {
  'Cargo.toml': '[package]\nname = "demo-exercise"\nversion = "0.1.0"\nedition = "2021"\n',
  'src/lib.rs': 'pub fn answer() -> u32 { 0 }\n',
  'src/main.rs': 'fn main() { println!("{}", demo_exercise::answer()); }\n',
  'tests/answer.rs': '#[test]\nfn answers() { assert_eq!(demo_exercise::answer(), 42); }\n',
};
const lesson = {
  id: '99-demo',
  starter,
  solution: { 'src/lib.rs': 'pub fn answer() -> u32 { 42 }\n' },
  timeouts: { run: 120, check: 180 },
  scripts: RUST_SCRIPTS,
};

const diag = (line: number, message = 'cannot find value `x` in this scope'): CargoDiagnostic => ({
  severity: 'error',
  code: 'E0425',
  message,
  file: 'src/lib.rs',
  line,
  column: 26,
  endLine: line,
  endColumn: 27,
  rendered: `error[E0425]: ${message}`,
});
const passed: TestReport = { passed: 1, failed: 0, skipped: 0, failures: [], complete: true };
const failed: TestReport = { passed: 0, failed: 1, skipped: 0, failures: [{ name: 'answers', message: 'assertion `left == right` failed\n  left: 0\n right: 42\n(at tests/answer.rs:2:16)' }], complete: true };

function setup(storage = createMemoryStorage()) {
  const runtime = new FakeRustRuntime();
  const session = new RustSession(lesson, async () => runtime, storage, { diagnoseDelayMs: 20 });
  return { runtime, session, storage };
}

describe('RustSession', () => {
  it('keeps its own files under <lessonId>:rust, beside the TypeScript track, and restores them', async () => {
    const storage = createMemoryStorage();
    const { session } = setup(storage);
    await session.load();
    session.edit('src/lib.rs', 'pub fn answer() -> u32 { 1 }\n');
    // Lesson-owned: the manifest and the tests cannot be edited.
    session.edit('Cargo.toml', '[package]\nname = "evil"\n');
    session.edit('tests/answer.rs', '');
    await session.flush();
    expect(await storage.loadLesson('99-demo:rust')).toMatchObject({ files: { 'src/lib.rs': 'pub fn answer() -> u32 { 1 }\n' } });
    expect(await storage.loadLesson('99-demo')).toBeUndefined();
    expect(await storage.loadProgress()).toEqual({ '99-demo:rust': 'started' });

    const again = new RustSession(lesson, async () => new FakeRustRuntime(), storage);
    await again.load();
    expect(again.restored.get()).toBe(true);
    expect(again.files.get()['src/lib.rs']).toContain('{ 1 }');
    expect(again.files.get()['Cargo.toml']).toBe(starter['Cargo.toml']);
    session.dispose();
    again.dispose();
  });

  it('Check reads the test-report event into "N passed, N failed", and a pass marks only the Rust track', async () => {
    const { storage: base } = setup();
    const live = withLiveProgress(base);
    const runtime = new FakeRustRuntime();
    const session = new RustSession(lesson, async () => runtime, live.storage, { diagnoseDelayMs: 20 });
    await session.load();
    const first = session.runCheck();
    await until(() => runtime.of('check').length === 1);
    const call = runtime.of('check')[0]!;
    expect(call.options.timeoutSeconds).toBe(180);
    expect(Object.keys(call.crate)).toContain('tests/answer.rs'); // the runtime decides what it sends
    call.events.onOutput('   Compiling demo-exercise v0.1.0\n');
    call.events.onDiagnostics?.([]);
    call.events.onTestReport?.(failed);
    call.finish({ code: 101, signal: null });
    await first;
    expect(session.check.get()).toMatchObject({ state: 'done', report: { passed: 0, failed: 1, failures: [{ name: 'answers' }] } });
    expect(session.output.get()).toContain('$ cargo test');

    await session.showSolution();
    const second = session.runCheck();
    await until(() => runtime.of('check').length === 2);
    const pass = runtime.of('check')[1]!;
    pass.events.onTestReport?.(passed);
    pass.finish();
    await second;
    expect(session.check.get()).toMatchObject({ state: 'done', report: { passed: 1, failed: 0 } });
    await until(() => live.progress.get()['99-demo:rust'] === 'completed-with-solution');
    expect(live.progress.get()['99-demo']).toBeUndefined();
    session.dispose();
  });

  it('a check of a crate that does not compile says so and points at Problems', async () => {
    const { runtime, session } = setup();
    await session.load();
    const check = session.runCheck();
    await until(() => runtime.of('check').length === 1);
    const call = runtime.of('check')[0]!;
    call.events.onDiagnostics?.([diag(1)]);
    call.finish({ code: 101, signal: null });
    await check;
    expect(session.diagnostics.get()).toHaveLength(1);
    expect(session.check.get()).toEqual({ state: 'error', message: 'The tests did not run: the crate does not compile (1 error, listed under Problems).' });
    session.dispose();
  });

  it('Run streams output, forwards the Preview URL and shows build progress until the run ends', async () => {
    const { runtime, session } = setup();
    await session.load();
    const run = session.run();
    await until(() => runtime.of('run').length === 1);
    const call = runtime.of('run')[0]!;
    call.events.onProgress?.({ compiled: 3, total: 40, crate: 'serde' });
    expect(session.build.get()).toEqual({ compiled: 3, total: 40, crate: 'serde' });
    // The learner's own crate is not a dependency: no bar news for it.
    call.events.onProgress?.({ compiled: 40, total: 40, crate: 'demo-exercise' });
    expect(session.build.get()).toEqual({ compiled: 3, total: 40, crate: 'serde' });
    call.events.onOutput('\u001b[32mhello\u001b[0m\n');
    call.events.onServerReady?.('http://127.0.0.1:5000/');
    expect(session.preview.get()).toBe('http://127.0.0.1:5000/');
    call.finish();
    await run;
    expect(session.build.get()).toBeNull();
    expect(session.preview.get()).toBeNull();
    expect(session.output.get()).toContain('\u001b[32mhello');
    session.dispose();
  });

  it('diagnoses 600 ms-style after the last edit: one run for a burst of typing', async () => {
    const { runtime, session } = setup();
    await session.load();
    for (const n of [1, 2, 3, 4]) {
      session.edit('src/lib.rs', `pub fn answer() -> u32 { ${n} }\n`);
      await tick(5);
    }
    expect(runtime.of('diagnose')).toHaveLength(0);
    await until(() => runtime.of('diagnose').length === 1);
    const call = runtime.of('diagnose')[0]!;
    expect(call.crate['src/lib.rs']).toContain('{ 4 }');
    call.events.onDiagnostics?.([diag(1)]);
    call.finish();
    await until(() => !session.diagnosing.get());
    expect(session.diagnostics.get()).toEqual([diag(1)]);
    expect(session.diagnosed.get()).toBe(true);
    await tick(40);
    expect(runtime.of('diagnose')).toHaveLength(1);
    session.dispose();
  });

  it('a newer edit supersedes the diagnose in flight: it is stopped, its list dropped, and one more runs on the new code', async () => {
    const { runtime, session } = setup();
    await session.load();
    session.edit('src/lib.rs', 'pub fn answer() -> u32 { x }\n');
    await until(() => runtime.of('diagnose').length === 1);
    const old = runtime.of('diagnose')[0]!;
    session.edit('src/lib.rs', 'pub fn answer() -> u32 { y }\n');
    await until(() => old.stopped);
    await until(() => runtime.of('diagnose').length === 2);
    // Never two at once: the next one started only once the stopped one had ended.
    expect(runtime.maxActive).toBe(1);
    // A late list from the superseded run says nothing about the code as it is now.
    old.events.onDiagnostics?.([diag(1, 'cannot find value `x` in this scope')]);
    expect(session.diagnostics.get()).toEqual([]);
    const next = runtime.of('diagnose')[1]!;
    expect(next.crate['src/lib.rs']).toContain('{ y }');
    next.events.onDiagnostics?.([diag(1, 'cannot find value `y` in this scope')]);
    next.finish();
    await until(() => !session.diagnosing.get());
    expect(session.diagnostics.get().map((d) => d.message)).toEqual(['cannot find value `y` in this scope']);
    session.dispose();
  });

  it('does not stop a diagnose that is building dependencies; the newer one runs after it', async () => {
    const { runtime, session } = setup();
    await session.load();
    session.edit('src/lib.rs', 'pub fn answer() -> u32 { 7 }\n');
    await until(() => runtime.of('diagnose').length === 1);
    const warm = runtime.of('diagnose')[0]!;
    warm.events.onProgress?.({ compiled: 1, total: 30, crate: 'tokio' });
    session.edit('src/lib.rs', 'pub fn answer() -> u32 { 8 }\n');
    await tick(60);
    expect(warm.stopped).toBe(false);
    expect(runtime.of('diagnose')).toHaveLength(1);
    warm.finish();
    await until(() => runtime.of('diagnose').length === 2);
    expect(runtime.of('diagnose')[1]!.crate['src/lib.rs']).toContain('{ 8 }');
    runtime.of('diagnose')[1]!.finish();
    session.dispose();
  });

  it('diagnostics of a Run that started before an edit are dropped, and Reset clears them', async () => {
    const { runtime, session } = setup();
    await session.load();
    runtime.canDiagnose = false; // keep this test to the run's own diagnostics
    const run = session.run();
    await until(() => runtime.of('run').length === 1);
    session.edit('src/lib.rs', 'pub fn answer() -> u32 { 5 }\n');
    const call = runtime.of('run')[0]!;
    call.events.onDiagnostics?.([diag(3)]);
    expect(session.diagnostics.get()).toEqual([]);
    call.finish();
    await run;

    const again = session.run();
    await until(() => runtime.of('run').length === 2);
    runtime.of('run')[1]!.events.onDiagnostics?.([diag(3)]);
    runtime.of('run')[1]!.finish();
    await again;
    expect(session.diagnostics.get()).toHaveLength(1);
    await session.reset();
    expect(session.diagnostics.get()).toEqual([]);
    expect(session.files.get()['src/lib.rs']).toBe(starter['src/lib.rs']);
    session.dispose();
  });

  it('a runtime that cannot diagnose (the Playground) is never asked to', async () => {
    const { runtime, session } = setup();
    runtime.canDiagnose = false;
    await session.load();
    session.edit('src/lib.rs', 'pub fn answer() -> u32 { 9 }\n');
    await tick(60);
    expect(runtime.calls).toHaveLength(0);
    session.dispose();
  });

  it('without a Rust runtime, Run and Check say why in the output and the check result', async () => {
    const session = new RustSession(lesson, async () => ({ error: 'Rust cannot be built here: cargo was not found on PATH' }), createMemoryStorage());
    await session.load();
    await session.runCheck();
    expect(session.check.get()).toEqual({ state: 'error', message: 'Rust cannot be built here: cargo was not found on PATH' });
    expect(session.output.get()).toContain('cargo was not found');
    session.dispose();
  });
});
