import { reportFileName, reportToCsv, reportToJson } from './model/report-file.ts';
import type { LabReport } from './model/report-schema.ts';

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves a run as the engine's JSON (re-importable here) or as CSV for a spreadsheet. */
export function ExportButtons({ report, subject }: { report: LabReport; subject?: string }) {
  const named = (what: string) => (subject ? { 'aria-label': `${what} of ${subject}` } : {});
  return (
    <span className="lab-export">
      <button type="button" {...named('Export JSON')} onClick={() => download(reportFileName(report, 'json'), reportToJson(report), 'application/json')}>
        {subject ? 'JSON' : 'Export JSON'}
      </button>
      <button type="button" {...named('Export CSV')} onClick={() => download(reportFileName(report, 'csv'), reportToCsv(report), 'text/csv')}>
        {subject ? 'CSV' : 'Export CSV'}
      </button>
    </span>
  );
}
