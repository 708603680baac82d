import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LessonError, loadLessonSource, loadLessonSources } from './lesson-loader.ts';

const VALID = path.resolve(import.meta.dirname, 'fixtures/lessons-valid');
const temps: string[] = [];

/** A copy of the valid fixture lesson, broken by `breakIt`, loaded as a lessons folder. */
function brokenLesson(breakIt: (lessonDir: string) => void): () => unknown {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lesson-fixture-'));
  temps.push(root);
  cpSync(VALID, root, { recursive: true });
  breakIt(path.join(root, '01-hello'));
  return () => loadLessonSources(root);
}

function editFrontmatter(dir: string, edit: (text: string) => string) {
  const file = path.join(dir, 'lesson.md');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
}

afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

describe('lesson loader', () => {
  it('loads a valid lesson with its starter, solution and listing', () => {
    const [lesson] = loadLessonSources(VALID);
    expect(lesson).toMatchObject({ id: '01-hello', slug: 'hello', order: 1 });
    expect(lesson!.scripts.check).toBe('node --test --test-reporter=tap');
    expect(Object.keys(lesson!.starter).sort()).toEqual(['package.json', 'src/greet.ts', 'src/main.ts', 'test/greet.test.ts']);
    expect(Object.keys(lesson!.solution)).toEqual(['src/greet.ts']);
    expect(lesson!.rust.files[0]!.path).toBe('src/main.rs');
    expect(lesson!.meta.exercise.preview).toBe(false);
    expect(lesson!.rustExercise?.meta.open).toEqual(['src/lib.rs']);
    expect(Object.keys(lesson!.rustExercise!.starter).sort()).toEqual(['Cargo.toml', 'src/lib.rs', 'src/main.rs', 'tests/greet.rs']);
    expect(Object.keys(lesson!.rustExercise!.wrong)).toEqual(['src/lib.rs']);
  });

  it('loads a lesson without a Rust exercise', () => {
    const load = brokenLesson((d) => rmSync(path.join(d, 'rust-exercise'), { recursive: true }));
    expect((load() as { rustExercise?: unknown }[])[0]!.rustExercise).toBeUndefined();
  });

  it.each([
    ['a missing required field', (d: string) => editFrontmatter(d, (t) => t.replace(/^minutes: .*\n/m, '')), /lesson\.md: field "minutes"/],
    ['a wrong type', (d: string) => editFrontmatter(d, (t) => t.replace(/^minutes: .*$/m, 'minutes: soon')), /lesson\.md: field "minutes"/],
    ['an unknown article', (d: string) => editFrontmatter(d, (t) => t.replace('top-10-rust-backend-2026', 'some-blog')), /field "source\.article"/],
    ['an unknown field', (d: string) => editFrontmatter(d, (t) => t.replace('minutes:', 'minuets: 3\nminutes:')), /lesson\.md: field "minuets"|Unrecognized key.*minuets/],
    ['an editor tab that does not exist', (d: string) => editFrontmatter(d, (t) => t.replace('open: [src/greet.ts]', 'open: [src/nope.ts]')), /field "exercise\.open\[0\]": starter\/src\/nope\.ts does not exist/],
    ['a listing that does not exist', (d: string) => editFrontmatter(d, (t) => t.replace('listings: [src/main.rs]', 'listings: [src/lib.rs]')), /field "rust\.listings\[0\]": rust\/src\/lib\.rs does not exist/],
    ['a path escaping the lesson', (d: string) => editFrontmatter(d, (t) => t.replace('listings: [src/main.rs]', 'listings: [../../etc/passwd]')), /field "rust\.listings\[0\]".*relative path/],
    ['broken YAML', (d: string) => editFrontmatter(d, (t) => t.replace('title: Hello', 'title: [Hello')), /lesson\.md: frontmatter is not valid YAML/],
    ['no frontmatter', (d: string) => writeFileSync(path.join(d, 'lesson.md'), '# Just prose\n'), /lesson\.md: must start with a YAML frontmatter/],
    ['a missing exercise.md', (d: string) => rmSync(path.join(d, 'exercise.md')), /exercise\.md: is missing/],
    ['an empty solution', (d: string) => rmSync(path.join(d, 'solution'), { recursive: true }), /solution: folder is missing/],
    ['a solution file identical to the starter', (d: string) => writeFileSync(path.join(d, 'solution/src/greet.ts'), readFileSync(path.join(d, 'starter/src/greet.ts'))), /solution\/src\/greet\.ts: is identical to the starter/],
    ['a package.json without a check script', (d: string) => writeFileSync(path.join(d, 'starter/package.json'), '{"name":"x","type":"module","scripts":{"run":"node a.js"}}'), /starter\/package\.json: field "scripts\.check"/],
    ['a package.json that is not JSON', (d: string) => writeFileSync(path.join(d, 'starter/package.json'), '{ nope'), /starter\/package\.json: is not valid JSON/],
    ['a Rust exercise without hints', (d: string) => writeFileSync(path.join(d, 'rust-exercise/exercise.md'), '---\nopen: [src/lib.rs]\nrunOutput: x\n---\nTask.\n'), /rust-exercise\/exercise\.md: field "hints"/],
    ['a Rust exercise tab that does not exist', (d: string) => writeFileSync(path.join(d, 'rust-exercise/exercise.md'), '---\nopen: [src/nope.rs]\nrunOutput: x\nhints: [a, b]\n---\nTask.\n'), /field "open\[0\]": starter\/src\/nope\.rs does not exist/],
    ['a Rust exercise without tests', (d: string) => rmSync(path.join(d, 'rust-exercise/starter/tests'), { recursive: true }), /rust-exercise\/starter\/tests: must hold the exercise's tests/],
    ['a Rust solution that edits the tests', (d: string) => cpSync(path.join(d, 'rust-exercise/starter/tests'), path.join(d, 'rust-exercise/solution/tests'), { recursive: true }), /rust-exercise\/solution\/tests\/greet\.rs: is owned by the lesson/],
    ['a Rust crate without Cargo.toml', (d: string) => rmSync(path.join(d, 'rust-exercise/starter/Cargo.toml')), /rust-exercise\/starter\/Cargo\.toml: is missing/],
    ['a Rust crate without src/lib.rs', (d: string) => rmSync(path.join(d, 'rust-exercise/starter/src/lib.rs')), /rust-exercise\/starter\/src\/lib\.rs: is missing/],
    ['a Rust exercise with one hint', (d: string) => writeFileSync(path.join(d, 'rust-exercise/exercise.md'), '---\nopen: [src/lib.rs]\nrunOutput: x\nhints: [h]\n---\nTask.\n'), /rust-exercise\/exercise\.md: field "hints"/],
    ['a Rust exercise with four hints', (d: string) => writeFileSync(path.join(d, 'rust-exercise/exercise.md'), '---\nopen: [src/lib.rs]\nrunOutput: x\nhints: [a, b, c, d]\n---\nTask.\n'), /rust-exercise\/exercise\.md: field "hints"/],
    ['a Rust exercise without task text', (d: string) => writeFileSync(path.join(d, 'rust-exercise/exercise.md'), '---\nopen: [src/lib.rs]\nrunOutput: x\nhints: [a, b]\n---\n'), /rust-exercise\/exercise\.md: has no task text/],
    ['a Rust wrong answer that edits Cargo.toml', (d: string) => writeFileSync(path.join(d, 'rust-exercise/wrong/Cargo.toml'), '[package]\n'), /rust-exercise\/wrong\/Cargo\.toml: is owned by the lesson/],
    ['a Rust wrong file identical to the starter', (d: string) => writeFileSync(path.join(d, 'rust-exercise/wrong/src/lib.rs'), readFileSync(path.join(d, 'rust-exercise/starter/src/lib.rs'))), /rust-exercise\/wrong\/src\/lib\.rs: is identical to the starter/],
  ])('fails on %s, naming the file and the field', (_name, breakIt, message) => {
    const load = brokenLesson(breakIt);
    expect(load).toThrow(LessonError);
    expect(load).toThrow(message);
  });

  it('names the lesson folder in every error', () => {
    const load = brokenLesson((d) => editFrontmatter(d, (t) => t.replace(/^hints:[\s\S]*?---/m, '---')));
    expect(load).toThrow(/01-hello\/lesson\.md: field "hints"/);
  });

  it('rejects a folder name without a number', () => {
    expect(() => loadLessonSource(path.join(VALID, 'hello'))).toThrow(/folder name must look like/);
  });
});
