import type { BenchResult, Environment } from '../../../../labs/index.ts';
import { ChartsPanel } from './ChartsPanel.tsx';
import { EnvironmentFacts, EnvironmentNotes } from './EnvironmentPanel.tsx';
import { Explainer } from './Explainer.tsx';
import { ExportButtons } from './ExportButtons.tsx';
import { WHERE_LABEL, type Lab } from './model/lab-store.ts';
import type { LabReport } from './model/report-schema.ts';
import type { MenuWorkload } from './model/run-plan.ts';
import { ResultsTable } from './ResultsTable.tsx';

export interface ShownRun {
  name: string;
  environment: Environment;
  results: BenchResult[];
  aborted: boolean;
  /** The finished report (absent while a run is in progress). */
  report?: LabReport;
}

interface Props {
  lab: Lab;
  shown: ShownRun;
  menus: MenuWorkload[];
  baselines: Record<string, string>;
}

/** The shown run: where and how it was made, what not to trust, the table, the charts and how to read them. */
export function ResultsView({ lab, shown, menus, baselines }: Props) {
  const { environment, results, report } = shown;
  const where = report?.lab?.where;
  return (
    <>
      <div className="lab-run-head">
        <h2>
          {shown.name}
          <span className="lab-hint">
            {' '}{new Date(environment.date).toLocaleString()}{where ? ` · ${WHERE_LABEL[where]}` : ''}
            {report ? ` · ${report.config.timeMs} ms per approach` : ''}
          </span>
        </h2>
        {report && <ExportButtons report={report} />}
      </div>
      <EnvironmentFacts environment={environment} label="Environment of this run" />
      <EnvironmentNotes environment={environment} aborted={shown.aborted} />
      {results.length > 0 ? (
        <>
          <ResultsTable results={results} menus={menus} baselines={baselines} onBaseline={lab.setBaseline} />
          <ChartsPanel results={results} cores={environment.cores} menus={menus} baselines={baselines} />
          <Explainer />
        </>
      ) : (
        <p className="lab-empty">Waiting for the first result…</p>
      )}
    </>
  );
}
