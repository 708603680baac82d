import { KERNEL_TITLES } from '../model/edited-kernels.ts';
import type { SideReport } from '../model/kernel-check.ts';

/** One side's verdicts: each kernel matches the reference, or why not. */
export function KernelChecks({ side, label, stale, stopped }: { side: SideReport | undefined; label: string; stale: boolean; stopped: boolean }) {
  if (!side) return <p className="lab-hint" role="status" aria-label={`${label} check`}>Checking…</p>;
  return (
    <div className={stale ? 'lab-checks stale' : 'lab-checks'} role="status" aria-label={`${label} check`}>
      {side.error ? (
        <p className="lab-check-bad"><span aria-hidden="true">✖ </span>{side.error}</p>
      ) : (
        <ul>
          {side.verdicts.map((v) => (
            <li key={v.kernel} className={v.ok ? 'lab-check-ok' : 'lab-check-bad'}>
              <span aria-hidden="true">{v.ok ? '✓ ' : '✖ '}</span>
              <strong>{KERNEL_TITLES[v.kernel]}</strong>: {v.message}
            </li>
          ))}
        </ul>
      )}
      {stale && (
        <p className="lab-hint">
          {stopped ? 'Your latest edit is not checked: the check was stopped (see above). These results are from an earlier version.' : 'Checking your latest edit…'}
        </p>
      )}
    </div>
  );
}
