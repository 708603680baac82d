import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LessonSource } from '../../contracts/lesson-loader.ts';
import type { RunnerEvent } from '../../contracts/runner-protocol.ts';
import { exitOf, expectCleanRunRoot, liveRun, outputOf, postRun, psRunLines, request, startTestRunner, testLesson, type TestRunner } from '../test-support.ts';
import { DEBIAN_REGISTRY, type CrateSource } from './crate-source.ts';
import { detectRustToolchain } from './toolchain.ts';

/**
 * Real cargo through the runner's API, on tiny fixture crates without dependencies (a cold build is
 * about a second). Skipped, with the reason, on a machine without cargo. Each test is a learner's
 * crate doing one thing; runaway ones must end with a clear message and nothing left running.
 */
const source: CrateSource = existsSync(DEBIAN_REGISTRY) ? { kind: 'debian', directory: DEBIAN_REGISTRY } : { kind: 'configured' };
const toolchain = await detectRustToolchain(source);
const noCargo = toolchain.info.available ? null : `cargo is not available here: ${toolchain.info.reason}`;
if (noCargo) console.warn(`runner/cargo tests skipped: ${noCargo}`);

const CARGO_TOML = `[package]\nname = "fixture-exercise"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n`;
const LIB = `pub fn double(x: i32) -> i32 {\n    x * 2\n}\n`;
const MAIN = `fn main() {\n    println!("double 21 = {}", fixture_exercise::double(21));\n}\n`;
const TESTS = `use fixture_exercise::double;\n\n#[test]\nfn doubles() {\n    assert_eq!(double(2), 4);\n}\n\n#[test]\nfn doubles_negative() {\n    assert_eq!(double(-3), -6, "negative numbers double too");\n}\n`;

function rustLesson(id: string, preview = false): LessonSource {
  return {
    ...testLesson(id, { timeouts: { run: 20, check: 20 }, preview }),
    rustExercise: {
      meta: { open: ['src/lib.rs'], runOutput: 'double 21 = 42', hints: ['a', 'b'], preview },
      markdown: '',
      starter: { 'Cargo.toml': CARGO_TOML, 'src/lib.rs': LIB, 'src/main.rs': MAIN, 'tests/double.rs': TESTS },
      solution: {},
      wrong: {},
    },
  };
}

const lesson = rustLesson('95-rust-fixture');
const runaway = rustLesson('96-rust-runaway');
const plain = testLesson('97-node-only');
const serving = rustLesson('98-rust-serving', true);
let t: TestRunner;
let cache: string;

beforeAll(async () => {
  if (noCargo) return;
  cache = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'rust-cache-test-')));
  t = await startTestRunner([lesson, runaway, plain, serving], { rust: { source, cacheDir: cache, limits: { warmBuildSeconds: 60, coldBuildSeconds: 120 } } });
});

afterAll(async () => {
  if (noCargo) return;
  await t.close();
  const left = await expectCleanRunRoot(t.runRoot);
  expect(left, `left behind:\n${psRunLines()}`).toEqual({ processes: [], dirs: [] });
  rmSync(cache, { recursive: true, force: true });
});

async function rust(target: LessonSource, script: 'run' | 'check' | 'diagnose', files: Record<string, string>, extra: Record<string, unknown> = {}) {
  const started = performance.now();
  const res = await postRun(t, { track: 'rust', lessonId: target.id, script, files, ...extra }, {}, 240_000);
  const events = res.status === 200 ? res.events() : [];
  return { status: res.status, body: res.status === 200 ? null : (res.json() as { error: string }), events, seconds: (performance.now() - started) / 1000 };
}

const starterSrc = { 'src/lib.rs': LIB, 'src/main.rs': MAIN };
const ofType = <T extends RunnerEvent['type']>(events: RunnerEvent[], type: T) => events.filter((e): e is Extract<RunnerEvent, { type: T }> => e.type === type);

