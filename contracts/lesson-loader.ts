import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import {
  frontmatterSchema,
  isRustLessonOwnedPath,
  projectPackageJsonSchema,
  rustExerciseFrontmatterSchema,
  type Lesson,
  type LessonFrontmatter,
  type ProjectFiles,
  type RustExerciseSource,
} from './lesson-schema.ts';

/**
 * Reads lessons/<nn-slug>/ folders, validates them, and returns plain data. Used by the Vite plugin
 * (build), the local runner (which scripts a lesson may run) and scripts/verify-lessons.ts.
 * Rendering Markdown to HTML lives in lesson-render.ts so that Node-side users need no highlighter.
 */

export class LessonError extends Error {
  constructor(
    readonly file: string,
    readonly field: string | undefined,
    reason: string,
  ) {
    super(`${file}${field ? `: field "${field}"` : ''}: ${reason}`);
    this.name = 'LessonError';
  }
}

export type LessonSource = Omit<Lesson, 'html' | 'rust' | 'rustExercise'> & {
  dir: string;
  markdown: { prose: string; exercise: string; instructor: string };
  rust: { files: { path: string; code: string }[] };
  /** The lesson's Rust track (rust-exercise/), when it has one. */
  rustExercise?: RustExerciseSource;
};

const FOLDER = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;
const IGNORED = new Set(['node_modules', 'target', '.DS_Store', 'Cargo.lock']);

export function listLessonFolders(lessonsDir: string): string[] {
  return readdirSync(lessonsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && FOLDER.test(e.name))
    .map((e) => e.name)
    .sort();
}

export function loadLessonSources(lessonsDir: string): LessonSource[] {
  const lessons = listLessonFolders(lessonsDir).map((name) => loadLessonSource(path.join(lessonsDir, name)));
  const seen = new Map<string, string>();
  for (const l of lessons) {
    const other = seen.get(l.slug);
    if (other) throw new LessonError(rel(l.dir), undefined, `slug "${l.slug}" is also used by ${other}`);
    seen.set(l.slug, rel(l.dir));
  }
  return lessons;
}

export function loadLessonSource(dir: string): LessonSource {
  const id = path.basename(dir);
  const match = FOLDER.exec(id);
  if (!match) throw new LessonError(rel(dir), undefined, 'folder name must look like "02-async-tokio"');
  const [, order, slug] = match as unknown as [string, string, string];

  const lessonFile = path.join(dir, 'lesson.md');
  const { data, body } = readFrontmatter(lessonFile);
  const meta = validate(frontmatterSchema, data, lessonFile);

  const starter = readTree(path.join(dir, 'starter'), true);
  const solution = readTree(path.join(dir, 'solution'), true);
  const wrong = readTree(path.join(dir, 'wrong'), false);
  const rustDir = path.join(dir, 'rust');
  requireDir(rustDir);

  const pkgFile = path.join(dir, 'starter', 'package.json');
  const pkgText = starter['package.json'];
  if (pkgText === undefined) throw new LessonError(rel(pkgFile), undefined, 'is missing');
  const pkg = validate(projectPackageJsonSchema, parseJson(pkgText, pkgFile), pkgFile);

  checkFilesExist(meta.exercise.open, starter, lessonFile, 'exercise.open', 'starter/');
  meta.rust.listings.forEach((p, i) => {
    if (!existsSync(path.join(rustDir, p))) {
      throw new LessonError(rel(lessonFile), `rust.listings[${i}]`, `rust/${p} does not exist`);
    }
  });
  if (Object.keys(solution).length === 0) {
    throw new LessonError(rel(path.join(dir, 'solution')), undefined, 'must contain the files that differ from starter/');
  }
  for (const [variant, files] of [['solution', solution], ['wrong', wrong]] as const) {
    for (const [p, text] of Object.entries(files)) {
      if (starter[p] === text) {
        throw new LessonError(rel(path.join(dir, variant, p)), undefined, 'is identical to the starter file; remove it');
      }
    }
  }

  const rustExercise = loadRustExercise(path.join(dir, 'rust-exercise'));

  return {
    id,
    slug,
    order: Number(order),
    dir,
    meta,
    markdown: {
      prose: body,
      exercise: readText(path.join(dir, 'exercise.md')),
      instructor: readText(path.join(dir, 'instructor.md')),
    },
    rust: { files: meta.rust.listings.map((p) => ({ path: p, code: readFileSync(path.join(rustDir, p), 'utf8') })) },
    starter,
    solution,
    wrong,
    scripts: { run: pkg.scripts.run, check: pkg.scripts.check },
    ...(rustExercise ? { rustExercise } : {}),
  };
}

