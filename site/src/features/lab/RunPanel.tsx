import type { Lab, LabState } from './model/lab-store.ts';
import { configFor, type MenuWorkload } from './model/run-plan.ts';
import { IO_LIMITS } from './model/settings.ts';
import { WorkloadPicker } from './WorkloadPicker.tsx';

interface Props {
  lab: Lab;
  state: LabState;
  menus: MenuWorkload[];
  running: boolean;
}


/** Where, how long, how big, and which workloads: then Run. */
export function RunPanel({ lab, state, menus, running }: Props) {
  const { settings, runner } = state;
  const selected = menus.filter((m) => settings.workloads.includes(m.key));
  const approaches = selected.flatMap((m) => m.approaches.filter((a) => a.available && !settings.excluded.includes(a.key)));
  const config = configFor(settings.profile);
  // Uncontrolled inputs: a half-typed number is left alone; only valid values reach the settings.
  const setIo = (field: keyof typeof settings.io, value: number) => Number.isFinite(value) && lab.updateSettings({ io: { ...settings.io, [field]: value } });

  return (
    <aside className="lab-controls" aria-labelledby="lab-controls-title">
      <h2 id="lab-controls-title" className="lab-controls-title">Run settings</h2>
      <div className="lab-run-row">
        <button type="button" className="primary lab-run" onClick={() => void lab.run()} disabled={running || approaches.length === 0}>
          Run benchmarks
        </button>
        <span className="lab-hint">
          {approaches.length} approach{approaches.length === 1 ? '' : 'es'} in {selected.length} workload{selected.length === 1 ? '' : 's'},{' '}
          {config.timeMs} ms each plus set-up
        </span>
      </div>
      <fieldset className="lab-fieldset" disabled={running}>
        <legend>Where it runs</legend>
        <label className="lab-choice">
          <input type="radio" name="where" checked={settings.where === 'main'} onChange={() => lab.updateSettings({ where: 'main' })} />
          <span>
            <strong>Main thread</strong> — the page’s own thread. The page freezes while a kernel is timed; the event-loop workloads
            measure the thread that paints this page.
          </span>
        </label>
        <label className="lab-choice">
          <input type="radio" name="where" checked={settings.where === 'worker'} onChange={() => lab.updateSettings({ where: 'worker' })} />
          <span>
            <strong>Web Worker</strong> — the engine runs in a worker and the page stays responsive. “Main thread” approaches then
            mean the worker’s own thread.
          </span>
        </label>
        <label className={runner?.available ? 'lab-choice' : 'lab-choice lab-choice-disabled'}>
          <input
            type="radio"
            name="where"
            checked={settings.where === 'runner'}
            disabled={!runner?.available}
            aria-describedby="runner-note"
            onChange={() => lab.updateSettings({ where: 'runner' })}
          />
          {runner?.available ? (
            <span>
              <strong>Local runner (Node)</strong> — the local runner (<code>npm start</code>) runs the suites in Node on this machine:
              real HTTP requests to a local server, and native Rust built with cargo. <span id="runner-note">{runner.note} Your edited
              kernels run only in the page.</span>
            </span>
          ) : (
            <span>
              <strong>Local runner (Node)</strong> — not available here. <span id="runner-note">
                {runner ? runner.reason : 'Asking the local runner…'} Or run <code>npm run bench -- --json report.json</code> in a terminal
                and import the file below.
              </span>
            </span>
          )}
        </label>
      </fieldset>

      <fieldset className="lab-fieldset" disabled={running}>
        <legend>Time budget per approach</legend>
        <label className="lab-choice">
          <input type="radio" name="profile" checked={settings.profile === 'quick'} onChange={() => lab.updateSettings({ profile: 'quick' })} />
          <span><strong>Quick</strong> — 80 ms (+20 ms warm-up); numbers are rougher.</span>
        </label>
        <label className="lab-choice">
          <input type="radio" name="profile" checked={settings.profile === 'default'} onChange={() => lab.updateSettings({ profile: 'default' })} />
          <span><strong>Standard</strong> — 1 s (+200 ms warm-up), as <code>npm run bench</code>.</span>
        </label>
      </fieldset>

      <fieldset className="lab-fieldset" disabled={running}>
        <legend>Runs</legend>
        <label className="lab-choice">
          <input type="radio" name="repeat" checked={settings.repeat === 1} onChange={() => lab.updateSettings({ repeat: 1 })} />
          <span><strong>Once</strong></span>
        </label>
        <label className="lab-choice">
          <input type="radio" name="repeat" checked={settings.repeat === 3} onChange={() => lab.updateSettings({ repeat: 3 })} />
          <span><strong>Three times</strong> — each ratio becomes the median of three runs, with its spread; a spread above 10% is flagged, as <code>npm run bench -- --repeat 3</code> does.</span>
        </label>
      </fieldset>

      <WorkloadPicker lab={lab} settings={settings} menus={menus} disabled={running} />

      <fieldset className="lab-fieldset lab-sizes" disabled={running}>
        <legend>Sizes</legend>
        <p className="lab-hint">I/O workload: N requests of a given latency, k at a time in the pool.</p>
        <label>N requests <input type="number" min={IO_LIMITS.requests[0]} max={IO_LIMITS.requests[1]} defaultValue={settings.io.requests} onChange={(e) => setIo('requests', e.target.valueAsNumber)} /></label>
        <label>latency ms <input type="number" min={IO_LIMITS.latencyMs[0]} max={IO_LIMITS.latencyMs[1]} defaultValue={settings.io.latencyMs} onChange={(e) => setIo('latencyMs', e.target.valueAsNumber)} /></label>
        <label>pool k <input type="number" min={IO_LIMITS.poolSize[0]} max={IO_LIMITS.poolSize[1]} defaultValue={settings.io.poolSize} onChange={(e) => setIo('poolSize', e.target.valueAsNumber)} /></label>
        <label className="lab-size-select">
          Your kernels
          <select value={settings.kernelSize} onChange={(e) => lab.updateSettings({ kernelSize: e.target.value as typeof settings.kernelSize })}>
            <option value="small">small</option>
            <option value="medium">medium</option>
            <option value="large">large (suite size)</option>
          </select>
        </label>
        <p className="lab-hint">The other workloads have the engine’s fixed sizes, given in their descriptions.</p>
      </fieldset>

    </aside>
  );
}
