import type { TestFailure, TestReport } from './test-report.ts';

/**
 * Reads what the Rust track's cargo commands print on stdout, which is structured on both levels:
 *   - cargo's own messages (`--message-format=json-diagnostic-rendered-ansi`): one JSON object per
 *     line with a `reason`; `compiler-message` carries rustc's diagnostic with spans and an error code;
 *   - libtest's events (`-Z unstable-options --format json`, enabled on stable by RUSTC_BOOTSTRAP=1 in
 *     the test binary's environment): one JSON object per line with a `type` of "suite" or "test".
 * Anything else is the learner's program talking (cargo run) and stays text. No regex over free text:
 * a line is either one of these objects or it is output.
 */
export type DiagnosticSeverity = 'error' | 'warning' | 'note' | 'help';

export interface CargoDiagnostic {
  severity: DiagnosticSeverity;
  /** E0382, unused_variables, …; absent for messages without a code. */
  code?: string;
  message: string;
  /** Path relative to the crate root (src/lib.rs), 1-based line and column of the primary span. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** rustc's own rendering with ANSI colours, as a terminal would show it. */
  rendered: string;
}

export interface CargoStream {
  diagnostics: CargoDiagnostic[];
  /** Present once libtest reported at least one suite. */
  tests: TestReport | null;
  /** cargo's `build-finished` verdict; null when the stream ended before it. */
  buildSucceeded: boolean | null;
  /** Crates compiled so far (for a warm-up progress bar). */
  artifacts: string[];
  /** Lines that were neither cargo's nor libtest's: the program's own output. */
  text: string;
}

interface RustcSpan {
  file_name: string;
  line_start: number;
  line_end: number;
  column_start: number;
  column_end: number;
  is_primary: boolean;
}

interface RustcDiagnostic {
  level: string;
  message: string;
  code: { code: string } | null;
  spans: RustcSpan[];
  rendered: string | null;
}

const SEVERITIES = new Set<string>(['error', 'warning', 'note', 'help']);

export function parseCargoStream(stdout: string): CargoStream {
  const diagnostics: CargoDiagnostic[] = [];
  const seen = new Set<string>();
  const artifacts: string[] = [];
  const failures: TestFailure[] = [];
  const textLines: string[] = [];
  let buildSucceeded: boolean | null = null;
  let suites = 0;
  let suitesDone = 0;
  let passed = 0;
  let failed = 0;
  let skipped = 0;

  for (const line of stdout.replace(/\r\n/g, '\n').split('\n')) {
    const event = parseObject(line);
    if (!event) {
      textLines.push(line);
      continue;
    }
    if (typeof event.reason === 'string') {
      if (event.reason === 'compiler-message') {
        const d = toDiagnostic(event.message as RustcDiagnostic | undefined);
        // The same file compiled for two targets (lib and its tests) reports the same problem twice.
        const key = d && `${d.severity}:${d.file}:${d.line}:${d.column}:${d.message}`;
        if (d && key && !seen.has(key)) {
          seen.add(key);
          diagnostics.push(d);
        }
      } else if (event.reason === 'compiler-artifact') {
        const target = event.target as { name?: unknown } | undefined;
        if (typeof target?.name === 'string') artifacts.push(target.name);
      } else if (event.reason === 'build-finished') {
        buildSucceeded = event.success === true;
      }
      continue;
    }
    if (event.type === 'suite') {
      if (event.event === 'started') suites++;
      else if (event.event === 'ok' || event.event === 'failed') suitesDone++;
      continue;
    }
    if (event.type === 'test' && typeof event.name === 'string') {
      if (event.event === 'ok') passed++;
      else if (event.event === 'ignored') skipped++;
      else if (event.event === 'failed' || event.event === 'timeout') {
        failed++;
        failures.push({ name: event.name, message: panicMessage(typeof event.stdout === 'string' ? event.stdout : '', event.name) });
      }
      continue;
    }
    // A JSON line of some other shape: the program printed it (tracing's JSON logs, say).
    textLines.push(line);
  }

  const tests: TestReport | null = suites > 0 ? { passed, failed, skipped, failures, complete: suitesDone === suites } : null;
  return { diagnostics, tests, buildSucceeded, artifacts, text: textLines.join('\n') };
}

function parseObject(line: string): Record<string, unknown> | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function toDiagnostic(d: RustcDiagnostic | undefined): CargoDiagnostic | null {
  if (!d || !SEVERITIES.has(d.level)) return null; // "failure-note" and friends are not problems
  const span = d.spans.find((s) => s.is_primary) ?? d.spans[0];
  if (!span) return null; // e.g. "aborting due to previous error": no place to mark
  return {
    severity: d.level as DiagnosticSeverity,
    ...(d.code ? { code: d.code.code } : {}),
    message: d.message,
    file: span.file_name,
    line: span.line_start,
    column: span.column_start,
    endLine: span.line_end,
    endColumn: span.column_end,
    rendered: d.rendered ?? d.message,
  };
}

/**
 * libtest's captured output of a failed test holds the panic: "thread 'name' (pid) panicked at
 * tests/x.rs:2:23:\n<message>", possibly after the test's own prints and before a backtrace note.
 * The learner needs the message and where; the rest stays in the Output pane.
 */
export function panicMessage(captured: string, name: string): string {
  const lines = captured.replace(/\r\n/g, '\n').split('\n');
  const at = lines.findIndex((l) => /^thread '.*' (\(\d+\) )?panicked at /.test(l));
  if (at < 0) return captured.trim() || `${name} failed`;
  const where = /panicked at (.*?):?$/.exec(lines[at]!)?.[1] ?? '';
  const body: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (/^note: run with `RUST_BACKTRACE=1`|^stack backtrace:/.test(l)) break;
    body.push(l);
  }
  const message = body.join('\n').trim();
  return where ? `${message || 'panicked'}\n(at ${where})` : message;
}

/** "path:line:col: message" for a list item or a log line. */
export function formatDiagnostic(d: CargoDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}${d.code ? `[${d.code}]` : ''}: ${d.message}`;
}
