import type { LessonProgress } from '../../session/persistence.ts';
import { rustStorageKey } from '../../session/rust-session.ts';

/** Pure: what a lesson's progress mark says, for one track or both (no React, no storage). */
export type MarkState = LessonProgress | 'new';

export const PROGRESS_LABEL: Record<MarkState, string> = {
  new: 'not started',
  started: 'in progress',
  completed: 'passed',
  'completed-with-solution': 'passed with the solution shown',
};

/** The Rust track's progress entry sits beside the lesson's own (the TypeScript track's) one. */
export const rustProgressKey = rustStorageKey;

const RANK: Record<MarkState, number> = { new: 0, started: 1, 'completed-with-solution': 2, completed: 3 };

export interface LessonMark {
  /** The mark's look: the further of the two tracks. */
  state: MarkState;
  /** "passed", or with a Rust entry "TypeScript: passed · Rust: in progress". */
  label: string;
}

export function lessonMark(progress: Record<string, LessonProgress | undefined>, lessonId: string): LessonMark {
  const ts: MarkState = progress[lessonId] ?? 'new';
  const rust = progress[rustProgressKey(lessonId)];
  if (!rust) return { state: ts, label: PROGRESS_LABEL[ts] };
  return {
    state: RANK[rust] > RANK[ts] ? rust : ts,
    label: `TypeScript: ${PROGRESS_LABEL[ts]} · Rust: ${PROGRESS_LABEL[rust]}`,
  };
}
