/// <reference types="vite/client" />

declare module 'virtual:lessons' {
  import type { Lesson, LessonSummary } from '../../contracts/lesson-schema.ts';
  export const lessonSummaries: LessonSummary[];
  export function loadLesson(slug: string): Promise<Lesson | undefined>;
}

declare module 'virtual:editor-types' {
  const files: { path: string; content: string }[];
  export default files;
}