describe.skipIf(noCargo !== null)('cargo runs through the runner', { timeout: 240_000 }, () => {
  it('/api/info reports the toolchain and the crate source', async () => {
    const info = await request(t.runner.port, { path: '/api/info', headers: { host: t.host, authorization: `Bearer ${t.token}` } });
    expect(info.json()).toMatchObject({ rust: { available: true, cargo: expect.stringMatching(/^cargo /), rustc: expect.stringMatching(/^rustc /), crateSource: source.kind } });
  });

  it('check: progress, one empty diagnostics list, the test report, then exit', async () => {
    const r = await rust(lesson, 'check', { ...starterSrc, 'src/lib.rs': LIB.replace('x * 2', 'x + x') });
    expect(r.status).toBe(200);
    const types = r.events.map((e) => e.type);
    expect(ofType(r.events, 'diagnostics')).toEqual([{ type: 'diagnostics', diagnostics: [] }]);
    expect(types.indexOf('test-report')).toBeLessThan(types.indexOf('exit'));
    expect(types.indexOf('diagnostics')).toBeLessThan(types.indexOf('test-report'));
    expect(ofType(r.events, 'test-report')[0]!.report).toMatchObject({ passed: 2, failed: 0, complete: true });
    expect(exitOf(r.events).code).toBe(0);
    // cargo's status line, coloured (CARGO_TERM_COLOR=always)
    expect(outputOf(r.events)).toContain('Compiling\u001b[0m fixture-exercise');
  });

  it('check: a failing test is named with its message; a warning is a diagnostic at src/lib.rs', async () => {
    const r = await rust(lesson, 'check', { ...starterSrc, 'src/lib.rs': `pub fn double(x: i32) -> i32 {\n    let unused = 1;\n    x * 3\n}\n` });
    const report = ofType(r.events, 'test-report')[0]!.report;
    expect(report).toMatchObject({ passed: 0, failed: 2 });
    expect(report.failures.map((f) => f.name).sort()).toEqual(['doubles', 'doubles_negative']);
    expect(report.failures.find((f) => f.name === 'doubles_negative')!.message).toContain('negative numbers double too');
    const [diag] = ofType(r.events, 'diagnostics');
    expect(diag!.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', code: 'unused_variables', file: 'src/lib.rs', line: 2 })]);
    expect(exitOf(r.events).code).not.toBe(0);
  });

  it('diagnose: a type error as a diagnostic, its rendered text (with colour) in the output, nothing runs', async () => {
    const r = await rust(lesson, 'diagnose', { ...starterSrc, 'src/lib.rs': `pub fn double(x: i32) -> i32 {\n    "two"\n}\n` });
    const [diag] = ofType(r.events, 'diagnostics');
    expect(diag!.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'E0308', file: 'src/lib.rs', line: 2 })]);
    expect(outputOf(r.events)).toContain('mismatched types');
    expect(outputOf(r.events)).toContain('\u001b[');
    expect(ofType(r.events, 'test-report')).toEqual([]);
    expect(exitOf(r.events).code).not.toBe(0);
  });

  it("run: the program's output", async () => {
    const r = await rust(lesson, 'run', starterSrc);
    expect(outputOf(r.events)).toContain('double 21 = 42');
    expect(exitOf(r.events)).toMatchObject({ code: 0, signal: null });
  });

  it('run: a program that listens on PORT is shown through the Preview proxy, like a Node run', async () => {
    const server = `use std::io::{Read, Write};\nfn main() {\n    let port = std::env::var("PORT").unwrap();\n    let listener = std::net::TcpListener::bind(format!("127.0.0.1:{port}")).unwrap();\n    println!("listening on {port}");\n    for stream in listener.incoming() {\n        let mut s = stream.unwrap();\n        let mut buf = [0u8; 1024];\n        let _ = s.read(&mut buf);\n        let body = "hello from rust";\n        let _ = write!(s, "HTTP/1.1 200 OK\\r\\ncontent-length: {}\\r\\nconnection: close\\r\\n\\r\\n{}", body.len(), body);\n    }\n}\n`;
    const run = liveRun(t, { track: 'rust', lessonId: serving.id, script: 'run', files: { ...starterSrc, 'src/main.rs': server } });
    const ready = (await run.waitFor((e) => e.type === 'server-ready', 120_000)) as { url: string };
    const page = await request(t.runner.port, { path: ready.url, headers: { host: t.host } });
    expect(page.status).toBe(200);
    expect(page.text).toBe('hello from rust');
    run.abort();
    await run.done;
  });

  it('two checks of one lesson at once use two slots and both finish', async () => {
    const [a, b] = await Promise.all([rust(lesson, 'check', starterSrc), rust(lesson, 'check', starterSrc)]);
    for (const r of [a, b]) expect(ofType(r.events, 'test-report')[0]?.report).toMatchObject({ passed: 2, failed: 0 });
    expect(readdirSync(path.join(cache, lesson.id)).filter((n) => /^slot-\d+$/.test(n)).length).toBeGreaterThanOrEqual(2);
  });

  it('refuses lesson-owned files, other files, Rust scripts for Node and lessons without a Rust exercise, with reasons', async () => {
    const owned = await rust(lesson, 'check', { ...starterSrc, 'Cargo.toml': CARGO_TOML });
    expect(owned.status).toBe(400);
    expect(owned.body!.error).toMatch(/Cargo\.toml is the lesson's/);
    const tests = await rust(lesson, 'check', { ...starterSrc, 'tests/double.rs': 'fn main() {}' });
    expect(tests.body!.error).toMatch(/tests\/double\.rs is the lesson's/);
    const other = await rust(lesson, 'run', { ...starterSrc, 'cargo/config.toml': '[build]\nrustc-wrapper = "/bin/sh"' });
    expect(other.status).toBe(400);
    expect(other.body!.error).toMatch(/only src\/\*\*\.rs and build\.rs/);
    const none = await rust(plain, 'check', starterSrc);
    expect(none.status).toBe(400);
    expect(none.body!.error).toMatch(/has no Rust exercise/);
    const nodeDiagnose = await postRun(t, { lessonId: plain.id, script: 'diagnose', files: { 'src/main.js': '' } });
    expect(nodeDiagnose.status).toBe(400);
  });
});

