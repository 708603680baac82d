import { useMemo } from 'react';
import { lineColumn } from '../model/compile-assemblyscript.ts';
import { KERNEL_SIZES } from '../model/edited-kernels.ts';
import type { KernelLab, KernelLabState } from '../model/kernel-store.ts';
import { ASSEMBLYSCRIPT } from './assemblyscript-language.ts';
import { KernelChecks } from './KernelChecks.tsx';
import { KernelEditor, type EditorMarker } from './KernelEditor.tsx';

/** The two Monaco editors with their checks (loaded lazily: Monaco is large). */
export default function KernelEditors({ kernels, state }: { kernels: KernelLab; state: KernelLabState }) {
  const { report, checked } = state;
  const jsStale = state.status === 'checking' || checked?.js !== state.js || checked?.size !== state.size;
  const asStale = state.status === 'checking' || checked?.as !== state.as || checked?.size !== state.size;
  const diagnostics = useMemo(() => report?.as.diagnostics ?? [], [report]);
  const markers = useMemo(
    () => diagnostics.flatMap((d): EditorMarker[] => (d.start === null ? [] : [{ start: d.start, end: d.end ?? d.start, message: d.message, severity: d.severity }])),
    [diagnostics],
  );
  return (
    <div className="lab-kernel-editors">
      <div className="lab-kernel-pane">
        <div className="pane-header">
          <h3>JavaScript <code>kernels.js</code></h3>
          <button type="button" onClick={() => kernels.reset('js')}>Reset</button>
        </div>
        <KernelEditor uri="file:///lab/kernels.js" language="javascript" value={state.js} ariaLabel="JavaScript kernels editor" onChange={(t) => kernels.edit('js', t)} />
        <KernelChecks side={report?.js} label="JavaScript" stale={jsStale} stopped={state.status === 'timeout'} />
      </div>
      <div className="lab-kernel-pane">
        <div className="pane-header">
          <h3>AssemblyScript <code>index.ts</code></h3>
          <button type="button" onClick={() => kernels.reset('as')}>Reset</button>
        </div>
        <KernelEditor uri="file:///lab/assembly/index.ts" language={ASSEMBLYSCRIPT} value={state.as} ariaLabel="AssemblyScript kernels editor" markers={markers} onChange={(t) => kernels.edit('as', t)} />
        {diagnostics.length > 0 && (
          <ul className="lab-diagnostics" aria-label="AssemblyScript compiler messages">
            {diagnostics.map((d, i) => {
              const at = d.start === null ? '' : (({ line, column }) => `line ${line}:${column} `)(lineColumn(checked?.as ?? state.as, d.start));
              return <li key={i} className={d.severity === 'error' ? 'lab-check-bad' : undefined}>{at}AS{d.code}: {d.message}</li>;
            })}
          </ul>
        )}
        <KernelChecks side={report?.as} label="AssemblyScript" stale={asStale} stopped={state.status === 'timeout'} />
        {report?.as.compileMs !== undefined && !report.as.error && <p className="lab-hint">Compiled in the page in {Math.round(report.as.compileMs)} ms ({report.as.wasm?.length ?? 0} bytes).</p>}
      </div>
      <p className="lab-hint lab-kernel-size">Checked at size: {KERNEL_SIZES[state.size].label}.</p>
    </div>
  );
}
