import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LessonSource } from '../../contracts/lesson-loader.ts';

/**
 * Type-checks every lesson's starter and solution with the options the page's editor uses (strict,
 * noUncheckedIndexedAccess, Node types), so a learner never opens a lesson full of red squiggles that
 * are not the exercise. All variants go into one temporary tree and one `tsc` run: each file is a
 * module, so they do not clash, and @types/node is read once.
 */
export async function typecheckLessons(lessons: LessonSource[], rootDir: string): Promise<Map<string, string[]>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'workbook-tsc-'));
  try {
    symlinkSync(path.join(rootDir, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    for (const lesson of lessons) {
      const variants = { starter: lesson.starter, solution: { ...lesson.starter, ...lesson.solution } };
      for (const [variant, files] of Object.entries(variants)) {
        for (const [file, text] of Object.entries(files)) {
          const target = path.join(dir, lesson.id, variant, file);
          mkdirSync(path.dirname(target), { recursive: true });
          writeFileSync(target, text);
        }
      }
    }
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          // DOM for the WebAssembly namespace (Node has the same global; @types/node does not declare it).
          lib: ['ES2023', 'DOM'],
          types: ['node'],
          strict: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: true,
          noEmit: true,
        },
        include: ['*/*/**/*.ts'],
        exclude: ['node_modules'],
      }),
    );
    const tsc = path.join(rootDir, 'node_modules', '.bin', 'tsc');
    const output = await promisify(execFile)(tsc, ['-p', '.', '--pretty', 'false'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 })
      .then(() => '')
      .catch((e: { stdout?: string }) => e.stdout ?? String(e));
    const errors = new Map<string, string[]>();
    for (const line of output.split('\n')) {
      const m = /^([^/]+)\/(starter|solution)\/(.+?\(\d+,\d+\): error .*)$/.exec(line.trim());
      if (!m) continue;
      const list = errors.get(m[1]!) ?? [];
      list.push(`${m[2]}/${m[3]}`);
      errors.set(m[1]!, list);
    }
    if (!errors.size && output.trim()) errors.set('(tsc)', [output.trim().slice(0, 2000)]);
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
