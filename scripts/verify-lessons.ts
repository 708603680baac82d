/**
 * `npm run verify:lessons`: proves every lesson's exercise bites. For each lesson, through the same
 * code the local runner uses (runner/project-run.ts, types stripped as in the page):
 *   - the starter's check fails, the solution's check passes, the kept wrong answer's check fails;
 *   - the solution's run script prints the lesson's `exercise.runOutput`;
 *   - the starter and the solution type-check with the editor's options.
 * Prints one line per lesson and a closing "N passed, N failed".
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLessonSources, type LessonSource } from '../contracts/lesson-loader.ts';
import { runLessonScript } from '../runner/lesson-script.ts';
import { typecheckLessons } from './lib/typecheck-lessons.ts';
import { readFileSync } from 'node:fs';
import { formatCounts } from '../contracts/test-report.ts';
import { readTestReport, REPORTER_PATH } from '../contracts/node-test-report.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The page adds the workbook's test reporter to every project it runs; so does this check.
const reporter = { [REPORTER_PATH]: readFileSync(path.join(root, 'contracts', 'node-test-reporter.mjs'), 'utf8') };
const only = process.argv.slice(2).filter((a, i, all) => !a.startsWith("-") && all[i - 1] !== "--dir");

/** How long the solution's Check took, per lesson: what a learner waits for after pressing Check. */
const checkSeconds = new Map<string, number>();
// The issue's target for the slowest lesson on a 2-core machine; printed, not asserted (timings flake).
const CHECK_TARGET_SECONDS = 3;

async function verifyLesson(lesson: LessonSource): Promise<string[]> {
  const problems: string[] = [];
  const variants = [
    { name: 'starter', files: lesson.starter, shouldPass: false },
    { name: 'solution', files: { ...lesson.starter, ...lesson.solution }, shouldPass: true },
    { name: 'wrong', files: { ...lesson.starter, ...lesson.wrong }, shouldPass: false },
  ];
  if (Object.keys(lesson.wrong).length === 0) problems.push('no wrong/ answer kept with the tests');
  for (const v of variants) {
    if (v.name === 'wrong' && Object.keys(lesson.wrong).length === 0) continue;
    const checkStarted = performance.now();
    const { output, exit } = await runLessonScript(lesson, { ...v.files, ...reporter }, 'check', { nodeModulesDir: path.join(root, 'node_modules') });
    if (v.name === 'solution') checkSeconds.set(lesson.id, (performance.now() - checkStarted) / 1000);
    const report = readTestReport(output, { sources: Object.keys(v.files) });
    const passed = report.complete && report.failed === 0 && report.passed > 0 && exit.code === 0;
    if (passed !== v.shouldPass) {
      const detail = report.failures.slice(0, 3).map((f) => `      ✖ ${f.name}: ${f.message.split('\n')[0]}`).join('\n');
      problems.push(
        `${v.name} should ${v.shouldPass ? 'pass' : 'fail'} its check but got ${formatCounts(report)} (exit ${exit.code ?? exit.signal}${exit.reason ? `, ${exit.reason}` : ''})${detail ? `\n${detail}` : ''}${!report.complete ? `\n${indent(output.slice(-1500))}` : ''}`,
      );
    } else if (!v.shouldPass && report.failed === 0) {
      problems.push(`${v.name}'s check failed without a failing test (exit ${exit.code}); it must fail on an assertion`);
    }
  }
  const run = await runLessonScript(lesson, { ...lesson.starter, ...lesson.solution }, 'run', {
    nodeModulesDir: path.join(root, 'node_modules'),
    until: lesson.meta.exercise.runOutput,
  });
  if (!run.output.includes(lesson.meta.exercise.runOutput)) {
    problems.push(`solution's run did not print "${lesson.meta.exercise.runOutput}":\n${indent(run.output.slice(-800))}`);
  }
  return problems;
}

function indent(text: string) {
  return text.split('\n').map((l) => `      | ${l}`).join('\n');
}

const dirArg = process.argv.indexOf("--dir");
const lessonsDir = dirArg > 0 ? path.resolve(process.argv[dirArg + 1] ?? "") : path.join(root, "lessons");
const lessons = loadLessonSources(lessonsDir).filter((l) => only.length === 0 || only.some((o) => l.id.includes(o)));
// The editor's own type checking must show no errors on the starter or the solution.
const typeErrors = await typecheckLessons(lessons, root);
let passed = 0;
let failed = 0;
const unattributed = typeErrors.get('(tsc)');
if (unattributed) {
  failed++;
  console.log(`FAIL type check could not run:\n${unattributed.join('\n')}`);
}
for (const lesson of lessons) {
  const started = performance.now();
  const problems = await verifyLesson(lesson);
  const types = typeErrors.get(lesson.id);
  if (types) problems.push(`type errors (the editor would show them):\n${types.map((t) => `      ${t}`).join('\n')}`);
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  const check = checkSeconds.get(lesson.id);
  const timing = `${secs}s in all${check === undefined ? '' : `, the solution's Check ${check.toFixed(1)}s`}`;
  if (problems.length === 0) {
    passed++;
    console.log(`PASS ${lesson.id} (${timing})`);
  } else {
    failed++;
    console.log(`FAIL ${lesson.id} (${timing})\n${problems.map((p) => `    - ${p}`).join('\n')}`);
  }
}
const slowest = [...checkSeconds].sort((a, b) => b[1] - a[1])[0];
if (slowest) {
  const verdict = slowest[1] <= CHECK_TARGET_SECONDS ? 'within' : 'over';
  console.log(`Slowest Check: ${slowest[0]} ${slowest[1].toFixed(1)}s (${verdict} the ${CHECK_TARGET_SECONDS}s target; timings vary with the machine's load)`);
}
console.log(formatCounts({ passed, failed }));
process.exit(failed > 0 ? 1 : 0);