describe.skipIf(noCargo !== null)('runaway Rust code is contained', { timeout: 240_000 }, () => {
  it('an infinite loop in a test is stopped at the time limit', async () => {
    const r = await rust(runaway, 'check', { ...starterSrc, 'src/lib.rs': `pub fn double(x: i32) -> i32 {\n    loop { std::hint::black_box(x); }\n}\n` }, { timeoutSeconds: 3 });
    expect(exitOf(r.events)).toMatchObject({ reason: 'timeout' });
    expect(exitOf(r.events).message).toMatch(/time limit of 3 s/);
    const report = ofType(r.events, 'test-report')[0]!.report;
    expect(report.complete).toBe(false);
    expect(report.failures.map((f) => f.name)).toContain('doubles'); // the test that was running is named
  });

  it('a 1 GB allocation fails with a message about memory', async () => {
    const r = await rust(runaway, 'run', { ...starterSrc, 'src/main.rs': `fn main() {\n    let v = vec![1u8; 1 << 30];\n    println!("ALLOCATED {}", v.len());\n}\n` });
    expect(outputOf(r.events)).not.toContain('ALLOCATED');
    expect(outputOf(r.events)).toMatch(/memory allocation of 1073741824 bytes failed/);
    expect(outputOf(r.events)).toMatch(/ran out of memory: each process may use 768 MiB/);
    expect(exitOf(r.events).code).not.toBe(0);
  });

  it('endless output stops at the cap', async () => {
    const r = await rust(runaway, 'run', { ...starterSrc, 'src/main.rs': `fn main() {\n    loop { println!("{}", "y".repeat(99)); }\n}\n` });
    expect(exitOf(r.events)).toMatchObject({ reason: 'output-limit' });
    expect(outputOf(r.events)).toContain('[output truncated]');
  });

  it('a build.rs cannot write into the checkout or the home folder, and cannot reach the network', async () => {
    const marker = `rust-escape-${process.pid}`;
    const targets = [path.resolve(`${marker}.txt`), path.join(os.homedir(), `${marker}.txt`)];
    const buildRs = `use std::io::Write;\nfn main() {\n${targets.map((p) => `    match std::fs::write(${JSON.stringify(p)}, "x") { Ok(_) => println!("cargo:warning=WROTE {}", ${JSON.stringify(p)}), Err(e) => println!("cargo:warning=REFUSED {}", e) }\n`).join('')}    match std::net::TcpStream::connect("1.1.1.1:80") { Ok(mut s) => { let _ = s.write_all(b"x"); println!("cargo:warning=CONNECTED"); } Err(e) => println!("cargo:warning=NO NETWORK {}", e) }\n}\n`;
    const r = await rust(runaway, 'diagnose', { ...starterSrc, 'build.rs': buildRs });
    const out = outputOf(r.events);
    for (const p of targets) expect(existsSync(p), p).toBe(false);
    expect(out).not.toContain('WROTE');
    expect(out).toMatch(/REFUSED .*Read-only file system/);
    expect(out).not.toContain('CONNECTED');
  });

  it('a build.rs that forks endlessly is stopped by the process limit', async () => {
    const buildRs = `fn main() {\n    let mut kids = Vec::new();\n    for _ in 0..5000 {\n        if let Ok(c) = std::process::Command::new("sleep").arg("600").spawn() { kids.push(c); }\n    }\n    std::thread::sleep(std::time::Duration::from_secs(600));\n}\n`;
    const r = await rust(runaway, 'diagnose', { ...starterSrc, 'build.rs': buildRs });
    expect(exitOf(r.events)).toMatchObject({ reason: 'error' });
    expect(exitOf(r.events).message).toMatch(/more than \d+ processes/);
    expect(r.seconds).toBeLessThan(60);
  });

  it('the runner carries on: the next run of the lesson works', async () => {
    const r = await rust(runaway, 'run', starterSrc);
    expect(outputOf(r.events)).toContain('double 21 = 42');
  });
});

