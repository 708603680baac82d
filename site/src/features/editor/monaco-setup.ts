// The full package: editor.api alone lacks hover, suggestions, find and the other contributions.
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import { typescriptDefaults } from 'monaco-editor/languages/features/typescript/register';

/**
 * Monaco is configured once per page, here: its web workers (bundled by Vite), the TypeScript
 * compiler options of lesson projects, and the declaration files of Node and the lessons'
 * dependencies (loaded lazily, they are a few MB), so hovers and diagnostics match what runs.
 */
self.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    if (label === 'typescript' || label === 'javascript') return new TsWorker();
    if (label === 'json') return new JsonWorker();
    return new EditorWorker();
  },
};

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
  typesLoaded ??= import('virtual:editor-types').then(({ default: files }) => {
    typescriptDefaults.setExtraLibs(files.map((f) => ({ content: f.content, filePath: f.path })));
  });
  return typesLoaded;
}

export { monaco };
