import { strToU8, zipSync } from 'fflate';
import type { Lesson, ProjectFiles } from '../../../../contracts/lesson-schema.ts';
import { isRustLessonOwnedPath } from '../../../../contracts/lesson-paths.ts';
import { isLessonOwnedPath } from '../../session/lesson-session.ts';

/**
 * "Download project": the current track's files as the learner has them, as a standalone project.
 * TypeScript: the lesson's project plus a tiny build step (sucrase strips the types, as the workbook's
 * runtime does), so `npm install && npm run check` works outside the workbook. Rust: the crate, so
 * `cargo test` works. No React, no storage.
 */
export type Track = 'typescript' | 'rust';

/** Strips the types of every .ts file in place (src/x.ts → src/x.js), like the workbook before a run. */
export const BUILD_SCRIPT = `// Written by the Rust Backend Workbook: turns each .ts file into the .js file Node runs.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transform } from 'sucrase';

function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '_workbook' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      const { code } = transform(readFileSync(path, 'utf8'), { transforms: ['typescript'], filePath: path, disableESTransforms: true, keepUnusedImports: false });
      writeFileSync(path.replace(/\\.ts$/, '.js'), code);
    }
  }
}
walk(process.cwd());
`;

export const SUCRASE_VERSION = '^3.35.1';

/** The learner's files: the starter with their saved changes to the files they may change. */
export function learnerFiles(starter: ProjectFiles, changed: ProjectFiles, owned: (path: string) => boolean): ProjectFiles {
  return Object.fromEntries(Object.keys(starter).map((p) => [p, !owned(p) && changed[p] !== undefined ? changed[p]! : starter[p]!]));
}

/** The standalone TypeScript project's package.json: the lesson's, with a build step before run and check. */
export function standalonePackageJson(lessonPackageJson: string): string {
  const pkg = JSON.parse(lessonPackageJson) as { scripts?: Record<string, string>; devDependencies?: Record<string, string> } & Record<string, unknown>;
  const run = pkg.scripts?.run ?? 'node src/main.js';
  return `${JSON.stringify(
    {
      ...pkg,
      scripts: { ...pkg.scripts, build: 'node _workbook/build.mjs', run: `node _workbook/build.mjs && ${run}`, check: 'node _workbook/build.mjs && node --test --test-reporter=spec' },
      devDependencies: { ...pkg.devDependencies, sucrase: SUCRASE_VERSION },
    },
    null,
    2,
  )}\n`;
}

function readme(lesson: Lesson, track: Track): string {
  const title = `${String(lesson.order).padStart(2, '0')} ${lesson.meta.title}`;
  return track === 'rust'
    ? `# ${title} — Rust exercise\n\nDownloaded from the Rust Backend Workbook.\n\n    cargo test   # the exercise's check\n    cargo run\n`
    : `# ${title} — TypeScript exercise\n\nDownloaded from the Rust Backend Workbook. Needs Node 20 or newer.\n\n    npm install\n    npm run check   # the exercise's tests\n    npm run run     # the program\n\n\`npm run build\` writes a .js file beside each .ts file (types stripped by sucrase); the scripts run it first.\n`;
}

/** The project's files for the archive (paths inside the project folder). */
export function projectFiles(lesson: Lesson, track: Track, changed: ProjectFiles): ProjectFiles {
  if (track === 'rust' && lesson.rustExercise) {
    return { ...learnerFiles(lesson.rustExercise.starter, changed, isRustLessonOwnedPath), 'README.md': readme(lesson, 'rust') };
  }
  const files = learnerFiles(lesson.starter, changed, isLessonOwnedPath);
  return {
    ...files,
    'package.json': standalonePackageJson(files['package.json'] ?? '{"name":"lesson","type":"module","scripts":{}}'),
    '_workbook/build.mjs': BUILD_SCRIPT,
    'README.md': readme(lesson, 'typescript'),
  };
}

export function projectFolderName(lesson: Lesson, track: Track): string {
  return `${lesson.id}-${track === 'rust' ? 'rust' : 'typescript'}`;
}

/** A zip with the project in one folder named after the lesson and track. */
export function projectZip(lesson: Lesson, track: Track, changed: ProjectFiles): Uint8Array {
  const folder = projectFolderName(lesson, track);
  const entries = Object.fromEntries(Object.entries(projectFiles(lesson, track, changed)).map(([p, text]) => [`${folder}/${p}`, strToU8(text)]));
  return zipSync(entries, { level: 6, mtime: new Date() });
}
