import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LessonError } from '../contracts/lesson-loader.ts';
import { findExercises, parseOptions } from './verify-rust-exercises.ts';

// The format rules themselves (hints, open files, lesson-owned Cargo.toml and tests/, identical
// files) are the lesson loader's and are tested in contracts/lesson-loader.test.ts.
const VALID = path.resolve(import.meta.dirname, '../contracts/fixtures/lessons-valid');

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

describe('findExercises', () => {
  it('finds the lessons with a rust-exercise folder, through the lesson loader', () => {
    const [found] = findExercises(VALID);
    expect(found?.id).toBe('01-hello');
    expect(found?.exercise.meta.runOutput).toBe('Hello, Ada!');
    expect(Object.keys(found!.exercise.solution)).toEqual(['src/lib.rs']);
  });

  it('refuses a broken exercise, naming the file', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'rust-exercise-lessons-'));
    try {
      cpSync(VALID, root, { recursive: true });
      rmSync(path.join(root, '01-hello/rust-exercise/starter/tests'), { recursive: true });
      expect(() => findExercises(root)).toThrow(LessonError);
      expect(() => findExercises(root)).toThrow(/rust-exercise\/starter\/tests/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
