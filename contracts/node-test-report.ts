import { parseTestReport, type TestFailure, type TestReport } from './test-report.ts';

/**
 * Reads what contracts/node-test-reporter.mjs writes (one prefixed JSON object per line, next to the
 * human-readable spec output) into the TestReport the Check result shows: counts, and for each failing
 * test its name, the assertion's message, short expected/actual values and where it failed in the
 * learner's files (the .ts path: sucrase keeps line numbers, so the .js line is the .ts line).
 * Output without any such line (an older runner, a lesson still on TAP) is read as TAP.
 */

/** Must match WORKBOOK_TEST_PREFIX in node-test-reporter.mjs. */
export const WORKBOOK_TEST_PREFIX = '@@workbook-test@@ ';
/** Where both runtimes put the reporter in the project; the lessons' `check` script names it. */
export const REPORTER_PATH = '_workbook/reporter.mjs';
export const CHECK_COMMAND = `node --test --test-reporter=spec --test-reporter-destination=stdout --test-reporter=./${REPORTER_PATH} --test-reporter-destination=stdout`;

export interface ReportOptions {
  /** The learner's project paths as written (src/users.ts): a failure in src/users.js is shown there. */
  sources?: Iterable<string>;
}

interface ErrorRecord {
  message?: string;
  name?: string;
  code?: string;
  stack?: string;
  expected?: string;
  actual?: string;
  operator?: string;
  failureType?: string;
  cause?: ErrorRecord;
}

type TestRecord = {
  t: 'test';
  status: 'pass' | 'fail' | 'skip' | 'todo';
  name: string;
  path?: string[];
  nesting?: number;
  suite?: boolean;
  file?: string;
  line?: number;
  column?: number;
  failureType?: string;
  error?: ErrorRecord;
};
type RecordLine =
  | TestRecord
  | { t: 'stderr'; file?: string; text: string }
  | { t: 'diagnostic'; message: string; nesting?: number }
  | { t: 'summary'; counts: Record<string, number> }
  | { t: 'end' };

export function hasTestRecords(output: string): boolean {
  return output.includes(WORKBOOK_TEST_PREFIX);
}

/** The structured report when the output has the reporter's lines, else the TAP reading. */
export function readTestReport(output: string, options: ReportOptions = {}): TestReport {
  return hasTestRecords(output) ? parseNodeTestReport(output, options) : parseTestReport(output);
}

function records(output: string): RecordLine[] {
  const out: RecordLine[] = [];
  for (const line of output.replace(/\r\n/g, '\n').split('\n')) {
    const at = line.indexOf(WORKBOOK_TEST_PREFIX);
    if (at < 0) continue;
    try {
      const parsed: unknown = JSON.parse(line.slice(at + WORKBOOK_TEST_PREFIX.length));
      if (parsed && typeof parsed === 'object' && typeof (parsed as { t?: unknown }).t === 'string') out.push(parsed as RecordLine);
    } catch {
      // A line cut by an output limit or a kill: the rest of the report still counts.
    }
  }
  return out;
}