describe.skipIf(noCargo !== null)('with the configured registry', { timeout: 240_000 }, () => {
  it('vendors the lesson-owned crate outside the sandbox, then builds offline from that directory', async () => {
    const cache3 = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'rust-cache-vendor-')));
    // The fixture has no dependencies, so `cargo vendor` needs no network here.
    const t3 = await startTestRunner([lesson], { rust: { source: { kind: 'configured' }, cacheDir: cache3 } });
    try {
      expect(t3.runner.info.rust).toMatchObject({ available: true, crateSource: 'configured' });
      const res = await postRun(t3, { track: 'rust', lessonId: lesson.id, script: 'check', files: starterSrc }, {}, 240_000);
      expect(ofType(res.events(), 'test-report')[0]?.report).toMatchObject({ passed: 2, failed: 0 });
      expect(readdirSync(path.join(cache3, 'vendor')).some((n) => n.startsWith(`${lesson.id}-`))).toBe(true);
    } finally {
      await t3.close();
      rmSync(cache3, { recursive: true, force: true });
      rmSync(t3.runRoot, { recursive: true, force: true });
    }
  });
});

describe('without cargo', () => {
  it('refuses Rust runs with the reason and the install hint, and Node runs still work', async () => {
    const cache2 = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'rust-cache-none-')));
    const t2 = await startTestRunner([lesson], { rust: { cacheDir: cache2, env: { ...process.env, WORKBOOK_RUST: 'off' } } });
    try {
      expect(t2.runner.info.rust).toEqual({ available: false, reason: 'turned off by WORKBOOK_RUST=off', install: 'Install Rust from https://rustup.rs, then restart npm start' });
      const res = await postRun(t2, { track: 'rust', lessonId: lesson.id, script: 'check', files: starterSrc });
      expect(res.status).toBe(409);
      expect((res.json() as { error: string }).error).toMatch(/cannot run cargo: turned off .*rustup\.rs/);
      const node = await postRun(t2, { lessonId: lesson.id, script: 'run', files: { 'package.json': '{"type":"module"}', 'src/main.js': 'console.log("node ok")' } });
      expect(outputOf(node.events())).toContain('node ok');
    } finally {
      await t2.close();
      rmSync(cache2, { recursive: true, force: true });
      rmSync(t2.runRoot, { recursive: true, force: true });
    }
  });
});
