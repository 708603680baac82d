import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findMissingCrate, runCommand, sourceConfigArgs, summarizeFailure, type CommandResult } from './lib/rust-cargo.ts';
import { findListings, parseCargoMetadata, readNeedsCrates } from './lib/rust-listings.ts';
import { formatLine, formatSummary, parseOptions } from './verify-rust.ts';

const result = (output: string, code = 101): CommandResult => ({ code, signal: null, timedOut: false, output, stdout: '' });

describe('findMissingCrate', () => {
  it('reads the crate name from cargo 1.95 with a directory source', () => {
    const stderr = [
      'error: no matching package named `actix-web` found',
      "location searched: directory source `/usr/share/cargo/registry` (which is replacing registry `crates-io`)",
      'required by package `rest-actix v0.1.0 (/work/lessons/03-rest-actix/rust/actix)`',
    ].join('\n');
    expect(findMissingCrate(stderr)).toBe('actix-web');
  });

  it('reads the other wording cargo uses', () => {
    expect(findMissingCrate('error: no matching package found\nsearched package name: `axum`\n')).toBe('axum');
  });

  it('does not treat a version mismatch as a missing crate', () => {
    const stderr = 'error: failed to select a version for the requirement `tokio = "^1.40"`\ncandidate versions found which didn\'t match: 1.24.2';
    expect(findMissingCrate(stderr)).toBeUndefined();
  });
});

describe('summarizeFailure', () => {
  it('names the failing tests and the panic', () => {
    const output = [
      'test tests::ok_one ... ok',
      'test rejects_bad_requests ... FAILED',
      "thread 'rejects_bad_requests' (15312) panicked at tests/server.rs:83:5:",
      'assertion `left == right` failed',
    ].join('\n');
    expect(summarizeFailure(result(output), 1000)).toBe(
      '1 test failed: rejects_bad_requests (panicked at tests/server.rs:83:5: assertion `left == right` failed)',
    );
  });

  it('quotes the first compiler error and where it is', () => {
    const output = [
      '   Compiling x v0.1.0',
      'error[E0308]: mismatched types',
      '  --> src/lib.rs:12:5',
      'error: could not compile `x` (lib) due to 1 previous error',
    ].join('\n');
    expect(summarizeFailure(result(output), 1000)).toBe('error[E0308]: mismatched types at src/lib.rs:12:5');
  });

  it('adds the innermost cause of a cargo error', () => {
    const output = [
      'error: failed to get `anyhow` as a dependency of package `x v0.1.0`',
      '',
      'Caused by:',
      '  download of config.json failed',
      '',
      'Caused by:',
      '  [6] Could not resolve hostname (Could not resolve host: index.crates.io)',
    ].join('\n');
    expect(summarizeFailure(result(output), 1000)).toBe(
      'error: failed to get `anyhow` as a dependency of package `x v0.1.0` (caused by: [6] Could not resolve hostname (Could not resolve host: index.crates.io))',
    );
  });

  it('says when a command ran out of time', () => {
    expect(summarizeFailure({ ...result(''), timedOut: true }, 600_000)).toBe('timed out after 600s');
  });
});

describe('options and output lines', () => {
  it('uses Debian crates with --debian or WORKBOOK_CARGO_SOURCE=debian, through --config only', () => {
    expect(parseOptions(['--debian', '02'], {}).source.kind).toBe('debian');
    expect(parseOptions([], { WORKBOOK_CARGO_SOURCE: 'debian' }).source.kind).toBe('debian');
    expect(parseOptions([], {}).source.kind).toBe('configured');
    expect(parseOptions(['--debian', '02', '13'], {}).filters).toEqual(['02', '13']);
    expect(sourceConfigArgs({ kind: 'configured' })).toEqual([]);
    expect(sourceConfigArgs({ kind: 'debian', directory: '/usr/share/cargo/registry' })).toEqual([
      '--config',
      'source.crates-io.replace-with="debian"',
      '--config',
      'source.debian.directory="/usr/share/cargo/registry"',
      '--config',
      'net.offline=true',
    ]);
  });

  it('formats one line per listing and the closing counts', () => {
    expect(formatLine('02-async-tokio', { status: 'pass', seconds: 12.34, notes: [] })).toBe('PASS 02-async-tokio (12.3s)');
    expect(formatLine('13-rust-wasm', { status: 'pass', seconds: 2, notes: ['wasm32: 6.5 KB'] })).toBe(
      'PASS 13-rust-wasm (2.0s; wasm32: 6.5 KB)',
    );
    expect(formatLine('03-rest-actix/actix', { status: 'skip', reason: 'needs actix-web' })).toBe(
      'SKIP 03-rest-actix/actix: needs actix-web',
    );
    expect(formatSummary({ passed: 3, failed: 0, skipped: 0 })).toBe('3 passed, 0 failed');
    expect(formatSummary({ passed: 13, failed: 1, skipped: 1 })).toBe('13 passed, 1 failed, 1 skipped');
  });
});

