import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFormat, findExercises, parseFrontmatter, parseOptions } from './verify-rust-exercises.ts';

const goodMarkdown = ['---', 'open: [src/lib.rs]', 'runOutput: "done"', 'hints:', '  - "one"', '  - "two"', '---', '1. Do it.', ''].join('\n');

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
}

function exercise(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rust-exercise-format-'));
  write(dir, {
    'exercise.md': goodMarkdown,
    'starter/Cargo.toml': '[package]\nname = "x-exercise"\n',
    'starter/src/lib.rs': 'pub fn f() {}\n',
    'starter/src/main.rs': 'fn main() {}\n',
    'starter/tests/check.rs': '#[test]\nfn t() {}\n',
    'solution/src/lib.rs': 'pub fn f() { /* solved */ }\n',
    'wrong/src/lib.rs': 'pub fn f() { /* wrong */ }\n',
    ...files,
  });
  return dir;
}

describe('parseOptions', () => {
  it('reads --debian and --only in both spellings', () => {
    const options = parseOptions(['--debian', '--only', '02-async-tokio', '--only=05-error-handling'], {});
    expect(options.source.kind).toBe('debian');
    expect(options.only).toEqual(['02-async-tokio', '05-error-handling']);
  });

  it('uses the configured registry by default', () => {
    expect(parseOptions([], {}).source.kind).toBe('configured');
    expect(parseOptions([], { WORKBOOK_CARGO_SOURCE: 'debian' }).source.kind).toBe('debian');
  });
});

describe('parseFrontmatter', () => {
  it('reads open, runOutput and hints', () => {
    expect(parseFrontmatter(goodMarkdown)).toEqual({ open: ['src/lib.rs'], runOutput: 'done', hints: ['one', 'two'] });
  });

  it('names the missing field', () => {
    expect(() => parseFrontmatter('---\nopen: [src/lib.rs]\nhints: [a, b]\n---\ntext\n')).toThrow(/runOutput/);
    expect(() => parseFrontmatter('---\nopen: [src/lib.rs]\nrunOutput: x\nhints: [a]\n---\ntext\n')).toThrow(/hints/);
    expect(() => parseFrontmatter('no frontmatter')).toThrow(/frontmatter/);
  });
});

describe('checkFormat', () => {
  it('accepts a well-formed exercise', () => {
    expect(checkFormat(exercise({})).problems).toEqual([]);
  });

  it('refuses tests/ or Cargo.toml in solution/ and wrong/', () => {
    const { problems } = checkFormat(exercise({ 'solution/tests/check.rs': '// easier\n', 'wrong/Cargo.toml': '[package]\n' }));
    expect(problems).toEqual([
      'solution/tests/check.rs: the learner may not edit tests/ or Cargo.toml',
      'wrong/Cargo.toml: the learner may not edit tests/ or Cargo.toml',
    ]);
  });

  it('refuses a variant file identical to starter and an open file starter lacks', () => {
    const md = goodMarkdown.replace('open: [src/lib.rs]', 'open: [src/lib.rs, src/routes.rs]');
    const { problems } = checkFormat(exercise({ 'exercise.md': md, 'wrong/src/lib.rs': 'pub fn f() {}\n' }));
    expect(problems).toEqual(['open lists src/routes.rs, which is not a file of starter/', 'wrong/src/lib.rs is identical to starter/src/lib.rs']);
  });
});

describe('findExercises', () => {
  it('finds only lessons with a rust-exercise folder, in order', () => {
    const lessons = mkdtempSync(path.join(tmpdir(), 'rust-exercise-lessons-'));
    write(lessons, { '01-b/rust-exercise/exercise.md': '', '00-a/rust-exercise/exercise.md': '', '02-c/lesson.md': '' });
    expect(findExercises(lessons).map((e) => e.id)).toEqual(['00-a', '01-b']);
  });
});
