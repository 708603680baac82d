import { progressStore } from '../../app/runtime.ts';
import type { LessonProgress } from '../../session/persistence.ts';
import { useStore } from '../../shared/use-store.ts';

/** Every lesson's mark, updated the moment it changes (a pass, a first edit, a Reset). */
export function useProgress(): Record<string, LessonProgress> {
  return useStore(progressStore);
}

export const PROGRESS_LABEL: Record<LessonProgress | 'new', string> = {
  new: 'not started',
  started: 'in progress',
  completed: 'passed',
  'completed-with-solution': 'passed with the solution shown',
};
