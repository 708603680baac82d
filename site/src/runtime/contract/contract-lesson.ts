import type { LessonSource } from '../../../../contracts/lesson-loader.ts';
import { CONTRACT_LESSON_ID, contractProject } from './contract-project.ts';

/** The contract project as a lesson the local runner knows (it only runs scripts of known lessons). */
export const contractLesson: LessonSource = {
  id: CONTRACT_LESSON_ID,
  slug: 'contract',
  order: 99,
  dir: '/nonexistent',
  meta: {
    title: 'Contract',
    summary: 'Runtime contract tests',
    source: { article: 'top-10-rust-backend-2026', practice: 'Testing' },
    minutes: 5,
    objectives: ['Run'],
    rust: { listings: ['src/main.rs'], needsCrates: [] },
    exercise: { open: ['src/server.js'], preview: true, runOutput: 'listening', timeouts: { run: 60, check: 30 } },
    hints: ['none'],
  },
  markdown: { prose: '', exercise: '', instructor: '' },
  rust: { files: [] },
  starter: contractProject,
  solution: {},
  wrong: {},
  scripts: { run: 'node src/server.js', check: 'node --test --test-reporter=tap' },
};
