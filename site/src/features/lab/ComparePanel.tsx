import { EnvironmentFacts } from './EnvironmentPanel.tsx';
import type { Lab, LabState } from './model/lab-store.ts';
import { compareRuns, formatRatio } from './model/ratios.ts';
import { workloadTitle, type MenuWorkload } from './model/run-plan.ts';
import { formatMs } from './model/trust.ts';
import type { BenchResult } from '../../../../labs/index.ts';

const figure = (r: BenchResult | undefined) => {
  if (!r) return <span className="muted">not run</span>;
  if (!r.ok) return <span className={r.skipped ? 'muted' : 'lab-bad'}>{r.skipped ? 'skipped' : 'error'}</span>;
  const m = r.latency![r.compareBy];
  return <>{formatMs(m)}{r.flags.length > 0 && <span className="lab-flag" title={r.flags.join(', ')}>!</span>}</>;
};

/** Two runs side by side, matched by workload and approach: what changed between them. */
export function ComparePanel({ lab, state, menus }: { lab: Lab; state: LabState; menus: MenuWorkload[] }) {
  const a = state.history.find((h) => h.id === state.compare.a);
  const b = state.history.find((h) => h.id === state.compare.b);
  return (
    <section className="lab-section" aria-labelledby="lab-compare-title">
      <h2 id="lab-compare-title">Compare two runs</h2>
      <div className="lab-compare-pick">
        {(['a', 'b'] as const).map((side) => (
          <label key={side}>
            Run {side.toUpperCase()}{' '}
            <select aria-label={`Run ${side.toUpperCase()}`} value={state.compare[side] ?? ''} onChange={(e) => lab.setCompare(side, e.target.value || null)}>
              <option value="">—</option>
              {state.history.map((h) => <option key={h.id} value={h.id}>{h.name} · {new Date(h.report.environment.date).toLocaleString()}</option>)}
            </select>
          </label>
        ))}
      </div>
      {!a || !b ? (
        <p className="muted">Pick two runs (A and B) in the history or above: for example the same workloads on the main thread and in a worker, or this browser against an imported Node report.</p>
      ) : (
        <>
          <div className="lab-compare-envs">
            <EnvironmentFacts environment={a.report.environment} label="Environment of run A" />
            <EnvironmentFacts environment={b.report.environment} label="Environment of run B" />
          </div>
          <table className="lab-table" aria-label="Run comparison">
            <thead>
              <tr>
                <th scope="col">Workload</th>
                <th scope="col">Approach</th>
                <th scope="col">A: {a.name}</th>
                <th scope="col">B: {b.name}</th>
                <th scope="col">B against A</th>
              </tr>
            </thead>
            <tbody>
              {compareRuns(a.report.results, b.report.results).map((row) => (
                <tr key={row.key}>
                  <td>{workloadTitle(menus, row.workload)}</td>
                  <th scope="row">{row.label}</th>
                  <td className="num">{figure(row.a)}</td>
                  <td className="num">{figure(row.b)}</td>
                  <td className="num">{formatRatio(row.change)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="lab-hint">Figures are means (p99 for the event-loop workloads). A “!” marks a flagged figure in either run; differences within the margin of error are noise.</p>
        </>
      )}
    </section>
  );
}
