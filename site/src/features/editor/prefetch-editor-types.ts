import { fetchEditorTypes } from './editor-types.ts';

// CodeEditor.tsx imports this module first: the declarations' download starts as soon as the editor's
// chunks have arrived, while Monaco's own modules are evaluated, rather than after them.
fetchEditorTypes().catch(() => undefined);
