import type { Lab } from './model/lab-store.ts';
import type { MenuGroup, MenuWorkload } from './model/run-plan.ts';
import type { LabSettings } from './model/settings.ts';

const GROUPS: Array<{ group: MenuGroup; title: string }> = [
  { group: 'concurrency', title: 'Concurrency' },
  { group: 'wasm', title: 'WebAssembly' },
  { group: 'yours', title: 'Your kernels (edit them below)' },
];

interface Props {
  lab: Lab;
  settings: LabSettings;
  menus: MenuWorkload[];
  disabled: boolean;
}

/** Workloads by suite; a ticked workload shows its approaches, with the reason when one cannot run here. */
export function WorkloadPicker({ lab, settings, menus, disabled }: Props) {
  const setGroup = (group: MenuGroup, on: boolean) => {
    const keys = menus.filter((m) => m.group === group).map((m) => m.key);
    const rest = settings.workloads.filter((k) => !keys.includes(k));
    lab.updateSettings({ workloads: on ? [...rest, ...keys] : rest });
  };
  return (
    <fieldset className="lab-fieldset lab-workloads" disabled={disabled}>
      <legend>Workloads and approaches</legend>
      {GROUPS.map(({ group, title }) => (
        <div key={group} className="lab-group" role="group" aria-label={title}>
          <div className="lab-group-head">
            <h3>{title}</h3>
            <button type="button" className="link-button" onClick={() => setGroup(group, true)}>all</button>
            <button type="button" className="link-button" onClick={() => setGroup(group, false)}>none</button>
          </div>
          {menus.filter((m) => m.group === group).map((m) => {
            const on = settings.workloads.includes(m.key);
            const unavailable = m.approaches.filter((a) => !a.available);
            return (
              <div key={m.key} className={on ? 'lab-workload on' : 'lab-workload'}>
                <label className="lab-workload-name" title={m.description}>
                  <input type="checkbox" checked={on} onChange={(e) => lab.toggleWorkload(m.key, e.target.checked)} />
                  {m.title}
                </label>
                {on && (
                  <>
                    <p className="lab-hint">{m.description}</p>
                    <div className="lab-approaches" role="group" aria-label={`Approaches for ${m.title}`}>
                      {m.approaches.map((a) => (
                        <label key={a.key} className={a.available ? 'lab-chip' : 'lab-chip unavailable'} title={a.reason}>
                          <input
                            type="checkbox"
                            disabled={!a.available}
                            checked={a.available && !settings.excluded.includes(a.key)}
                            onChange={(e) => lab.toggleApproach(a.key, e.target.checked)}
                          />
                          {a.label}
                          {a.baseline && <span className="lab-base-tag">baseline</span>}
                        </label>
                      ))}
                    </div>
                    {unavailable.length > 0 && (
                      <p className="lab-hint lab-unavailable">
                        Not here: {[...new Set(unavailable.map((a) => a.reason))].join('; ')}.
                      </p>
                    )}
                  </>
                )}
              </div>
            );
          })}
        </div>
      ))}
    </fieldset>
  );
}
