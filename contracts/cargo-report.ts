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

/** What one line of cargo's stdout was, for a reader that acts on each line as it arrives. */
export type CargoLine =
  | { kind: 'text'; line: string }
  /** A compiler message. `diagnostic`: new for this stream and of the learner's own package (else null); `rendered`: rustc's text, null when already shown. */
  | { kind: 'message'; diagnostic: CargoDiagnostic | null; rendered: string | null }
  /** A unit cargo compiled (or found fresh). */
  | { kind: 'artifact'; packageId: string; name: string; fresh: boolean }
  | { kind: 'build-finished'; success: boolean }
  | { kind: 'test' }
  | { kind: 'other' };

/**
 * The incremental form of parseCargoStream: `line()` for every line, `result()` at any time. With
 * `ownPackage` (a test on cargo's package_id), diagnostics of other packages (dependencies, whose
 * lints cargo caps anyway) are left out; `crateRoot` is cut from absolute span paths.
 */
export class CargoStreamParser {
  private readonly diagnostics: CargoDiagnostic[] = [];
  private readonly seen = new Set<string>();
  private readonly shown = new Set<string>();
  private readonly artifacts: string[] = [];
  private readonly failures: TestFailure[] = [];
  private readonly textLines: string[] = [];
  private buildSucceeded: boolean | null = null;
  private suites = 0;
  private suitesDone = 0;
  private passed = 0;
  private failed = 0;
  private skipped = 0;
  /** Started and not yet finished: when the stream ends so, these were running when the binary died or was stopped. */
  private readonly running = new Set<string>();

  constructor(private readonly options: { ownPackage?: (packageId: string) => boolean; crateRoot?: string; keepText?: boolean } = {}) {}

  line(raw: string): CargoLine {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const event = parseObject(line);
    if (!event) return this.text(line);
    if (typeof event.reason === 'string') {
      if (event.reason === 'compiler-message') {
        const message = event.message as RustcDiagnostic | undefined;
        const own = typeof event.package_id !== 'string' || !this.options.ownPackage || this.options.ownPackage(event.package_id);
        let d = own ? toDiagnostic(message) : null;
        if (d && this.options.crateRoot && d.file.startsWith(`${this.options.crateRoot}/`)) d = { ...d, file: d.file.slice(this.options.crateRoot.length + 1) };
        // The same file compiled for two targets (lib and its tests) reports the same problem twice.
        const key = d && `${d.severity}:${d.file}:${d.line}:${d.column}:${d.message}`;
        let fresh: CargoDiagnostic | null = null;
        if (d && key && !this.seen.has(key)) {
          this.seen.add(key);
          this.diagnostics.push(d);
          fresh = d;
        }
        const rendered = message?.rendered ?? null;
        const show = rendered !== null && !this.shown.has(rendered) && (!d || fresh !== null);
        if (show) this.shown.add(rendered);
        return { kind: 'message', diagnostic: fresh, rendered: show ? rendered : null };
      }
      if (event.reason === 'compiler-artifact') {
        const target = event.target as { name?: unknown } | undefined;
        const name = typeof target?.name === 'string' ? target.name : '';
        if (name) this.artifacts.push(name);
        return { kind: 'artifact', packageId: typeof event.package_id === 'string' ? event.package_id : name, name, fresh: event.fresh === true };
      }
      if (event.reason === 'build-finished') {
        this.buildSucceeded = event.success === true;
        return { kind: 'build-finished', success: this.buildSucceeded };
      }
      return { kind: 'other' };
    }
    if (event.type === 'suite') {
      if (event.event === 'started') this.suites++;
      else if (event.event === 'ok' || event.event === 'failed') this.suitesDone++;
      return { kind: 'test' };
    }
    if (event.type === 'test' && typeof event.name === 'string') {
      if (event.event === 'started') this.running.add(event.name);
      else this.running.delete(event.name);
      if (event.event === 'ok') this.passed++;
      else if (event.event === 'ignored') this.skipped++;
      else if (event.event === 'failed' || event.event === 'timeout') {
        this.failed++;
        this.failures.push({ name: event.name, message: panicMessage(typeof event.stdout === 'string' ? event.stdout : '', event.name) });
      }
      return { kind: 'test' };
    }
    // A JSON line of some other shape: the program printed it (tracing's JSON logs, say).
    return this.text(line);
  }

  private text(line: string): CargoLine {
    if (this.options.keepText !== false) this.textLines.push(line);
    return { kind: 'text', line };
  }

  result(): CargoStream {
    const { passed, skipped } = this;
    const complete = this.suitesDone === this.suites;
    const unfinished: TestFailure[] = complete
      ? []
      : [...this.running].map((name) => ({ name, message: `${name} did not finish: it was running when the test binary crashed or was stopped (an endless loop, a time limit, memory)` }));
    const failures = [...this.failures, ...unfinished];
    const tests: TestReport | null = this.suites > 0 ? { passed, failed: this.failed + unfinished.length, skipped, failures, complete } : null;
    return { diagnostics: [...this.diagnostics], tests, buildSucceeded: this.buildSucceeded, artifacts: [...this.artifacts], text: this.textLines.join('\n') };
  }
}

export function parseCargoStream(stdout: string): CargoStream {
  const parser = new CargoStreamParser();
  for (const line of stdout.replace(/\r\n/g, '\n').split('\n')) parser.line(line);
  return parser.result();
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
