import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Lesson } from '../../../../contracts/lesson-schema.ts';
import { projectZip, standalonePackageJson } from './project-zip.ts';

const lesson = {
  id: '01-project-setup',
  order: 1,
  meta: { title: 'Project setup' },
  starter: {
    'package.json': JSON.stringify({ name: 'lesson-01', type: 'module', scripts: { run: 'node src/main.js', check: 'node --test --test-reporter=./_workbook/reporter.mjs' }, dependencies: { 'fast-check': '^4' } }),
    'src/config.ts': 'export const a = 1;\n',
    'test/config.test.ts': 'test\n',
  },
  rustExercise: { starter: { 'Cargo.toml': '[package]\nname = "x"\n', 'src/lib.rs': 'pub fn a() {}\n', 'tests/a.rs': '#[test] fn t() {}\n' } },
} as unknown as Lesson;

describe('project zip', () => {
  it('TypeScript: the learner’s files, a build step, and the lesson’s dependencies', () => {
    const zip = unzipSync(projectZip(lesson, 'typescript', { 'src/config.ts': 'export const a = 2;\n', 'test/config.test.ts': 'hacked', 'package.json': '{}' }));
    const text = (p: string) => strFromU8(zip[`01-project-setup-typescript/${p}`]!);
    expect(Object.keys(zip).sort()).toEqual(
      ['README.md', '_workbook/build.mjs', 'package.json', 'src/config.ts', 'test/config.test.ts'].map((p) => `01-project-setup-typescript/${p}`),
    );
    expect(text('src/config.ts')).toBe('export const a = 2;\n');
    expect(text('test/config.test.ts')).toBe('test\n');
    const pkg = JSON.parse(text('package.json')) as { scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.scripts.check).toBe('node _workbook/build.mjs && node --test --test-reporter=spec');
    expect(pkg.scripts.run).toBe('node _workbook/build.mjs && node src/main.js');
    expect(pkg.dependencies).toEqual({ 'fast-check': '^4' });
    expect(pkg.devDependencies.sucrase).toMatch(/^\^3/);
  });

  it('Rust: the crate as the learner has it, the manifest and tests the lesson’s', () => {
    const zip = unzipSync(projectZip(lesson, 'rust', { 'src/lib.rs': 'pub fn b() {}\n', 'Cargo.toml': 'evil' }));
    expect(strFromU8(zip['01-project-setup-rust/src/lib.rs']!)).toBe('pub fn b() {}\n');
    expect(strFromU8(zip['01-project-setup-rust/Cargo.toml']!)).toContain('name = "x"');
    expect(zip['01-project-setup-rust/tests/a.rs']).toBeDefined();
  });

  it('keeps the lesson’s other package.json fields', () => {
    expect(JSON.parse(standalonePackageJson('{"name":"n","type":"module","private":true}'))).toMatchObject({ name: 'n', type: 'module', private: true });
  });
});
