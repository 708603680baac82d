import { Marked } from 'marked';
import { createHighlighter, type Highlighter } from 'shiki';
import type { Lesson } from '../../contracts/lesson-schema.ts';
import type { LessonSource } from '../../contracts/lesson-loader.ts';

/**
 * Markdown and code to HTML at build time, so the page ships ready-made highlighted HTML and no
 * highlighter. Content is ours (lessons/), so the HTML is trusted.
 */
const LANGS = ['rust', 'typescript', 'javascript', 'toml', 'json', 'bash', 'shellsession', 'yaml', 'proto', 'graphql', 'http', 'sql', 'html', 'diff'] as const;
// Both themes in one rendering: light colours inline, the dark ones as --shiki-dark CSS variables
// that styles.css switches to under [data-theme='dark'].
const THEMES = { light: 'github-light', dark: 'github-dark' } as const;

let highlighter: Promise<Highlighter> | undefined;
function getHighlighter() {
  highlighter ??= createHighlighter({ themes: [THEMES.light, THEMES.dark], langs: [...LANGS] });
  return highlighter;
}

const ALIASES: Record<string, string> = { ts: 'typescript', js: 'javascript', sh: 'bash', shell: 'bash', console: 'shellsession', rs: 'rust', text: 'text', txt: 'text' };

export function highlight(h: Highlighter, code: string, lang: string | undefined): string {
  const wanted = ALIASES[lang ?? ''] ?? lang ?? 'text';
  const known = (LANGS as readonly string[]).includes(wanted) ? wanted : 'text';
  return h.codeToHtml(code.replace(/\n$/, ''), { lang: known, themes: THEMES, defaultColor: 'light' });
}

export async function renderMarkdown(markdown: string): Promise<string> {
  const h = await getHighlighter();
  const marked = new Marked({
    gfm: true,
    renderer: {
      code({ text, lang }) {
        return highlight(h, text, lang);
      },
    },
  });
  return marked.parse(markdown, { async: false });
}

const LANG_BY_EXT: Record<string, string> = { rs: 'rust', toml: 'toml', ts: 'typescript', js: 'javascript', mjs: 'javascript', json: 'json', proto: 'proto', md: 'text' };

export async function renderLesson(source: LessonSource): Promise<Lesson> {
  const h = await getHighlighter();
  const { dir: _dir, markdown, rust, rustExercise, ...rest } = source;
  return {
    ...rest,
    ...(rustExercise
      ? {
          rustExercise: {
            meta: rustExercise.meta,
            starter: rustExercise.starter,
            solution: rustExercise.solution,
            html: {
              exercise: await renderMarkdown(rustExercise.markdown),
              hints: await Promise.all(rustExercise.meta.hints.map((hint) => renderMarkdown(hint))),
            },
          },
        }
      : {}),
    html: {
      prose: await renderMarkdown(markdown.prose),
      exercise: await renderMarkdown(markdown.exercise),
      instructor: await renderMarkdown(markdown.instructor),
      hints: await Promise.all(source.meta.hints.map((hint) => renderMarkdown(hint))),
    },
    rust: {
      files: rust.files.map((f) => ({ ...f, html: highlight(h, f.code, LANG_BY_EXT[f.path.split('.').pop() ?? ''] ?? 'text') })),
    },
  };
}
