import type { LessonFrontmatter } from './lesson-schema.ts';
import type { ScriptName } from './project.ts';

/**
 * Wall-clock limits in seconds when a lesson's frontmatter (`exercise.timeouts`) sets none: a check
 * is a short test run; a run that only prints is short too; a run that serves the Preview stays up
 * while the learner tries it. 15 s rather than 10 s for a check: the slowest lesson checks take
 * 7-9 s on a loaded 2-core CI machine (npm run verify:lessons prints the times).
 * One definition for both runtimes: the local runner enforces it, the WebContainer adapter too.
 */
export const DEFAULT_TIMEOUTS = { check: 15, run: 30, serve: 120 } as const;

export function lessonTimeoutSeconds(lesson: { meta: Pick<LessonFrontmatter, 'exercise'> }, script: ScriptName): number {
  const own = lesson.meta.exercise.timeouts[script];
  if (own !== undefined) return own;
  if (script === 'check') return DEFAULT_TIMEOUTS.check;
  return lesson.meta.exercise.preview ? DEFAULT_TIMEOUTS.serve : DEFAULT_TIMEOUTS.run;
}
