import editorTypesUrl from 'virtual:editor-types';

/**
 * The declaration files of Node and the lessons' dependencies for Monaco's TypeScript service: a
 * hashed JSON asset (about 2.7 MB, 0.5 MB gzipped; cached as immutable). The lab's kernel editor
 * (AssemblyScript) never asks for it.
 */
export type EditorTypeFile = { path: string; content: string };

let fetched: Promise<EditorTypeFile[]> | undefined;
export function fetchEditorTypes(): Promise<EditorTypeFile[]> {
  fetched ??= fetch(editorTypesUrl).then((r) => {
    if (!r.ok) throw new Error(`editor types: HTTP ${r.status}`);
    return r.json() as Promise<EditorTypeFile[]>;
  });
  return fetched;
}
