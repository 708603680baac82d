import { lazy, Suspense, useState } from 'react';
import { useStore } from '../../shared/use-store.ts';
import { CHECK_TIMEOUT_MS, type KernelLab } from './model/kernel-store.ts';
import { KERNEL_IDS } from './model/edited-kernels.ts';
import type { Lab, LabState } from './model/lab-store.ts';

const KernelEditors = lazy(() => import('./kernels/KernelEditors.tsx'));

/** "Your kernels": edit the JS and AssemblyScript kernels; every edit is compiled and checked. */
export function KernelSection({ lab, kernels, state }: { lab: Lab; kernels: KernelLab; state: LabState }) {
  const k = useStore(kernels.store);
  const [open, setOpen] = useState(false);
  const keys = KERNEL_IDS.map((id) => `yours-${id}`);
  const included = keys.every((key) => state.settings.workloads.includes(key));
  const toggleIncluded = () =>
    lab.updateSettings({ workloads: included ? state.settings.workloads.filter((w) => !keys.includes(w)) : [...new Set([...state.settings.workloads, ...keys])] });

  return (
    <section className="lab-section" aria-labelledby="lab-kernels-title">
      <div className="lab-section-head">
        <h2 id="lab-kernels-title">Your kernels</h2>
        <button
          type="button"
          aria-expanded={open}
          onClick={() => {
            kernels.start();
            setOpen(!open);
          }}
        >
          {open ? 'Hide the editors' : 'Edit the kernels'}
        </button>
        <button type="button" onClick={toggleIncluded} disabled={state.run.state === 'running'}>
          {included ? 'Leave them out of the next run' : 'Include them in the next run'}
        </button>
      </div>
      <p className="lab-hint">
        The Leibniz series, the 3x3 blur and FNV-1a, as JavaScript and as AssemblyScript. After each edit the page compiles the
        AssemblyScript with asc (same flags as <code>npm run build:wasm</code>) and runs every kernel once against the JS reference. In a
        run they are timed as “your JS” and “your AssemblyScript” next to the reference and the shipped build; a kernel that gives a wrong
        answer shows an error instead of a time.
      </p>
      {k.status === 'timeout' && (
        <p className="lab-notice lab-notice-error" role="alert">
          The last check did not finish within {CHECK_TIMEOUT_MS / 1000} s — does a kernel loop forever? It was stopped; your kernels stay out
          of runs until an edit passes a check.
        </p>
      )}
      {open && (
        <Suspense fallback={<p className="muted">Loading the editor…</p>}>
          <KernelEditors kernels={kernels} state={k} />
        </Suspense>
      )}
    </section>
  );
}
