import type { BenchResult } from '../../../../labs/index.ts';
import { baselineOf, formatRatio, metricOf, ratioTo } from './model/ratios.ts';
import { workloadTitle, type MenuWorkload } from './model/run-plan.ts';
import { flagText, formatMs } from './model/trust.ts';

interface Props {
  results: BenchResult[];
  menus: MenuWorkload[];
  baselines: Record<string, string>;
  onBaseline(workload: string, label: string): void;
}

function byWorkload(results: BenchResult[]): Array<[string, BenchResult[]]> {
  const groups = new Map<string, BenchResult[]>();
  for (const r of results) groups.set(r.workload, [...(groups.get(r.workload) ?? []), r]);
  return [...groups];
}

const ISOLATED_TEXT = 'Measured in a fresh worker of its own (a new JS isolate), terminated afterwards: no earlier approach could change its JIT state.';

/** Where a Wasm-suite result was measured: its own isolate, or the one the approaches shared (and why). */
function IsolationTag({ r }: { r: BenchResult }) {
  if (r.isolated === undefined) return null;
  return r.isolated ? (
    <span className="lab-base-tag" title={ISOLATED_TEXT}>isolated</span>
  ) : (
    <span className="lab-base-tag lab-bad" title={`Not isolated: ${r.isolationReason ?? 'the platform could not start a fresh isolate'}. It shared the engine’s isolate with the other approaches, where a wasm module growing its memory slows JS typed-array loops: read its JS/Wasm ratios as too favourable to Wasm.`}>
      not isolated
    </span>
  );
}

function Row({ r, baseline }: { r: BenchResult; baseline: BenchResult | undefined }) {
  const isBase = baseline === r;
  // Spreads over repeated runs (labs/engine/repeat.ts) are for the engine's baseline only.
  const engineBaseline = baseline?.baseline === true;
  if (!r.ok) {
    return (
      <tr className={r.skipped ? 'lab-row-skipped' : 'lab-row-error'}>
        <th scope="row">{r.label}</th>
        <td colSpan={8}>{r.skipped ? `Skipped: ${r.error}` : <><span aria-hidden="true">✖ </span>Error, not timed: {r.error}</>}</td>
      </tr>
    );
  }
  const l = r.latency!;
  const rme = Number.isFinite(l.rme) ? `±${l.rme.toFixed(1)}%` : '—';
  return (
    <tr className={r.flags.length > 0 ? 'lab-row-flagged' : undefined}>
      <th scope="row">
        {r.label}
        {isBase && <span className="lab-base-tag">baseline</span>}
        <IsolationTag r={r} />
      </th>
      <td className={r.compareBy === 'mean' ? 'num lab-metric' : 'num'}>{formatMs(l.mean)}</td>
      <td className={r.compareBy === 'p10' ? 'num lab-metric' : 'num'}>{l.p10 === undefined ? '—' : formatMs(l.p10)}</td>
      <td className={r.compareBy === 'p50' ? 'num lab-metric' : 'num'}>{formatMs(l.p50)}</td>
      <td className={r.compareBy === 'p99' ? 'num lab-metric' : 'num'}>{formatMs(l.p99)}</td>
      <td className={r.flags.includes('high-rme') ? 'num lab-bad' : 'num'}>{rme}</td>
      <td className="num">{r.samples.toLocaleString('en')}</td>
      <td className={r.flags.includes('unstable-ratio') && engineBaseline ? 'num lab-bad' : 'num'}>
        {isBase ? '1.00×' : engineBaseline && r.ratioRuns ? formatRatio(r.ratioRuns.median) : formatRatio(ratioTo(baseline, r))}
        {!isBase && engineBaseline && r.ratioRuns && (
          <span className="lab-hint" title={`ratio in each run: ${r.ratioRuns.runs.map((x) => formatRatio(x)).join(', ')}; spread = (max − min) / median`}>
            {' '}median of {r.ratioRuns.runs.length}, spread {(r.ratioRuns.spread * 100).toFixed(0)}%
          </span>
        )}
      </td>
      <td>
        {r.flags.map((f) => (
          <span key={f} className="lab-flag" title={flagText(f).explain}>
            {flagText(f).short}
          </span>
        ))}
      </td>
    </tr>
  );
}

const COMPARE_TEXT: Record<BenchResult['compareBy'], string> = {
  mean: 'mean',
  p10: '10th percentile (what the kernel costs when nothing else slows it; medians jump with the share of time a shared machine runs slow)',
  p50: 'median (robust to the moments another program had the CPU)',
  p99: 'p99 (the tail is what users feel)',
};

/** One row per approach, grouped by workload; ratios against the baseline the learner picks per workload. */
export function ResultsTable({ results, menus, baselines, onBaseline }: Props) {
  const flags = [...new Set(results.flatMap((r) => r.flags))];
  return (
    <>
      <div className="lab-table-wrap">
        <table className="lab-table">
          <caption>Benchmark results</caption>
          <thead>
            <tr>
              <th scope="col">Approach</th>
              <th scope="col">Mean</th>
              <th scope="col" title="10th percentile: the Wasm kernels' ratios use it">p10</th>
              <th scope="col">p50</th>
              <th scope="col">p99</th>
              <th scope="col" title="95% margin of error of the mean, relative">± 95%</th>
              <th scope="col">Samples</th>
              <th scope="col">vs baseline</th>
              <th scope="col">Trust</th>
            </tr>
          </thead>
          {byWorkload(results).map(([workload, rows]) => {
            const baseline = baselineOf(rows, workload, baselines[workload]);
            const candidates = rows.filter((r) => metricOf(r) !== null);
            const unit = rows[0]?.unit === 'request' ? 'per request' : 'per iteration';
            return (
              <tbody key={workload}>
                <tr className="lab-workload-row">
                  <th scope="colgroup" colSpan={9}>
                    <span className="lab-workload-title">{workloadTitle(menus, workload)}</span>
                    <span className="lab-hint">
                      {' '}time {unit}; ratios by {COMPARE_TEXT[rows[0]?.compareBy ?? 'mean']}
                    </span>
                    {rows.some((r) => r.isolated === false) ? (
                      <span className="lab-hint" title="These approaches ran one after another in one JS isolate, so an earlier approach may have changed a later one's JIT state. The CLI (npm run bench) isolates them.">
                        {' '}· not isolated: {rows.find((r) => r.isolated === false)?.isolationReason ?? 'the approaches shared one JS engine instance'}
                      </span>
                    ) : rows.some((r) => r.isolated === true) ? (
                      <span className="lab-hint" title={ISOLATED_TEXT}>{' '}· each approach in a fresh worker</span>
                    ) : null}
                    {candidates.length > 1 && (
                      <label className="lab-baseline">
                        baseline{' '}
                        <select aria-label={`Baseline for ${workload}`} value={baseline?.label ?? ''} onChange={(e) => onBaseline(workload, e.target.value)}>
                          {candidates.map((r) => <option key={r.label} value={r.label}>{r.label}</option>)}
                        </select>
                      </label>
                    )}
                  </th>
                </tr>
                {rows.map((r) => <Row key={r.label} r={r} baseline={baseline} />)}
              </tbody>
            );
          })}
        </table>
      </div>
      {flags.length > 0 && (
        <dl className="lab-flag-legend" aria-label="Why some figures are not to be trusted">
          {flags.map((f) => (
            <div key={f}>
              <dt><span className="lab-flag">{flagText(f).short}</span></dt>
              <dd>{flagText(f).explain}</dd>
            </div>
          ))}
        </dl>
      )}
    </>
  );
}
