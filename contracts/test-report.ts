import { parse as parseYaml } from 'yaml';

/**
 * The fallback reader, for runners and lessons from before contracts/node-test-reporter.mjs: reads the
 * TAP stream of `node --test --test-reporter=tap` into
 * what the Check result shows: counts and, for each failing test, its name and assertion message.
 */
export interface TestFailure {
  /** Suite names and the test name, joined with " › ". */
  name: string;
  message: string;
  /** Where it failed in the learner's project, "test/users.test.ts:12:5" (structured reports only). */
  location?: string;
  /** The assertion's values, as written by the reporter, when both are short. */
  expected?: string;
  actual?: string;
}

export interface TestReport {
  passed: number;
  failed: number;
  skipped: number;
  failures: TestFailure[];
  /** False when the stream ended without Node's closing summary (crash, timeout, Stop). */
  complete: boolean;
}

const TEST_LINE = /^( *)(not ok|ok) \d+ - (.*?)(?: # (SKIP|TODO)\b.*)?$/;
const SUBTEST = /^( *)# Subtest: (.*)$/;
const SUMMARY = /^# (tests|pass|fail|cancelled|skipped|todo) (\d+)$/;

export function parseTestReport(tap: string): TestReport {
  const lines = tap.replace(/\r\n/g, '\n').split('\n');
  const suites: string[] = [];
  const summary = new Map<string, number>();
  const failures: TestFailure[] = [];
  let diagnostics: string[] = [];
  let leafPassed = 0;
  let leafFailed = 0;
  let leafSkipped = 0;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const sub = SUBTEST.exec(line);
    if (sub) {
      const level = sub[1]!.length / 4;
      suites.length = level;
      suites[level] = sub[2]!;
      continue;
    }
    const sum = SUMMARY.exec(line);
    if (sum) {
      summary.set(sum[1]!, Number(sum[2]));
      continue;
    }
    const test = TEST_LINE.exec(line);
    if (!test) {
      const diag = /^ *# (.*)$/.exec(line);
      if (diag) diagnostics.push(diag[1]!);
      continue;
    }
    const indent = test[1]!.length;
    const { block, next } = readYamlBlock(lines, i + 1, indent + 2);
    i = next - 1;
    const isSuite = block.type === 'suite';
    const name = [...suites.slice(0, indent / 4), shortenPath(test[3]!)].join(' › ');
    if (test[4]) {
      if (!isSuite) leafSkipped++;
    } else if (test[2] === 'ok') {
      if (!isSuite) leafPassed++;
    } else if (!(isSuite && block.failureType === 'subtestsFailed')) {
      if (!isSuite) leafFailed++;
      failures.push({ name, message: failureMessage(block, diagnostics) });
    }
    diagnostics = [];
  }

  const complete = summary.has('tests');
  return {
    passed: complete ? (summary.get('pass') ?? 0) : leafPassed,
    failed: complete ? (summary.get('fail') ?? 0) + (summary.get('cancelled') ?? 0) : leafFailed,
    skipped: complete ? (summary.get('skipped') ?? 0) + (summary.get('todo') ?? 0) : leafSkipped,
    failures,
    complete,
  };
}

export { formatCounts } from './test-counts.ts';

function readYamlBlock(lines: string[], start: number, indent: number): { block: Record<string, unknown>; next: number } {
  const pad = ' '.repeat(indent);
  if (lines[start] !== `${pad}---`) return { block: {}, next: start };
  const body: string[] = [];
  let i = start + 1;
  for (; i < lines.length && lines[i] !== `${pad}...`; i++) body.push(lines[i]!.slice(indent));
  try {
    const parsed: unknown = parseYaml(body.join('\n'));
    return { block: parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : lenientBlock(body), next: i + 1 };
  } catch {
    return { block: lenientBlock(body), next: i + 1 };
  }
}

/**
 * Node's TAP reporter does not always write valid YAML: a message with both ' and " is quoted with
 * backticks, and a huge `actual`/`expected` is cut as 'ééé'... 290003 more characters. For such a
 * block, read only the few top-level keys the report needs (error, failureType, type), line by line,
 * so the learner sees the assertion message and never the raw block (duration_ms, location, stack).
 */
function lenientBlock(body: string[]): Record<string, unknown> {
  const block: Record<string, unknown> = {};
  for (let i = 0; i < body.length; i++) {
    const m = /^(error|failureType|type):(?: (.*))?$/.exec(body[i]!);
    if (!m) continue;
    const value = (m[2] ?? '').trim();
    if (/^[|>][-+]?$/.test(value)) {
      const text: string[] = [];
      for (i++; i < body.length && (body[i]!.startsWith('  ') || body[i]!.trim() === ''); i++) text.push(body[i]!.slice(2));
      i--;
      block[m[1]!] = value.startsWith('>') ? text.join(' ') : text.join('\n');
    } else {
      block[m[1]!] = unquote(value);
    }
  }
  return block;
}

function unquote(value: string): string {
  const q = value[0];
  if (value.length >= 2 && (q === '`' || q === "'" || q === '"') && value.endsWith(q)) {
    const inner = value.slice(1, -1);
    if (q === "'") return inner.replace(/''/g, "'");
    if (q === '"') {
      try {
        return JSON.parse(value) as string;
      } catch {
        return inner;
      }
    }
    return inner;
  }
  return value;
}

/** Longer than this, a message is cut: a 2 MiB string in a diff tells the learner nothing. */
const MAX_MESSAGE = 2000;

function clip(message: string): string {
  return message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE)}… (${message.length - MAX_MESSAGE} more characters)`;
}

function failureMessage(block: Record<string, unknown>, diagnostics: string[]): string {
  const error = typeof block.error === 'string' ? block.error.trim() : 'failed';
  // A test file that crashed while loading is reported as "test failed"; the reason is in the
  // diagnostics (its stderr) that Node printed just before it.
  if (error === 'test failed' && diagnostics.length) {
    const relevant = diagnostics.filter((d) => !/^\s+at /.test(d) && !/^Node\.js v/.test(d));
    return relevant.join('\n').trim() || error;
  }
  if (block.failureType === 'cancelledByParent') return 'cancelled: the test did not finish (did it wait on something that never happened?)';
  return clip(error);
}

/** Node names crashed files by absolute path; the learner knows them as test/x.test.js. */
function shortenPath(name: string): string {
  const m = /^(?:[A-Za-z]:)?[/\\].*?[/\\]((?:test|src)[/\\].*)$/.exec(name);
  return m ? m[1]!.replace(/\\/g, '/') : name;
}