/** rust-exercise/: exercise.md (frontmatter + task), starter/ (a whole crate), solution/, wrong/. */
function loadRustExercise(dir: string): RustExerciseSource | undefined {
  if (!existsSync(dir)) return undefined;
  const exerciseFile = path.join(dir, 'exercise.md');
  const { data, body } = readFrontmatter(exerciseFile);
  const meta = validate(rustExerciseFrontmatterSchema, data, exerciseFile);
  if (!body.trim()) throw new LessonError(rel(exerciseFile), undefined, 'has no task text after the frontmatter');
  const starter = readTree(path.join(dir, 'starter'), true);
  const solution = readTree(path.join(dir, 'solution'), true);
  const wrong = readTree(path.join(dir, 'wrong'), false);
  for (const required of ['Cargo.toml', 'src/lib.rs', 'src/main.rs']) {
    if (starter[required] === undefined) throw new LessonError(rel(path.join(dir, 'starter', required)), undefined, 'is missing (a Rust exercise is a library crate with a binary)');
  }
  // cargo finds integration tests as tests/<name>.rs, not in deeper folders.
  if (!Object.keys(starter).some((p) => /^tests\/[^/]+\.rs$/.test(p))) {
    throw new LessonError(rel(path.join(dir, 'starter', 'tests')), undefined, 'must hold the exercise\'s tests (tests/*.rs)');
  }
  checkFilesExist(meta.open, starter, exerciseFile, 'open', 'starter/');
  if (Object.keys(solution).length === 0) {
    throw new LessonError(rel(path.join(dir, 'solution')), undefined, 'must contain the files that differ from starter/');
  }
  for (const [variant, files] of [['solution', solution], ['wrong', wrong]] as const) {
    for (const [p, text] of Object.entries(files)) {
      const file = rel(path.join(dir, variant, p));
      if (isRustLessonOwnedPath(p)) throw new LessonError(file, undefined, 'is owned by the lesson (Cargo.toml and tests/ cannot differ from the starter)');
      if (starter[p] === text) throw new LessonError(file, undefined, 'is identical to the starter file; remove it');
    }
  }
  return { meta, markdown: body, starter, solution, wrong };
}

function readFrontmatter(file: string): { data: unknown; body: string } {
  const text = readText(file);
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) throw new LessonError(rel(file), undefined, 'must start with a YAML frontmatter block between "---" lines');
  try {
    return { data: parseYaml(m[1] ?? ''), body: m[2] ?? '' };
  } catch (e) {
    throw new LessonError(rel(file), undefined, `frontmatter is not valid YAML: ${(e as Error).message}`);
  }
}

function validate<S extends z.ZodType>(schema: S, data: unknown, file: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
  throw new LessonError(rel(file), field || undefined, issue.message);
}

function checkFilesExist(paths: string[], files: ProjectFiles, file: string, field: string, where: string) {
  paths.forEach((p, i) => {
    if (files[p] === undefined) throw new LessonError(rel(file), `${field}[${i}]`, `${where}${p} does not exist`);
  });
}

/** Reads a folder into { "src/a.ts": "..." } with forward slashes, skipping build output. */
export function readTree(dir: string, required: boolean): ProjectFiles {
  if (!existsSync(dir)) {
    if (required) throw new LessonError(rel(dir), undefined, 'folder is missing');
    return {};
  }
  const files: ProjectFiles = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (IGNORED.has(e.name)) continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) files[path.relative(dir, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

function requireDir(dir: string) {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new LessonError(rel(dir), undefined, 'folder is missing');
}

function readText(file: string): string {
  if (!existsSync(file)) throw new LessonError(rel(file), undefined, 'is missing');
  const text = readFileSync(file, 'utf8');
  if (!text.trim()) throw new LessonError(rel(file), undefined, 'is empty');
  return text;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new LessonError(rel(file), undefined, `is not valid JSON: ${(e as Error).message}`);
  }
}

function rel(p: string): string {
  return path.relative(process.cwd(), p) || p;
}

export type { LessonFrontmatter };
