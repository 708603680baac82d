import { useEffect, useRef, useState } from 'react';
import type { ProjectFiles } from '../../runtime/types.ts';
import { loadEditorTypes, monaco } from './monaco-setup.ts';

/**
 * Monaco with one model per project file. The file tabs switch models; edits go back through
 * `onChange`; when the files change from outside (Reset, Show solution) the models follow.
 */
export interface CodeEditorProps {
  lessonId: string;
  files: ProjectFiles;
  order: string[];
  readOnly(path: string): boolean;
  onChange(path: string, text: string): void;
}

function languageOf(path: string) {
  if (path.endsWith('.ts')) return 'typescript';
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.md')) return 'markdown';
  return 'plaintext';
}

export function CodeEditor({ lessonId, files, order, readOnly, onChange }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const models = useRef(new Map<string, monaco.editor.ITextModel>());
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);
  const [active, setActive] = useState(order[0] ?? '');

  useEffect(() => {
    void loadEditorTypes();
    const editor = monaco.editor.create(host.current!, {
      ariaLabel: 'Editor',
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 14,
      tabSize: 2,
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      renderLineHighlight: 'line',
      theme: 'vs',
    });
    editorRef.current = editor;
    const owned = models.current;
    return () => {
      editor.dispose();
      for (const m of owned.values()) m.dispose();
      owned.clear();
    };
  }, [lessonId]);

  // Keep one model per file in sync with the session's files.
  useEffect(() => {
    for (const [path, text] of Object.entries(files)) {
      let model = models.current.get(path);
      if (!model) {
        const uri = monaco.Uri.parse(`file:///${lessonId}/${path}`);
        model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(text, languageOf(path), uri);
        model.onDidChangeContent(() => onChangeRef.current(path, model!.getValue()));
        models.current.set(path, model);
      }
      if (model.getValue() !== text) model.setValue(text);
    }
  }, [files, lessonId]);

  useEffect(() => {
    const editor = editorRef.current;
    const model = models.current.get(active);
    if (editor && model && editor.getModel() !== model) {
      editor.setModel(model);
      editor.updateOptions({ readOnly: readOnly(active) });
    }
  }, [active, files, readOnly]);

  return (
    <div className="editor">
      <div className="file-tabs" role="tablist" aria-label="Project files">
        {order.map((path) => (
          <button
            key={path}
            type="button"
            role="tab"
            aria-selected={path === active}
            className={path === active ? 'file-tab active' : 'file-tab'}
            onClick={() => setActive(path)}
            title={readOnly(path) ? `${path} (read-only: part of the exercise)` : path}
          >
            {path}
            {readOnly(path) && <span className="read-only-tag"> read-only</span>}
          </button>
        ))}
      </div>
      <div className="editor-host" ref={host} />
    </div>
  );
}
