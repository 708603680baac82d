import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { loadLessonSources, type LessonSource } from '../../contracts/lesson-loader.ts';
import { renderLesson } from './lesson-render.ts';
import type { LessonSummary } from '../../contracts/lesson-schema.ts';
import { collectEditorTypes } from './editor-types.ts';

/**
 * Makes lessons/ importable by the page:
 *   virtual:lessons          -> { lessonSummaries, loadLesson(slug) }   (one lazy chunk per lesson)
 *   virtual:editor-types     -> the URL of a JSON asset with the .d.ts files of @types/node and the
 *                               lessons' dependencies, for Monaco
 * Validation errors fail the build with the lesson's path and field (LessonError).
 * After the build, each route gets its own index.html so deep links work on any static host.
 */
const INDEX = 'virtual:lessons';
const LESSON_PREFIX = 'virtual:lesson/';
const TYPES = 'virtual:editor-types';
const EDITOR_TYPES_DEV_URL = '/@workbook/editor-types.json';

export function lessonsPlugin(options: { lessonsDir: string; rootDir: string }): Plugin {
  let sources: LessonSource[] | undefined;
  let outDir = '';
  const load = () => (sources ??= loadLessonSources(options.lessonsDir));
  let isBuild = false;
  let editorTypesJson = '[]';
  const routePreloads = new Map<string, string[]>();

  return {
    name: 'workbook-lessons',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      isBuild = config.command === 'build';
    },
    configureServer(server) {
      server.middlewares.use(EDITOR_TYPES_DEV_URL, (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(editorTypesJson);
      });
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
        const json = JSON.stringify(collectEditorTypes(options.rootDir, [...deps]));
        // A hashed asset rather than a JS module: fetched beside Monaco, JSON.parse instead of a JS
        // parse of 2.7 MB on the main thread, and cached for a year (the runner's /assets/ headers).
        if (isBuild) {
          const ref = this.emitFile({ type: 'asset', name: 'editor-types.json', source: json });
          return `export default import.meta.ROLLUP_FILE_URL_${ref};`;
        }
        editorTypesJson = json;
        return `export default ${JSON.stringify(EDITOR_TYPES_DEV_URL)};`;
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
    generateBundle(_options, bundle) {
      // What each route imports first (its page chunk, a lesson's content) and their static imports:
      // modulepreloaded from the route's index.html, so they download beside the entry, not after it.
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const closure = (match: (id: string) => boolean) => {
        const files = new Set<string>();
        const visit = (file: string) => {
          if (files.has(file)) return;
          files.add(file);
          for (const i of chunks.find((c) => c.fileName === file)?.imports ?? []) visit(i);
        };
        for (const c of chunks) if (c.facadeModuleId && match(c.facadeModuleId)) visit(c.fileName);
        return [...files];
      };
      const page = (name: string) => (id: string) => id.endsWith(`/features/${name}.tsx`);
      routePreloads.set('', closure(page('lessons/HomePage')));
      routePreloads.set('lab', closure(page('lab/LabPage')));
      const lessonPage = closure(page('lessons/LessonPage'));
      for (const l of load()) routePreloads.set(`lessons/${l.slug}`, [...lessonPage, ...closure((id) => id === `\0${LESSON_PREFIX}${l.id}`)]);
    },
    closeBundle() {
      if (!sources || !outDir) return;
      const index = path.join(outDir, 'index.html');
      let html: string;
      try {
        html = readFileSync(index, 'utf8');
      } catch {
        return;
      }
      const withPreloads = (route: string) => {
        const links = (routePreloads.get(route) ?? []).filter((f) => !html.includes(`/${f}"`)).map((f) => `    <link rel="modulepreload" crossorigin href="/${f}">\n`);
        return html.replace('  </head>', `${links.join('')}  </head>`);
      };
      for (const route of [...sources.map((l) => `lessons/${l.slug}`), 'lab']) {
        mkdirSync(path.join(outDir, route), { recursive: true });
        writeFileSync(path.join(outDir, route, 'index.html'), withPreloads(route));
      }
      writeFileSync(index, withPreloads(''));
    },
  };
}

function lessonFiles(source: LessonSource): string[] {
  return ['lesson.md', 'exercise.md', 'instructor.md'].map((f) => path.join(source.dir, f));
}
