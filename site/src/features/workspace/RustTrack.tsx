import { formatDiagnostic } from '../../../../contracts/cargo-report.ts';
import { InlineCode } from '../../shared/InlineCode.tsx';
import type { RustAvailability } from '../../runtime/rust-availability.ts';
import { playgroundLink } from '../../runtime/rust-playground.ts';
import type { BuildProgress, CargoDiagnostic, ProjectFiles } from '../../runtime/types.ts';

/** The compiler's problems for the whole crate, one item per diagnostic; a click opens the place. */
export function ProblemsList({ diagnostics, known, onOpen, state }: { diagnostics: CargoDiagnostic[]; known: ProjectFiles; onOpen(d: CargoDiagnostic): void; state: 'checking' | 'checked' | 'unknown' }) {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  return (
    <section className="problems" aria-labelledby="problems-heading">
      <h2 id="problems-heading">
        Problems{' '}
        <span className="problems-counts muted">
          {diagnostics.length > 0
            ? `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${state === 'checking' ? ' · checking again…' : ''}`
            : state === 'checking'
              ? 'cargo check is running…'
              : state === 'checked'
                ? 'none: the crate compiles without warnings'
                : 'cargo check runs a moment after you stop typing'}
        </span>
      </h2>
      <ul className="problems-list" aria-label="Problems">
        {diagnostics.map((d, i) => (
          <li key={`${i}:${d.file}:${d.line}:${d.column}`} className={`problem problem-${d.severity}`}>
            <button
              type="button"
              className="problem-button"
              onClick={() => onOpen(d)}
              disabled={known[d.file] === undefined}
              title={known[d.file] === undefined ? `${d.file} is not a file of this exercise` : `Open ${d.file} at line ${d.line}`}
            >
              {formatDiagnostic(d)}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** cargo compiling the lesson's dependencies for the first time: which crate, and how far. */
export function BuildProgressBar({ progress }: { progress: BuildProgress }) {
  const { compiled, total, crate } = progress;
  const percent = total ? Math.min(100, Math.round((compiled / total) * 100)) : null;
  return (
    <div className="build-progress">
      <div
        className="build-progress-track"
        role="progressbar"
        aria-label="Building dependencies"
        aria-valuemin={0}
        {...(total ? { 'aria-valuemax': total, 'aria-valuenow': Math.min(compiled, total) } : {})}
        aria-valuetext={total ? `${compiled} of ${total} crates, compiling ${crate}` : `${compiled} crates, compiling ${crate}`}
      >
        <div className={percent === null ? 'build-progress-fill indeterminate' : 'build-progress-fill'} style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
      <p className="build-progress-text">
        Building dependencies (first use of this lesson): compiling <code>{crate}</code>
        {total ? ` — ${compiled} of ${total}` : ` — ${compiled} done`}
      </p>
    </div>
  );
}

/** Where the Rust track builds, when that needs saying: no cargo here, or the Playground's consent. */
export function RustToolchainNotice({ availability, files, onConsent }: { availability: RustAvailability; files: ProjectFiles; onConsent(value: boolean): void }) {
  if (availability.state === 'missing') {
    return (
      <div className="runtime-notice rust-notice" role="note" aria-label="Rust toolchain">
        <strong>Rust is not installed where the local runner runs, so Run and Check are off for this track.</strong> <InlineCode text={availability.reason} />
        <span className="remedy">
          <InlineCode text={availability.install} />
        </span>
        <span className="remedy">
          Meanwhile you can try your code on the{' '}
          <a href={playgroundLink(files)} target="_blank" rel="noreferrer">
            Rust Playground ↗
          </a>{' '}
          (opens play.rust-lang.org with your src/lib.rs and src/main.rs in one file; the tests stay here).
        </span>
      </div>
    );
  }
  if (availability.state === 'playground') {
    return (
      <div className={`runtime-notice rust-notice${availability.consented ? ' rust-notice-ok' : ''}`} role="note" aria-label="Rust toolchain">
        <p className="rust-notice-text">
          {availability.consented
            ? 'Run and Check send this crate to the public Rust Playground (play.rust-lang.org), a third-party service, and show what it answers.'
            : 'This hosted workbook has no Rust compiler. Run and Check can use the public Rust Playground (play.rust-lang.org) instead: your code is then sent to that third-party service.'}
        </p>
        <label className="consent">
          <input type="checkbox" checked={availability.consented} onChange={(e) => onConsent(e.target.checked)} /> Send my Rust code to play.rust-lang.org (a third party) to run and check it
        </label>
        <span className="remedy muted">For the compiler’s problems while you type, run the workbook on your machine with Rust installed (npm start).</span>
      </div>
    );
  }
  if (availability.state === 'pending') {
    return <p className="rust-toolchain muted">Finding out where this crate can be built…</p>;
  }
  if (availability.state === 'local') {
    return <p className="rust-toolchain muted" title={availability.versions}>cargo on this machine: {availability.versions}</p>;
  }
  return null;
}
