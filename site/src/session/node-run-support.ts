/**
 * What a TypeScript Run or Check needs beyond the page: sucrase (type stripping), the Check's reporter
 * and its report reader (yaml for TAP). Loaded by lesson-session.ts on the first Run or Check, so the
 * lesson page's Run button does not wait for them.
 */
export { formatTranspileProblems, toRunnableFiles } from '../../../contracts/project-files.ts';
export { createTestRecordFilter, readTestReport, REPORTER_PATH } from '../../../contracts/node-test-report.ts';
export { default as reporterSource } from '../../../contracts/node-test-reporter.mjs?raw';
