/**
 * The test command StrykerJS runs once per mutant (scripts/mutation.ts): the lesson's Check, on the
 * files of the current directory (Stryker's sandbox copy of starter + solution with the mutants
 * instrumented in), through the same runLessonScript the runner and verify:lessons use. Stryker sets
 * __STRYKER_ACTIVE_MUTANT__ to pick the mutant; the run's sandbox starts with an empty environment,
 * so it is passed on explicitly. Exit 0: every test passed (the mutant survived); exit 1: killed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLessonSource } from '../../contracts/lesson-loader.ts';
import { readTestReport, REPORTER_PATH } from '../../contracts/node-test-report.ts';
import type { ProjectFiles } from '../../contracts/project.ts';
import { runLessonScript } from '../../runner/lesson-script.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const lessonId = process.argv[2];
if (!lessonId) {
  console.error('usage: mutation-check.ts <lesson-id> (run in the project directory)');
  process.exit(2);
}

function readProject(dir: string, prefix = ''): ProjectFiles {
  const files: ProjectFiles = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, readProject(path.join(dir, entry.name), rel));
    else if (/\.(ts|js|json|mjs|cjs)$/.test(entry.name)) files[rel] = readFileSync(path.join(dir, entry.name), 'utf8');
  }
  return files;
}

const lesson = loadLessonSource(path.join(root, 'lessons', lessonId));
const active = process.env.__STRYKER_ACTIVE_MUTANT__;
const project = readProject(process.cwd());
// The workbook's test reporter, which the lessons' check script names (the page adds it the same way).
project[REPORTER_PATH] = readFileSync(path.join(root, 'contracts', 'node-test-reporter.mjs'), 'utf8');
const { output, exit } = await runLessonScript(lesson, project, 'check', {
  nodeModulesDir: path.join(root, 'node_modules'),
  env: active ? { __STRYKER_ACTIVE_MUTANT__: active } : {},
});
const report = readTestReport(output, { sources: Object.keys(project) });
const passed = report.complete && report.failed === 0 && report.passed > 0 && exit.code === 0;
if (!passed && process.env.WORKBOOK_MUTATION_VERBOSE) process.stderr.write(output.slice(-2000));
process.exit(passed ? 0 : 1);
