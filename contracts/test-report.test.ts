import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatCounts, parseTestReport } from './test-report.ts';

// node20-mixed.tap is real output of `node --test --test-reporter=tap` on Node 20: a passing test, a
// failing one, a suite with a failing child, and a test file that crashes on a missing import.
const mixed = readFileSync(new URL('./fixtures/node20-mixed.tap', import.meta.url), 'utf8');
// node20-unparsable.tap is real output of `node --test --test-reporter=tap` on Node 20 for a test file
// (paths replaced) whose blocks are not valid YAML: a message with both ' and ", which Node quotes
// with backticks, and an assert.equal of two 20,000-character strings, which Node cuts as
// 'ééé'... 10000 more characters.
const unparsable = readFileSync(new URL('./fixtures/node20-unparsable.tap', import.meta.url), 'utf8');
const rawBlockKeys = /duration_ms|failureType|location:|stack:|test_runner/;

describe('parseTestReport', () => {
  it('takes the counts from Node\'s closing summary', () => {
    const r = parseTestReport(mixed);
    expect(r.complete).toBe(true);
    expect(formatCounts(r)).toBe('2 passed, 3 failed');
  });

  it('names each failing test with its suite and keeps the assertion message', () => {
    const r = parseTestReport(mixed);
    expect(r.failures.map((f) => f.name)).toEqual(['fails', 'group › inner bad', 'test/b.test.js']);
    expect(r.failures[0]!.message).toContain('GET /users/0 should answer 400, got 500');
    expect(r.failures[1]!.message).toContain('strictly deep-equal');
  });

  it('explains a crashed test file with the error Node printed before it', () => {
    const crash = parseTestReport(mixed).failures[2]!;
    expect(crash.message).toContain('ERR_MODULE_NOT_FOUND');
    expect(crash.message).not.toContain('    at ');
  });

  it('does not list a suite that failed only because a child failed', () => {
    expect(parseTestReport(mixed).failures.some((f) => f.name === 'group')).toBe(false);
  });

  it('counts what it saw when the stream was cut before the summary', () => {
    const cut = mixed.slice(0, mixed.indexOf('# Subtest: group'));
    const r = parseTestReport(cut);
    expect(r.complete).toBe(false);
    expect(formatCounts(r)).toBe('1 passed, 1 failed');
  });

  it('reads an empty stream as nothing run', () => {
    expect(parseTestReport('')).toEqual({ passed: 0, failed: 0, skipped: 0, failures: [], complete: false });
  });

  it('counts skipped tests apart', () => {
    const tap = ['TAP version 13', '# Subtest: later', 'ok 1 - later # SKIP', '  ---', '  duration_ms: 1', '  ...', '1..1'].join('\n');
    expect(parseTestReport(tap)).toMatchObject({ passed: 0, failed: 0, skipped: 1 });
  });

  it('reads a backtick-quoted message with both quote kinds as the message, not the YAML block', () => {
    const r = parseTestReport(unparsable);
    expect(formatCounts(r)).toBe('1 passed, 2 failed');
    expect(r.failures[0]).toEqual({ name: 'message with both quotes', message: `searching "O'Brien" should find Siobhán O'Brien` });
  });

  it('degrades a block it cannot parse (a huge diff) to a short assertion message', () => {
    const huge = parseTestReport(unparsable).failures[1]!;
    expect(huge.name).toBe('huge diff');
    expect(huge.message).toMatch(/^Values have same structure but are not reference-equal:/);
    expect(huge.message).not.toMatch(rawBlockKeys);
    expect(huge.message.length).toBeLessThan(2100);
    expect(huge.message).toMatch(/… \(\d+ more characters\)$/);
  });

  it('never shows the raw block, whatever keys Node writes around an unreadable error', () => {
    const tap = [
      'TAP version 13',
      '# Subtest: odd',
      'not ok 1 - odd',
      '  ---',
      '  duration_ms: 1.5',
      "  location: '/p/test/a.test.js:1:1'",
      "  failureType: 'testCodeFailure'",
      '  error: |-',
      '    first line',
      '    ',
      "    second 'line\"",
      "  actual: 'x'... 99 more characters",
      '  stack: |-',
      '    TestContext.<anonymous> (file:///p/test/a.test.js:2:3)',
      '  ...',
      '1..1',
    ].join('\n');
    const [failure] = parseTestReport(tap).failures;
    expect(failure!.message).toBe("first line\n\nsecond 'line\"");
  });
});