describe('listings', () => {
  it('finds rust/ projects and, without one, each project inside rust/', () => {
    const lessons = mkdtempSync(path.join(tmpdir(), 'lessons-'));
    const project = (dir: string) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'Cargo.toml'), '[package]\nname = "x"\n');
    };
    project(path.join(lessons, '01-one', 'rust'));
    project(path.join(lessons, '03-two', 'rust', 'hyper'));
    project(path.join(lessons, '03-two', 'rust', 'actix'));
    mkdirSync(path.join(lessons, '03-two', 'rust', 'target', 'debug'), { recursive: true });
    mkdirSync(path.join(lessons, '04-no-rust', 'starter'), { recursive: true });

    expect(findListings(lessons).map((l) => l.name)).toEqual(['01-one', '03-two/actix', '03-two/hyper']);
  });

  it('reads rust.needsCrates from the frontmatter, if there is a lesson.md', () => {
    const lesson = mkdtempSync(path.join(tmpdir(), 'lesson-'));
    expect(readNeedsCrates(lesson)).toBeUndefined();
    writeFileSync(path.join(lesson, 'lesson.md'), '---\ntitle: T\nrust:\n  listings: [a.rs]\n  needsCrates: [actix-web]\n---\nprose\n');
    expect(readNeedsCrates(lesson)).toEqual(['actix-web']);
  });

  it("reads each package's [package.metadata.workbook]", () => {
    const metadata = {
      packages: [
        { name: 'a', edition: '2021', metadata: { workbook: { 'test-features': ['json'], run: true } }, targets: [] },
        {
          name: 'w',
          edition: '2021',
          metadata: { workbook: { wasm32: { host: 'host.mjs' } } },
          targets: [{ name: 'w', kind: ['cdylib', 'rlib'], src_path: '/x/src/lib.rs' }],
        },
        { name: 'plain', edition: '2018', metadata: null, targets: [] },
      ],
    };
    expect(parseCargoMetadata(JSON.stringify(metadata))).toEqual([
      { name: 'a', edition: '2021', testFeatures: ['json'], run: true },
      { name: 'w', edition: '2021', testFeatures: [], run: false, wasm32: { host: 'host.mjs', libPath: '/x/src/lib.rs', libName: 'w' } },
      { name: 'plain', edition: '2018', testFeatures: [], run: false },
    ]);
    const typo = { packages: [{ name: 'a', metadata: { workbook: { runs: true } }, targets: [] }] };
    expect(() => parseCargoMetadata(JSON.stringify(typo))).toThrow(/unknown key\(s\).*runs/);
  });
});

describe('runCommand', () => {
  it('kills the whole process group when time runs out', async () => {
    const started = performance.now();
    // The background `sleep` holds the output pipe open: only killing the group ends this quickly.
    const outcome = await runCommand('sh', ['-c', 'sleep 30 & sleep 30'], { cwd: tmpdir(), env: process.env, timeoutMs: 300 });
    expect(outcome.timedOut).toBe(true);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('keeps stdout apart from the interleaved output', async () => {
    const outcome = await runCommand('sh', ['-c', 'echo data; echo warning >&2'], { cwd: tmpdir(), env: process.env, timeoutMs: 10_000 });
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toBe('data\n');
    expect(outcome.output).toContain('warning');
  });
});
