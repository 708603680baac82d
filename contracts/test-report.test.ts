import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatCounts, parseTestReport } from './test-report.ts';

// node20-mixed.tap is real output of `node --test --test-reporter=tap` on Node 20: a passing test, a
// failing one, a suite with a failing child, and a test file that crashes on a missing import.
const mixed = readFileSync(new URL('./fixtures/node20-mixed.tap', import.meta.url), 'utf8');

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
});
