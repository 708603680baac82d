import { useEffect, useState } from 'react';
import { workbookStorage } from '../../app/runtime.ts';
import type { LessonProgress } from '../../session/persistence.ts';

export function useProgress(): Record<string, LessonProgress> {
  const [progress, setProgress] = useState<Record<string, LessonProgress>>({});
  useEffect(() => {
    let live = true;
    void workbookStorage.loadProgress().then((p) => live && setProgress(p));
    return () => {
      live = false;
    };
  }, []);
  return progress;
}

export const PROGRESS_LABEL: Record<LessonProgress | 'new', string> = {
  new: 'not started',
  started: 'in progress',
  completed: 'completed',
};
