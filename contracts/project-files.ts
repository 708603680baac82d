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
  /** 1-based, where sucrase's parser stopped (absent when it gave no place). */
  line?: number;
  column?: number;
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
      problems.push(describeSyntaxError(file, e as Error & { loc?: { line: number; column: number } }));
    }
  }
  return { files: out, problems };
}

/**
 * sucrase says "Error transforming src/main.ts: Unexpected token (1:11)": the learner needs "Syntax
 * error in src/main.ts:1:12: Unexpected token" (its column is 0-based; editors count from 1).
 */
function describeSyntaxError(file: string, e: Error & { loc?: { line: number; column: number } }): TranspileProblem {
  const reason = e.message.replace(/^Error transforming [^:]*: /, '').replace(/ \(\d+:\d+\)$/, '');
  return e.loc ? { file, message: reason, line: e.loc.line, column: e.loc.column + 1 } : { file, message: reason };
}

export function formatTranspileProblems(problems: TranspileProblem[]): string {
  return problems.map((p) => `✖ Syntax error in ${p.file}${p.line ? `:${p.line}:${p.column}` : ''}: ${p.message}\n`).join('');
}
