import { z } from 'zod';

/**
 * The contract of a lesson folder (see lessons/README.md). The loader validates every lesson against
 * these schemas at build time, so a mistake in content fails the build instead of the learner's page.
 */

import { ARTICLES } from './lesson-paths.ts';

export { ARTICLES, isRustLessonOwnedPath } from './lesson-paths.ts';

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const relativeFilePath = nonEmpty.refine(
  (p) => !p.startsWith('/') && !p.split('/').includes('..') && !p.includes('\\'),
  'must be a relative path inside the folder (no "..", no leading "/")',
);

export const frontmatterSchema = z.strictObject({
  title: nonEmpty,
  summary: nonEmpty,
  source: z.strictObject({
    article: z.enum(Object.keys(ARTICLES) as [keyof typeof ARTICLES, ...(keyof typeof ARTICLES)[]]),
    practice: nonEmpty,
  }),
  minutes: z.number().int().min(5).max(180),
  objectives: z.array(nonEmpty).min(1).max(6),
  rust: z.strictObject({
    listings: z.array(relativeFilePath).min(1),
    needsCrates: z.array(nonEmpty).default([]),
  }),
  exercise: z.strictObject({
    open: z.array(relativeFilePath).min(1),
    preview: z.boolean().default(false),
    runOutput: nonEmpty,
    timeouts: z
      .strictObject({ run: z.number().positive().max(600).optional(), check: z.number().positive().max(600).optional() })
      .default({}),
  }),
  hints: z.array(nonEmpty).min(1),
});

export type LessonFrontmatter = z.infer<typeof frontmatterSchema>;

/**
 * `rust-exercise/exercise.md`'s frontmatter: the Rust track of a lesson, a Cargo crate the learner
 * edits and `cargo test` checks (see lessons/README.md).
 */
export const rustExerciseFrontmatterSchema = z.strictObject({
  open: z.array(relativeFilePath).min(1),
  runOutput: nonEmpty,
  hints: z.array(nonEmpty).min(2).max(3),
  /** The crate's `cargo run` serves HTTP on PORT for the Preview (it then gets the host network). */
  preview: z.boolean().default(false),
});

export type RustExerciseFrontmatter = z.infer<typeof rustExerciseFrontmatterSchema>;


export interface RustExerciseSource {
  meta: RustExerciseFrontmatter;
  /** The task text in Markdown. */
  markdown: string;
  /** A complete crate: Cargo.toml, src/, tests/. */
  starter: ProjectFiles;
  /** Only the files that differ from the starter. */
  solution: ProjectFiles;
  /** A plausible wrong answer (files that differ from the starter); its `cargo test` must fail. */
  wrong: ProjectFiles;
}

export const projectPackageJsonSchema = z.looseObject({
  name: nonEmpty,
  type: z.literal('module'),
  scripts: z.looseObject({ run: nonEmpty, check: nonEmpty }),
  dependencies: z.record(z.string(), z.string()).optional(),
});

/** A project is a flat map from relative path to UTF-8 text. Binary assets are not part of lessons. */
export type ProjectFiles = Record<string, string>;

export interface Lesson {
  /** Folder name, e.g. "02-async-tokio". */
  id: string;
  /** URL segment, e.g. "async-tokio". */
  slug: string;
  order: number;
  meta: LessonFrontmatter;
  /** Prose, exercise and instructor notes rendered to HTML at build time. */
  html: { prose: string; exercise: string; instructor: string; hints: string[] };
  rust: { files: { path: string; code: string; html: string }[] };
  starter: ProjectFiles;
  /** Only the files that differ from the starter. */
  solution: ProjectFiles;
  /** A plausible wrong answer (files that differ from the starter); its check must fail. */
  wrong: ProjectFiles;
  scripts: { run: string; check: string };
  /** The Rust track (rust-exercise/): what the page needs of it. The wrong answer stays on the build side. */
  rustExercise?: Pick<RustExerciseSource, 'meta' | 'starter' | 'solution'> & { html: { exercise: string; hints: string[] } };
}

/** What the lesson list needs: small enough to ship on every page. */
export type LessonSummary = Pick<Lesson, 'id' | 'slug' | 'order'> & {
  title: string;
  summary: string;
  minutes: number;
};
