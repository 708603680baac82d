import type { LessonSource } from '../site/build/lesson-loader.ts';
import { formatTranspileProblems, toRunnableFiles } from '../site/src/runtime/project-files.ts';
import type { ProjectFiles, RunExit, ScriptName } from '../site/src/runtime/types.ts';
import { startProjectRun } from './project-run.ts';

/**
 * Wall-clock limits in seconds when a lesson's frontmatter (`exercise.timeouts`) sets none: a check
 * is a short test run; a run that only prints is short too; a run that serves the Preview stays up
 * while the learner tries it. 15 s rather than 10 s for a check: the slowest lesson checks take
 * 7-9 s on a loaded 2-core CI machine (npm run verify:lessons prints the times).
 */
export const DEFAULT_TIMEOUTS = { check: 15, run: 30, serve: 120 } as const;
export const OUTPUT_LIMIT_BYTES = 1024 * 1024;

export function lessonTimeoutSeconds(lesson: Pick<LessonSource, 'meta'>, script: ScriptName): number {
  const own = lesson.meta.exercise.timeouts[script];
  if (own !== undefined) return own;
  if (script === 'check') return DEFAULT_TIMEOUTS.check;
  return lesson.meta.exercise.preview ? DEFAULT_TIMEOUTS.serve : DEFAULT_TIMEOUTS.run;
}

/**
 * Runs a lesson script to completion (or until `until` appears in the output, then stops it) and
 * returns everything it printed. For tools and tests; the runner's API streams instead.
 */
export async function runLessonScript(
  lesson: Pick<LessonSource, 'scripts' | 'meta'>,
  sourceFiles: ProjectFiles,
  script: ScriptName,
  options: { nodeModulesDir: string; until?: string; env?: Record<string, string> },
): Promise<{ output: string; exit: RunExit }> {
  const { files, problems } = toRunnableFiles(sourceFiles);
  if (problems.length) return { output: formatTranspileProblems(problems), exit: { code: 1, signal: null, reason: 'error' } };
  let output = '';
  const run = await startProjectRun({
    files,
    command: lesson.scripts[script],
    timeoutMs: lessonTimeoutSeconds(lesson, script) * 1000,
    outputLimitBytes: OUTPUT_LIMIT_BYTES,
    nodeModulesDir: options.nodeModulesDir,
    env: { PORT: '0', ...options.env },
    onOutput(chunk) {
      output += chunk;
      if (options.until && output.includes(options.until)) run.stop();
    },
  });
  const exit = await run.exit;
  return { output, exit };
}
