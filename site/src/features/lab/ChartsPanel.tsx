import { useMemo, useState } from 'react';
import { summarize, type BenchResult } from '../../../../labs/index.ts';
import { LatencyChart } from './charts/LatencyChart.tsx';
import { SpeedupChart } from './charts/SpeedupChart.tsx';
import { TimeChart } from './charts/TimeChart.tsx';
import { chartableWorkloads, distributionSeries, speedupSeries, timeBars } from './model/chart-data.ts';
import { baselineOf } from './model/ratios.ts';
import { workloadTitle, type MenuWorkload } from './model/run-plan.ts';

interface Props {
  results: BenchResult[];
  cores: number;
  menus: MenuWorkload[];
  baselines: Record<string, string>;
}

/** The three charts, each with what it shows and how to read it. */
export function ChartsPanel({ results, cores, menus, baselines }: Props) {
  const workloads = useMemo(() => chartableWorkloads(results), [results]);
  const loops = useMemo(() => workloads.filter((w) => distributionSeries(results, w).length > 0), [results, workloads]);
  const [picked, setPicked] = useState<string>('');
  const [pickedLoop, setPickedLoop] = useState<string>('');
  const workload = workloads.includes(picked) ? picked : (workloads.find((w) => !loops.includes(w)) ?? workloads[0]);
  const loop = loops.includes(pickedLoop) ? pickedLoop : loops[0];
  const bars = useMemo(() => (workload ? timeBars(results, workload, baselineOf(results, workload, baselines[workload])?.label) : []), [results, workload, baselines]);
  const speedups = useMemo(() => speedupSeries(summarize(results, cores).amdahl).filter((s) => s.measured.length > 1), [results, cores]);
  const distribution = useMemo(() => (loop ? distributionSeries(results, loop) : []), [results, loop]);
  if (!workload) return null;
  const title = (w: string) => workloadTitle(menus, w);

  return (
    <div className="lab-charts">
      <figure className="lab-figure">
        <figcaption>
          <label>
            <strong>Time per approach</strong> for{' '}
            <select aria-label="Workload to chart" value={workload} onChange={(e) => setPicked(e.target.value)}>
              {workloads.map((w) => <option key={w} value={w}>{title(w)}</option>)}
            </select>
          </label>
          <span className="lab-hint">
            Bar: mean time of one sample. Whiskers: its 95% confidence interval — if two whiskers overlap, the difference may be noise.
            Grey is the baseline; yellow marks a figure flagged as not to be trusted.
          </span>
        </figcaption>
        <TimeChart bars={bars} title={title(workload)} />
      </figure>

      {speedups.length > 0 && (
        <figure className="lab-figure">
          <figcaption>
            <span><strong>Speedup with more workers</strong> (CPU-bound prime counting)</span>
            <span className="lab-hint">
              Amdahl’s law: if a fraction s of the work is serial, n workers give at most 1 / (s + (1 − s)/n). The dashed curve is that law
              fitted to the points with n ≤ {cores} (this machine’s cores); past the core count, workers only take turns. The dotted line is
              the ideal n× nobody reaches: splitting the input, posting messages and adding the counts are the serial part.
            </span>
          </figcaption>
          <SpeedupChart series={speedups} cores={cores} />
        </figure>
      )}

      {loop && (
        <figure className="lab-figure">
          <figcaption>
            <label>
              <strong>Latency distribution</strong> for{' '}
              <select aria-label="Event-loop workload to chart" value={loop} onChange={(e) => setPickedLoop(e.target.value)}>
                {loops.map((w) => <option key={w} value={w}>{title(w)}</option>)}
              </select>
            </label>
            <span className="lab-hint">
              Each curve: the share of requests (up) answered within a time (right). When CPU work runs in slices on the same thread,
              every timer and response waits for the slice to end: the curve moves right, and its top — the p99 — is what users feel.
              The same work in a worker leaves the curve where “idle” is. (Browsers clamp timers set from timer callbacks to at least
              4 ms, so even idle 1 ms ticks take about 4 ms here; Node does not.)
            </span>
          </figcaption>
          <LatencyChart series={distribution} />
        </figure>
      )}
    </div>
  );
}
