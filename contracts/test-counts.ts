import type { TestReport } from './test-report.ts';

/** "3 passed, 1 failed": apart from test-report.ts so the lesson page can say it without loading yaml. */
export function formatCounts(report: Pick<TestReport, 'passed' | 'failed'>): string {
  return `${report.passed} passed, ${report.failed} failed`;
}
