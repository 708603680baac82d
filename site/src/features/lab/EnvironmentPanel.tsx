import type { Environment } from '../../../../labs/index.ts';
import { environmentNotes, formatMs } from './model/trust.ts';

/** The facts every figure depends on: runtime, cores, isolation and the clock's step. */
export function EnvironmentFacts({ environment, label }: { environment: Environment; label: string }) {
  const isolated = environment.crossOriginIsolated;
  return (
    <dl className="lab-env" aria-label={label}>
      <div><dt>Runtime</dt><dd>{environment.runtime === 'node' ? environment.userAgent : environment.runtimeVersion}</dd></div>
      <div><dt>Cores</dt><dd>{environment.cores}{environment.cpuModel ? ` (${environment.cpuModel})` : ''}</dd></div>
      <div>
        <dt>Cross-origin isolated</dt>
        <dd className={isolated === false ? 'lab-bad' : undefined}>{isolated === null ? 'n/a (Node)' : isolated ? 'yes' : 'no'}</dd>
      </div>
      <div><dt>SharedArrayBuffer</dt><dd>{environment.sharedArrayBuffer ? 'available' : 'not available'}</dd></div>
      <div>
        <dt>Timer resolution</dt>
        <dd className={environment.timerResolutionMs > 0.02 ? 'lab-bad' : undefined}>{formatMs(environment.timerResolutionMs)}</dd>
      </div>
      {environment.loadAverage && <div><dt>Load</dt><dd>{environment.loadAverage.map((l) => l.toFixed(1)).join(' / ')}</dd></div>}
    </dl>
  );
}

export function EnvironmentNotes({ environment, aborted }: { environment: Environment; aborted?: boolean }) {
  const notes = environmentNotes(environment, aborted);
  if (notes.length === 0) return null;
  return (
    <ul className="lab-env-notes">
      {notes.map((n) => (
        <li key={n.text} className={n.tone === 'warn' ? 'lab-notice lab-notice-warn' : 'lab-notice'}>{n.text}</li>
      ))}
    </ul>
  );
}

/** This page, now (each run records its own copy). */
export function EnvironmentPanel({ environment }: { environment: Environment | null }) {
  if (!environment) return <p className="muted">Measuring this page’s clock…</p>;
  return (
    <section className="lab-page-env" aria-label="This page">
      <EnvironmentFacts environment={environment} label="This browser" />
      <EnvironmentNotes environment={environment} />
      <p className="lab-hint lab-ua">{environment.userAgent}</p>
    </section>
  );
}
