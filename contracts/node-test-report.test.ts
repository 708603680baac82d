import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestRecordFilter, parseNodeTestReport, readTestReport, stripTestRecords, WORKBOOK_TEST_PREFIX } from './node-test-report.ts';
import { formatCounts } from './test-report.ts';

// Real output of the lessons' check command on Node 20 (spec for people, node-test-reporter.mjs for
// the page, both on stdout), run in /tmp/workbook-run-Ab12/project; the test files are in
// fixtures/node-test/README-sources.txt: quotes of both kinds, a multi-line message, a short and a
// 6,000-character diff, a suite, a skip, a test timeout, a TypeError, a file that fails to import and
// a file that throws while loading.
const mixed = readFileSync(new URL('./fixtures/node-test/node20-mixed.txt', import.meta.url), 'utf8');
// A test that never settles and no timeout of its own: the runtime killed the run after 3 s.
const killed = readFileSync(new URL('./fixtures/node-test/node20-killed.txt', import.meta.url), 'utf8');
const sources = ['src/users.ts', 'test/a.test.ts', 'test/b.test.ts', 'test/c.test.ts'];

describe('parseNodeTestReport', () => {
  const r = parseNodeTestReport(mixed, { sources });
  const byName = (name: string) => r.failures.find((f) => f.name === name)!;

  it('counts as Node\'s closing summary does', () => {
    expect(r.complete).toBe(true);
    expect(formatCounts(r)).toBe('2 passed, 9 failed');
    expect(r.skipped).toBe(1);
  });

  it('names failures with their suite, never the suite itself, crashed files by their .ts path', () => {
    expect(r.failures.map((f) => f.name)).toEqual([
      'quotes',
      'multi-line',
      'short values',
      'huge diff',
      'group › inner bad',
      'times out',
      'throws a TypeError',
      'test/b.test.ts',
      'test/c.test.ts',
    ]);
  });

  it('keeps a message with both kinds of quotes as written, and its location in the .ts file', () => {
    expect(byName('quotes').message).toContain(`the name "Ann" isn't trimmed`);
    expect(byName('quotes').location).toBe('test/a.test.ts:6:31');
    expect(byName('quotes')).toMatchObject({ expected: '2', actual: '1' });
  });

  it('keeps a multi-line message whole', () => {
    expect(byName('multi-line').message).toBe('first line\nsecond line\nthird line');
  });

  it('shows short expected/actual values and omits long ones; a huge diff is cut', () => {
    expect(byName('short values')).toMatchObject({ expected: '"hello b"', actual: '"hi b"' });
    const huge = byName('huge diff');
    expect(huge.expected).toBeUndefined();
    expect(huge.message.length).toBeLessThan(2100);
    expect(huge.message).toMatch(/more characters\)$/);
  });

  it('says a timed-out test waited on something, and names other errors by type', () => {
    expect(byName('times out').message).toMatch(/timed out after 200ms: did it wait/);
    expect(byName('throws a TypeError').message).toBe("TypeError: Cannot read properties of null (reading 'x')");
    expect(byName('throws a TypeError').location).toBe('test/a.test.ts:16:41');
  });

  it('explains a file that fails to import or crashes on load with its error, in project paths', () => {
    expect(byName('test/b.test.ts').message).toBe("Error [ERR_MODULE_NOT_FOUND]: Cannot find module 'src/nope.js' imported from test/b.test.js");
    expect(byName('test/c.test.ts').message).toBe('Error: the file crashed on load');
    expect(byName('test/c.test.ts').location).toBe('test/c.test.ts:2:7');
  });

  it('never shows YAML, stack frames or absolute paths', () => {
    for (const f of r.failures) expect(`${f.message}${f.location}`).not.toMatch(/duration_ms|failureType|node:internal|\/tmp\/|^\s+at /m);
  });

  it('a killed run is incomplete with what had passed', () => {
    expect(parseNodeTestReport(killed)).toMatchObject({ passed: 1, failed: 0, complete: false });
  });

  it('falls back to TAP when the output has no reporter lines', () => {
    const tap = readFileSync(new URL('./fixtures/node20-mixed.tap', import.meta.url), 'utf8');
    expect(readTestReport(tap)).toMatchObject({ passed: 2, failed: 3, complete: true });
  });

  it('the reporter and the parser agree on the prefix', () => {
    const source = readFileSync(new URL('./node-test-reporter.mjs', import.meta.url), 'utf8');
    expect(source).toContain(`export const WORKBOOK_TEST_PREFIX = '${WORKBOOK_TEST_PREFIX}';`);
  });
});

describe('hiding the reporter lines from the Output pane', () => {
  it('stripTestRecords keeps the spec output only', () => {
    const shown = stripTestRecords(mixed);
    expect(shown).not.toContain(WORKBOOK_TEST_PREFIX);
    expect(shown).toContain('✖ quotes');
  });

  it('the streaming filter gives the same text however the output is cut', () => {
    const expected = stripTestRecords(mixed);
    for (const size of [3, 64, 4096]) {
      const filter = createTestRecordFilter();
      let shown = '';
      for (let i = 0; i < mixed.length; i += size) shown += filter.push(mixed.slice(i, i + size));
      shown += filter.flush();
      expect(shown).toBe(expected);
    }
  });

  it('passes a prompt without a newline at once', () => {
    const filter = createTestRecordFilter();
    expect(filter.push('name? ')).toBe('name? ');
    expect(filter.push('@@work')).toBe('');
    expect(filter.push('book-test@@ {"t":"end"}\nok\n')).toBe('ok\n');
  });
});