export function parseNodeTestReport(output: string, options: ReportOptions = {}): TestReport {
  const lines = records(output);
  const sources = new Set(options.sources ?? []);
  const roots = projectRoots(lines, sources);
  const stderr = new Map<string, string>();
  const diagnostics = new Map<string, number>();
  let summary: Record<string, number> | undefined;
  let complete = false;
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures: TestFailure[] = [];

  for (const r of lines) {
    if (r.t === 'stderr') stderr.set(r.file ?? '', (stderr.get(r.file ?? '') ?? '') + r.text);
    else if (r.t === 'diagnostic' && !r.nesting) {
      const m = /^(tests|pass|fail|cancelled|skipped|todo) (\d+)$/.exec(r.message);
      if (m) diagnostics.set(m[1]!, Number(m[2]));
    } else if (r.t === 'summary') summary = r.counts;
    else if (r.t === 'end') complete = true;
    else if (r.t === 'test') {
      if (r.status === 'skip' || r.status === 'todo') {
        if (!r.suite) skipped++;
        continue;
      }
      if (r.status === 'pass') {
        if (!r.suite) passed++;
        continue;
      }
      // A suite fails when a child does; the child is the one to show.
      if (r.failureType === 'subtestsFailed') continue;
      if (!r.suite) failed++;
      failures.push(describeFailure(r, stderr.get(r.file ?? '') ?? '', roots, sources));
    }
  }

  if (complete && summary) {
    return {
      passed: summary.passed ?? passed,
      failed: (summary.failed ?? failed) + (summary.cancelled ?? 0),
      skipped: (summary.skipped ?? 0) + (summary.todo ?? 0),
      failures,
      complete,
    };
  }
  if (complete && diagnostics.has('tests')) {
    return {
      passed: diagnostics.get('pass') ?? 0,
      failed: (diagnostics.get('fail') ?? 0) + (diagnostics.get('cancelled') ?? 0),
      skipped: (diagnostics.get('skipped') ?? 0) + (diagnostics.get('todo') ?? 0),
      failures,
      complete,
    };
  }
  return { passed, failed, skipped, failures, complete };
}

/** Longer than this, a message is cut: a 2 MiB string in a diff tells the learner nothing. */
const MAX_MESSAGE = 2000;
/** expected/actual are shown on their own lines only when this short. */
const MAX_VALUE = 120;

function clip(message: string): string {
  return message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE)}… (${message.length - MAX_MESSAGE} more characters)`;
}

function describeFailure(r: TestRecord, stderr: string, roots: string[], sources: Set<string>): TestFailure {
  const rel = (text: string) => relativize(text, roots);
  const name = [...(r.path ?? []), r.name].map((n) => sourcePath(shortenName(rel(n)), sources)).join(' › ');
  const cause = r.error?.cause ?? r.error;
  const failureType = r.failureType ?? r.error?.failureType;
  let message = (cause?.message ?? r.error?.message ?? 'failed').replace(/\s+$/, '');
  if (cause?.name && !/^(AssertionError|Error)$/.test(cause.name) && cause.code !== 'ERR_TEST_FAILURE') message = `${cause.name}: ${message}`;
  let location = stackLocation(cause?.stack, roots, sources);

  if (failureType === 'cancelledByParent') message = 'cancelled: the test did not finish (did it wait on something that never happened?)';
  else if (failureType === 'testTimeoutFailure') message = `${message}: did it wait on something that never happened?`;
  else if (message === 'test failed' && stderr) {
    // A test file that crashed while loading: Node says only "test failed"; why is on its stderr.
    const crash = crashReason(stderr, roots, sources);
    message = crash.message || message;
    location = crash.location ?? location;
  }
  location ??= r.file && r.line ? `${sourcePath(rel(r.file), sources)}:${r.line}:${r.column ?? 1}` : undefined;

  const failure: TestFailure = { name, message: clip(rel(message)) };
  if (location) failure.location = location;
  const { expected, actual } = cause ?? {};
  if (expected !== undefined && actual !== undefined && expected.length <= MAX_VALUE && actual.length <= MAX_VALUE) {
    failure.expected = expected;
    failure.actual = actual;
  }
  return failure;
}

/** The first line of the stack inside the learner's project (not node_modules, not node:internal). */
function stackLocation(stack: string | undefined, roots: string[], sources: Set<string>): string | undefined {
  if (!stack) return undefined;
  for (const m of stack.matchAll(/(?:file:\/\/)?(\/[^\s():]+):(\d+):(\d+)/g)) {
    const rel = relativize(m[1]!, roots);
    if (rel === m[1] || rel.startsWith('node_modules/') || rel.startsWith('_workbook/')) continue;
    return `${sourcePath(rel, sources)}:${m[2]}:${m[3]}`;
  }
  return undefined;
}

function crashReason(stderr: string, roots: string[], sources: Set<string>): { message: string; location?: string } {
  const lines = stderr.split('\n');
  const error = lines.find((l) => /^[A-Za-z]*Error\b.*:/.test(l) || /^[A-Za-z]*Error$/.test(l));
  const location = stackLocation(stderr, roots, sources);
  if (error) return { message: error.trim(), ...(location ? { location } : {}) };
  const relevant = lines.filter((l) => l.trim() && !/^\s+at /.test(l) && !/^Node\.js v/.test(l) && !/^\s*\^+\s*$/.test(l));
  return { message: relevant.join('\n').trim(), ...(location ? { location } : {}) };
}

/**
 * The run directory's absolute path (…/project/), found from the reporter's file names and the
 * learner's paths; without sources, whatever comes before test/ or src/.
 */
function projectRoots(lines: RecordLine[], sources: Set<string>): string[] {
  const roots = new Set<string>();
  const runnable = [...sources].map((s) => s.replace(/\.ts$/, '.js'));
  for (const r of lines) {
    const file = (r.t === 'test' || r.t === 'stderr') && r.file ? r.file.replace(/^file:\/\//, '') : undefined;
    if (!file) continue;
    const known = runnable.find((p) => file.endsWith(`/${p}`));
    if (known) roots.add(file.slice(0, file.length - known.length));
    else {
      const m = /^(.*?[/\\])(?:test|tests|src)[/\\]/.exec(file);
      if (m) roots.add(m[1]!);
    }
  }
  return [...roots].sort((a, b) => b.length - a.length);
}

function relativize(text: string, roots: string[]): string {
  let out = text;
  for (const root of roots) out = out.split(`file://${root}`).join('').split(root).join('');
  return out;
}

