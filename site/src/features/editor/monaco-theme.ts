import type * as Monaco from 'monaco-editor/editor/editor.api';
import { theme, type Theme } from '../../shared/theme.ts';

/**
 * Monaco's own "vs" and "vs-dark" themes with the token colours that fall short of WCAG AA (4.5:1
 * against the editor's background) replaced: vs-dark's comments (#608B4E, 4.2:1), regular expressions
 * (#B46695, 4.2:1) and predefined variables (#4864AA, 2.9:1), and the grey and red tokens of both. The
 * rest of each theme is inherited, so the editor still looks like Monaco.
 */
const LIGHT = 'workbook-light';
const DARK = 'workbook-dark';

const LIGHT_RULES: Monaco.editor.ITokenThemeRule[] = [
  { token: 'annotation', foreground: '6E6E6E' },
  { token: 'metatag.html', foreground: '6E6E6E' },
  { token: 'metatag.xml', foreground: '6E6E6E' },
  { token: 'metatag.content.html', foreground: 'D00000' },
  { token: 'attribute.name', foreground: 'D00000' },
  { token: 'string.sql', foreground: 'D00000' },
  { token: 'operator.sql', foreground: '5E6B78' },
];

const DARK_RULES: Monaco.editor.ITokenThemeRule[] = [
  { token: 'comment', foreground: '6A9955' },
  { token: 'regexp', foreground: 'D484B4' },
  { token: 'variable.predefined', foreground: '7B9BD6' },
  { token: 'annotation', foreground: 'D77A7A' },
  { token: 'delimiter.html', foreground: '909090' },
  { token: 'delimiter.xml', foreground: '909090' },
  { token: 'tag.id.pug', foreground: '7E9FD6' },
  { token: 'tag.class.pug', foreground: '7E9FD6' },
  { token: 'string.sql', foreground: 'FF6B6B' },
];

const defined = new WeakSet<object>();

/** The Monaco theme for the page's colour scheme (defined on first use). */
export function monacoTheme(monaco: typeof Monaco, t: Theme): string {
  if (!defined.has(monaco.editor)) {
    defined.add(monaco.editor);
    monaco.editor.defineTheme(LIGHT, { base: 'vs', inherit: true, rules: LIGHT_RULES, colors: {} });
    monaco.editor.defineTheme(DARK, { base: 'vs-dark', inherit: true, rules: DARK_RULES, colors: {} });
  }
  return t === 'dark' ? DARK : LIGHT;
}

/**
 * Monaco's theme is global: an editor created with `monacoTheme(monaco, theme.get())` keeps the page's
 * light or dark scheme through this subscription. Returns the unsubscribe, for the editor's disposal.
 */
export function followPageTheme(monaco: typeof Monaco): () => void {
  return theme.subscribe((t) => monaco.editor.setTheme(monacoTheme(monaco, t)));
}
