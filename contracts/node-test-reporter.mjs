// A reporter for Node's test runner (`node --test --test-reporter=./_workbook/reporter.mjs`) that
// writes one JSON object per line, each prefixed with WORKBOOK_TEST_PREFIX so that it cannot be taken
// for the program's own output. contracts/node-test-report.ts reads these lines into the Check result.
// Plain JavaScript with no imports: both runtimes copy it into the project as it is, without a build.
//
// Records: {t:'test', status:'pass'|'fail'|'skip'|'todo', name, path, nesting, suite, file, line,
// column, failureType, error: {message, code, expected, actual, operator, stack, cause}},
// {t:'stderr', file, text}, {t:'diagnostic', message, nesting}, {t:'summary', counts},
// and {t:'end'} when the run finished (it is missing when the run was killed).

export const WORKBOOK_TEST_PREFIX = '@@workbook-test@@ ';

// Longer strings are cut: a 2 MiB actual value tells the learner nothing and would flood the page.
const MAX_TEXT = 4000;
const MAX_STREAM = 8000;

function clip(value) {
  if (typeof value !== 'string') return value;
  return value.length <= MAX_TEXT ? value : `${value.slice(0, MAX_TEXT)}… (${value.length - MAX_TEXT} more characters)`;
}

function show(value) {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return clip(JSON.stringify(value));
  try {
    const text = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
    return clip(text === undefined ? String(value) : text);
  } catch {
    return clip(String(value));
  }
}

function describeError(error, depth = 0) {
  if (error === null || error === undefined) return undefined;
  if (typeof error !== 'object') return { message: clip(String(error)) };
  const out = {
    message: clip(typeof error.message === 'string' ? error.message : String(error)),
    ...(typeof error.name === 'string' ? { name: error.name } : {}),
    ...(error.code !== undefined ? { code: String(error.code) } : {}),
    ...(typeof error.stack === 'string' ? { stack: clip(error.stack) } : {}),
  };
  if ('expected' in error || 'actual' in error) {
    out.expected = show(error.expected);
    out.actual = show(error.actual);
    if (typeof error.operator === 'string') out.operator = error.operator;
  }
  if (error.failureType) out.failureType = String(error.failureType);
  if (depth < 3 && error.cause !== undefined && error.cause !== error) out.cause = describeError(error.cause, depth + 1);
  return out;
}

function line(record) {
  return `${WORKBOOK_TEST_PREFIX}${JSON.stringify(record)}\n`;
}

export default async function* workbookReporter(source) {
  // The names of the tests being run, by nesting level, per file: a failing test is named with its suites.
  const stacks = new Map();
  const streamed = new Map();
  let summary;
  for await (const event of source) {
    const data = event.data ?? {};
    const key = data.file ?? '';
    switch (event.type) {
      case 'test:start': {
        const stack = stacks.get(key) ?? [];
        stack.length = data.nesting;
        stack[data.nesting] = data.name;
        stacks.set(key, stack);
        break;
      }
      case 'test:pass':
      case 'test:fail': {
        const stack = stacks.get(key) ?? [];
        const details = data.details ?? {};
        const status = data.skip !== undefined && data.skip !== false ? 'skip' : data.todo !== undefined && data.todo !== false ? 'todo' : event.type === 'test:pass' ? 'pass' : 'fail';
        const record = {
          t: 'test',
          status,
          name: data.name,
          path: stack.slice(0, data.nesting),
          nesting: data.nesting,
          suite: details.type === 'suite',
          ...(data.file ? { file: data.file } : {}),
          ...(data.line ? { line: data.line, column: data.column } : {}),
        };
        if (event.type === 'test:fail') {
          const error = details.error;
          record.failureType = error?.failureType;
          record.error = describeError(error);
        }
        yield line(record);
        break;
      }
      case 'test:stderr': {
        // A test file that crashes while loading says why on its stderr; keep a little of each file's.
        const used = streamed.get(key) ?? 0;
        const text = String(data.message ?? '');
        if (used >= MAX_STREAM) break;
        streamed.set(key, used + text.length);
        yield line({ t: 'stderr', file: data.file, text: text.slice(0, MAX_STREAM - used) });
        break;
      }
      case 'test:diagnostic':
        yield line({ t: 'diagnostic', message: clip(String(data.message)), nesting: data.nesting ?? 0, ...(data.file ? { file: data.file } : {}) });
        break;
      case 'test:summary':
        // Node 22 and later: one per file and one for the whole run (without a file).
        if (!data.file) summary = data.counts;
        break;
      default:
        break;
    }
  }
  if (summary) yield line({ t: 'summary', counts: summary });
  yield line({ t: 'end' });
}
