import type { LessonSource } from '../contracts/lesson-loader.ts';
import { formatTranspileProblems, toRunnableFiles } from '../contracts/project-files.ts';
import type { ProjectFiles, RunExit, ScriptName } from '../contracts/project.ts';
import { startProjectRun } from './project-run.ts';

import { lessonTimeoutSeconds } from '../contracts/timeouts.ts';

export { DEFAULT_TIMEOUTS, lessonTimeoutSeconds } from '../contracts/timeouts.ts';
export const OUTPUT_LIMIT_BYTES = 1024 * 1024;

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
