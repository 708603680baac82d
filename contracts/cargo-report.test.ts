import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, panicMessage, parseCargoStream } from './cargo-report.ts';

// Captured from real runs of cargo 1.95 on the loader's fixture crate (paths rewritten to /work/project):
//   test-failing.jsonl: RUSTC_BOOTSTRAP=1 cargo test --message-format=json-diagnostic-rendered-ansi
//                       -- -Z unstable-options --format json   (1 passing, 2 failing, 1 ignored)
//   check-borrow.jsonl: cargo check --message-format=json-diagnostic-rendered-ansi (E0382 + a warning)
//   check-errors.jsonl: the same with a type error (E0308)
const fixture = (name: string) => readFileSync(new URL(`./fixtures/cargo/${name}`, import.meta.url), 'utf8');

describe('parseCargoStream', () => {
  it('reads libtest JSON into counts and each failure with its panic message and place', () => {
    const { tests, buildSucceeded, diagnostics } = parseCargoStream(fixture('test-failing.jsonl'));
    expect(buildSucceeded).toBe(true);
    expect(diagnostics).toEqual([]);
    expect(tests).toMatchObject({ passed: 1, failed: 2, skipped: 1, complete: true });
    expect(tests!.failures.map((f) => f.name).sort()).toEqual(['greets_by_name', 'multi_line_panic']);
    const greet = tests!.failures.find((f) => f.name === 'greets_by_name')!;
    expect(greet.message).toContain('greet must name the person');
    expect(greet.message).toContain('right: "Hello, Ada!"');
    expect(greet.message).toContain('(at tests/greet.rs:2:23)');
    const multi = tests!.failures.find((f) => f.name === 'multi_line_panic')!;
    expect(multi.message).toContain(`first line\nsecond line with 'quotes' and "double"`);
    expect(multi.message).not.toMatch(/panicked at|RUST_BACKTRACE/);
  });

  it('turns compiler messages into diagnostics at file, line and column, with the code, once each', () => {
    const { diagnostics, buildSucceeded, tests } = parseCargoStream(fixture('check-borrow.jsonl'));
    expect(buildSucceeded).toBe(false);
    expect(tests).toBeNull();
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'src/lib.rs:1:103: error[E0382]: borrow of moved value: `s`',
      'src/lib.rs:1:42: warning[unused_variables]: unused variable: `unused`',
    ]);
    expect(diagnostics[0]!.rendered).toContain('\u001b['); // rustc's colours, for the Output pane
    expect(diagnostics[0]).toMatchObject({ endLine: 1, endColumn: 104 });
  });

  it('reads a type error', () => {
    const { diagnostics } = parseCargoStream(fixture('check-errors.jsonl'));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', code: 'E0308', message: 'mismatched types', file: 'src/lib.rs', line: 1, column: 97 });
  });

  it('keeps the program output, JSON logs included, as text', () => {
    const out = ['{"reason":"build-finished","success":true}', 'listening on 127.0.0.1:3000', '{"level":"INFO","fields":{"message":"hi"}}', ''].join('\n');
    const stream = parseCargoStream(out);
    expect(stream.text).toBe('listening on 127.0.0.1:3000\n{"level":"INFO","fields":{"message":"hi"}}\n');
    expect(stream.tests).toBeNull();
  });

  it('marks a report incomplete when a suite never finished (a hung test, a crash, Stop)', () => {
    const out = ['{ "type": "suite", "event": "started", "test_count": 2 }', '{ "type": "test", "name": "a", "event": "ok" }'].join('\n');
    expect(parseCargoStream(out).tests).toMatchObject({ passed: 1, failed: 0, complete: false });
  });

  it('names the tests that were running when the stream ended, as failures', () => {
    const out = [
      '{ "type": "suite", "event": "started", "test_count": 2 }',
      '{ "type": "test", "event": "started", "name": "a" }',
      '{ "type": "test", "event": "started", "name": "spins" }',
      '{ "type": "test", "name": "a", "event": "ok" }',
    ].join('\n');
    const tests = parseCargoStream(out).tests!;
    expect(tests).toMatchObject({ passed: 1, failed: 1, complete: false });
    expect(tests.failures).toEqual([{ name: 'spins', message: expect.stringContaining('did not finish') }]);
  });
});

describe('panicMessage', () => {
  it('keeps what the test printed out of the message and falls back to the capture', () => {
    expect(panicMessage("got here\nthread 't' panicked at src/lib.rs:3:5:\nboom\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n", 't')).toBe('boom\n(at src/lib.rs:3:5)');
    expect(panicMessage('', 't')).toBe('t failed');
  });
});
