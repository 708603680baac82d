import { useMemo } from 'react';
import { useStore } from '../../shared/use-store.ts';
import { ComparePanel } from './ComparePanel.tsx';
import { EnvironmentPanel } from './EnvironmentPanel.tsx';
import { Explainer } from './Explainer.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { KernelSection } from './KernelSection.tsx';
import { describeMenus } from './model/run-plan.ts';
import { ResultsView, type ShownRun } from './ResultsView.tsx';
import { RunPanel } from './RunPanel.tsx';
import { RunStatusBar } from './RunStatusBar.tsx';
import { useLabModel } from './use-lab.ts';

/**
 * The benchmark lab: pick workloads and where they run, run them with the engine in labs/, read the
 * results (table, charts, what to trust), keep runs in history, compare two, export and import them.
 */
export default function LabPage() {
  const { lab, kernels } = useLabModel();
  const state = useStore(lab.store);
  const { io, kernelSize, profile, where } = state.settings;
  // The menus say what can run where the run will happen: this browser, or Node on the runner's machine.
  const capabilities = where === 'runner' && state.runner?.available ? state.runner.capabilities : state.capabilities;
  const menus = useMemo(() => describeMenus(io, kernelSize, profile, capabilities), [io, kernelSize, profile, capabilities]);
  const running = state.run.state === 'running' || state.run.state === 'cancelling';
  const entry = state.history.find((h) => h.id === state.shownId);
  const shown: ShownRun | undefined = running
    ? state.live.environment && { name: 'Run in progress', environment: state.live.environment, results: state.live.results, aborted: false }
    : entry && { name: entry.name, environment: entry.report.environment, results: entry.report.results, aborted: entry.report.aborted, report: entry.report };

  return (
    <main className="lab">
      <header className="lab-intro">
        <h1>Benchmark lab</h1>
        <p>
          Time the same work done different ways on this machine, in this browser or in Node through the local runner: sequential vs
          concurrent I/O, CPU work on the main thread vs workers, JS vs WebAssembly vs native Rust. Every approach’s answer is checked against the JS reference before it is timed; a
          wrong answer is shown as an error, never as a number.
        </p>
      </header>
      <EnvironmentPanel environment={state.pageEnvironment} />
      <div className="lab-grid">
        <RunPanel lab={lab} state={state} menus={menus} running={running} />
        <section className="lab-results" aria-label="Results">
          <RunStatusBar run={state.run} onCancel={lab.cancel} />
          {shown ? (
            <ResultsView lab={lab} shown={shown} menus={menus} baselines={state.baselines} />
          ) : (
            <>
              <ol className="lab-empty lab-steps">
                <li>Pick workloads and approaches on the left (a few are enough to start), and where they run.</li>
                <li>Press <strong>Run benchmarks</strong>. With the quick budget a workload takes a second or two.</li>
                <li>Read the table and charts here: each time comes with its margin of error and a warning when it should not be trusted.</li>
              </ol>
              <Explainer />
            </>
          )}
        </section>
      </div>
      <KernelSection lab={lab} kernels={kernels} state={state} />
      <HistoryPanel lab={lab} state={state} />
      <ComparePanel lab={lab} state={state} menus={menus} />
    </main>
  );
}
