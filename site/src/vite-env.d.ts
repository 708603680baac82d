/// <reference types="vite/client" />

declare module 'virtual:lessons' {
  import type { Lesson, LessonSummary } from '../../contracts/lesson-schema.ts';
  export const lessonSummaries: LessonSummary[];
  export function loadLesson(slug: string): Promise<Lesson | undefined>;
}

declare module 'virtual:editor-types' {
  /** The URL of a JSON array of { path, content }: the declaration files Monaco's TypeScript service reads. */
  const url: string;
  export default url;
}
