import { transform } from 'sucrase';
import type { ProjectFiles } from './project.ts';

/**
 * Turns a learner's TypeScript project into what Node runs: each `*.ts` becomes `*.js` with the types
 * stripped (sucrase keeps line numbers, so stack traces point at the learner's lines). Doing this
 * here rather than with a loader such as tsx inside the runtime keeps Run fast (no compiler start-up
 * per run) and identical in the local runner and in a WebContainer.
 * Type errors are the editor's job (Monaco's TypeScript worker); syntax errors are reported here.
 */
export interface TranspileProblem {
  file: string;
  message: string;
}

export function toRunnableFiles(files: ProjectFiles): { files: ProjectFiles; problems: TranspileProblem[] } {
  const out: ProjectFiles = {};
  const problems: TranspileProblem[] = [];
  for (const [file, text] of Object.entries(files)) {
    if (!file.endsWith('.ts') || file.endsWith('.d.ts')) {
      if (!file.endsWith('.d.ts')) out[file] = text;
      continue;
    }
    try {
      const { code } = transform(text, {
        transforms: ['typescript'],
        filePath: file,
        disableESTransforms: true,
        keepUnusedImports: false,
      });
      out[file.replace(/\.ts$/, '.js')] = code;
    } catch (e) {
      problems.push({ file, message: (e as Error).message });
    }
  }
  return { files: out, problems };
}

export function formatTranspileProblems(problems: TranspileProblem[]): string {
  return problems.map((p) => `✖ ${p.file}: ${p.message}\n`).join('');
}