/** src/users.js is the learner's src/users.ts when the project has that file. */
function sourcePath(rel: string, sources: Set<string>): string {
  if (sources.has(rel)) return rel;
  const ts = rel.replace(/\.js$/, '.ts');
  return sources.has(ts) ? ts : rel;
}

/** Node names a crashed file by its path; shown as test/x.test.ts (the learner's name for it). */
function shortenName(name: string): string {
  const m = /^(?:[A-Za-z]:)?[/\\].*?[/\\]((?:test|src)[/\\].*)$/.exec(name);
  return m ? m[1]!.replace(/\\/g, '/') : name;
}

/** The output without the reporter's lines: what the Output pane shows. */
export function stripTestRecords(output: string): string {
  if (!hasTestRecords(output)) return output;
  return output
    .split('\n')
    .filter((l) => !l.includes(WORKBOOK_TEST_PREFIX))
    .join('\n');
}

/**
 * The same for output arriving in chunks: a line that may be one of the reporter's is held back until
 * it ends; everything else passes at once, so a program's prompt without a newline still shows.
 */
export function createTestRecordFilter(): { push(chunk: string): string; flush(): string } {
  let held = '';
  const mayBeRecord = (partial: string) => {
    const start = partial.replace(/^[\s\S]*\n/, '');
    return WORKBOOK_TEST_PREFIX.startsWith(start) || start.startsWith(WORKBOOK_TEST_PREFIX);
  };
  return {
    push(chunk) {
      const text = held + chunk;
      held = '';
      const lastBreak = text.lastIndexOf('\n');
      const complete = text.slice(0, lastBreak + 1);
      const rest = text.slice(lastBreak + 1);
      let shown = complete
        .split('\n')
        .filter((l) => !l.startsWith(WORKBOOK_TEST_PREFIX))
        .join('\n');
      if (rest && mayBeRecord(rest)) held = rest;
      else shown += rest;
      return shown;
    },
    flush() {
      const rest = held;
      held = '';
      return rest.startsWith(WORKBOOK_TEST_PREFIX) ? '' : rest;
    },
  };
}
