// The editor API without the package's defaults (index.js registers ~80 grammars and the CSS, HTML and
// JSON language services with their workers): only what lesson projects and the lab's kernel editor use.
import * as monaco from 'monaco-editor/editor/editor.api';
// Contributions (as monaco-editor/editor/editor.main.js imports them, minus the unused ones).
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/caretOperations/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/codeAction/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/dnd/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/format/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/gotoLine/register';
import 'monaco-editor/features/gotoSymbol/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/links/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/parameterHints/register';
import 'monaco-editor/features/quickCommand/register';
import 'monaco-editor/features/readOnlyMessage/register';
import 'monaco-editor/features/referenceSearch/register';
import 'monaco-editor/features/rename/register';
import 'monaco-editor/features/smartSelect/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/toggleTabFocusMode/register';
import 'monaco-editor/features/unicodeHighlighter/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/wordPartOperations/register';
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/editor/contrib/caretOperations/browser/caretOperations';
import 'monaco-editor/editor/contrib/find/browser/findController';
import 'monaco-editor/editor/contrib/gotoSymbol/browser/goToCommands';
import 'monaco-editor/editor/contrib/gotoError/browser/markerSelectionStatus';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/common/standaloneStrings';
import 'monaco-editor/features/codicon/register';
// Grammars: TypeScript/JavaScript (also the lab's AssemblyScript), Rust, INI for Cargo.toml, Markdown.
import 'monaco-editor/languages/definitions/typescript/register';
import 'monaco-editor/languages/definitions/javascript/register';
import 'monaco-editor/languages/definitions/rust/register';
import 'monaco-editor/languages/definitions/ini/register';
import 'monaco-editor/languages/definitions/markdown/register';
// The TypeScript/JavaScript language service (types, hovers, diagnostics, completions).
import { typescriptDefaults } from 'monaco-editor/languages/features/typescript/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker';
import { jsonConf, jsonLanguage } from './json-language.ts';
import { fetchEditorTypes } from './editor-types.ts';

/**
 * Monaco is configured once per page, here: its web workers (bundled by Vite), the TypeScript
 * compiler options of lesson projects, and the declaration files of Node and the lessons'
 * dependencies (a hashed JSON asset of a few MB, fetched once and cached as immutable), so hovers and
 * diagnostics match what runs.
 */
self.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    if (label === 'typescript' || label === 'javascript') return new TsWorker();
    return new EditorWorker();
  },
};

// package.json (read-only in lessons): highlighting only, without the JSON language service's worker.
monaco.languages.register({ id: 'json', extensions: ['.json'], aliases: ['JSON'] });
monaco.languages.setMonarchTokensProvider('json', jsonLanguage);
monaco.languages.setLanguageConfiguration('json', jsonConf);

// Numbers rather than Monaco's enums: its typings stop at NodeJs, while its TypeScript 5.9 knows Bundler.
const MODULE_ESNEXT = 99;
const RESOLUTION_BUNDLER = 100;
const TARGET_ES2022 = 9;

typescriptDefaults.setCompilerOptions(<Parameters<typeof typescriptDefaults.setCompilerOptions>[0]>(<unknown>{
  target: TARGET_ES2022,
  module: MODULE_ESNEXT,
  moduleResolution: RESOLUTION_BUNDLER,
  // dom for the WebAssembly namespace, which Node has but @types/node does not declare.
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'], // file names: these options skip tsconfig's name mapping
  types: ['node'],
  strict: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
  allowImportingTsExtensions: true,
  esModuleInterop: true,
  skipLibCheck: true,
  verbatimModuleSyntax: false,
}));
typescriptDefaults.setEagerModelSync(true);

let typesLoaded: Promise<void> | undefined;
export function loadEditorTypes(): Promise<void> {
  typesLoaded ??= fetchEditorTypes().then((files) => {
    typescriptDefaults.setExtraLibs(files.map((f) => ({ content: f.content, filePath: f.path })));
  });
  return typesLoaded;
}

export { monaco };
