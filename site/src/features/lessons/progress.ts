import { progressStore } from '../../app/runtime.ts';
import type { LessonProgress } from '../../session/persistence.ts';
import { useStore } from '../../shared/use-store.ts';

export { lessonMark, PROGRESS_LABEL, rustProgressKey, type LessonMark, type MarkState } from './progress-label.ts';

/** Every lesson's mark, updated the moment it changes (a pass, a first edit, a Reset). */
export function useProgress(): Record<string, LessonProgress> {
  return useStore(progressStore);
}
