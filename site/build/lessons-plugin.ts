import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { loadLessonSources, type LessonSource } from '../../contracts/lesson-loader.ts';
import { renderLesson } from './lesson-render.ts';
import type { LessonSummary } from '../../contracts/lesson-schema.ts';
import { collectEditorTypes } from './editor-types.ts';

/**
 * Makes lessons/ importable by the page:
 *   virtual:lessons          -> { lessonSummaries, loadLesson(slug) }   (one lazy chunk per lesson)
 *   virtual:editor-types     -> .d.ts files of @types/node and the lessons' dependencies, for Monaco
 * Validation errors fail the build with the lesson's path and field (LessonError).
 * After the build, each route gets its own index.html so deep links work on any static host.
 */
const INDEX = 'virtual:lessons';
const LESSON_PREFIX = 'virtual:lesson/';
const TYPES = 'virtual:editor-types';

export function lessonsPlugin(options: { lessonsDir: string; rootDir: string }): Plugin {
  let sources: LessonSource[] | undefined;
  let outDir = '';
  const load = () => (sources ??= loadLessonSources(options.lessonsDir));

  return {
    name: 'workbook-lessons',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    buildStart() {
      sources = undefined;
      load();
    },
    resolveId(id) {
      if (id === INDEX || id === TYPES || id.startsWith(LESSON_PREFIX)) return `\0${id}`;
      return null;
    },
    async load(id) {
      if (!id.startsWith('\0')) return null;
      const name = id.slice(1);
      if (name === INDEX) {
        const lessons = load();
        const summaries: LessonSummary[] = lessons.map((l) => ({ id: l.id, slug: l.slug, order: l.order, title: l.meta.title, summary: l.meta.summary, minutes: l.meta.minutes }));
        const loaders = lessons.map((l) => `${JSON.stringify(l.slug)}: () => import(${JSON.stringify(LESSON_PREFIX + l.id)})`).join(',\n  ');
        return `export const lessonSummaries = ${JSON.stringify(summaries)};
const loaders = {\n  ${loaders}\n};
export async function loadLesson(slug) {
  const load = loaders[slug];
  return load ? (await load()).default : undefined;
}`;
      }
      if (name.startsWith(LESSON_PREFIX)) {
        const source = load().find((l) => l.id === name.slice(LESSON_PREFIX.length));
        if (!source) return null;
        for (const f of lessonFiles(source)) this.addWatchFile(f);
        return `export default ${JSON.stringify(await renderLesson(source))};`;
      }
      if (name === TYPES) {
        const deps = new Set<string>();
        for (const l of load()) {
          const pkg = JSON.parse(l.starter['package.json'] ?? '{}') as { dependencies?: Record<string, string> };
          for (const d of Object.keys(pkg.dependencies ?? {})) deps.add(d);
        }
        return `export default ${JSON.stringify(collectEditorTypes(options.rootDir, [...deps]))};`;
      }
      return null;
    },
    handleHotUpdate(ctx) {
      if (ctx.file.startsWith(options.lessonsDir)) {
        sources = undefined;
        ctx.server.ws.send({ type: 'full-reload' });
        return [];
      }
      return undefined;
    },
    closeBundle() {
      if (!sources || !outDir) return;
      const index = path.join(outDir, 'index.html');
      try {
        readFileSync(index);
      } catch {
        return;
      }
      for (const route of [...sources.map((l) => `lessons/${l.slug}`), 'lab']) {
        mkdirSync(path.join(outDir, route), { recursive: true });
        copyFileSync(index, path.join(outDir, route, 'index.html'));
      }
    },
  };
}

function lessonFiles(source: LessonSource): string[] {
  return ['lesson.md', 'exercise.md', 'instructor.md'].map((f) => path.join(source.dir, f));
}
